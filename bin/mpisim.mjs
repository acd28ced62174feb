#!/usr/bin/env node
// The mpisim command run from the TypeScript sources through tsx (the repository's tests use it, so
// they never run a stale dist/). The installed command is the compiled dist/cli/bin.js.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register();
const { runCommand } = await import("../cli/entry.ts");
process.exitCode = await runCommand(fileURLToPath(import.meta.url), process.argv.slice(2));
