#!/usr/bin/env node
// The mpisim command as installed: the compiled CLI (dist/cli/bin.js). The repository's own tests
// run the sources instead, through bin/mpisim.mjs.
import { fileURLToPath } from "node:url";
import { runCommand } from "./entry.ts";

process.exitCode = await runCommand(fileURLToPath(import.meta.url), process.argv.slice(2));
