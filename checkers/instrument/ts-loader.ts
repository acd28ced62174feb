import { readFileSync } from "node:fs";
import { OWN_EXT } from "../../core/self.ts";

let registered: Promise<void> | undefined;

/** An import of a TypeScript file by file: URL, as the instrumented program imports its own helpers. */
const TS_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']file:[^"']*\.[cm]?tsx?["']/;

/**
 * Node 20 cannot import TypeScript by itself. An instrumented program is plain JavaScript, but it
 * may import the user's other .ts modules; only then does the compiled package register tsx's
 * loader (once per process: registering costs about as much as a bare Node start, so a program
 * that needs none, and `mpisim list`, never pay for it). From mpisim's own sources (the
 * repository's tests) tsx or vite already loads TypeScript: nothing to do.
 */
export async function ensureTypeScriptLoaderFor(file: string): Promise<void> {
  if (OWN_EXT === ".ts" || registered) return registered;
  if (!/\.[cm]?tsx?$/.test(file) && !TS_IMPORT.test(readFileSync(file, "utf8"))) return;
  registered = import("tsx/esm/api").then((tsx) => {
    tsx.register();
  });
  return registered;
}
