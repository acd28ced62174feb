import { fileURLToPath } from "node:url";

/**
 * Where this copy of mpisim runs from: its sources (the repository's tests, through tsx or vite)
 * or the compiled dist/ of an installed package. Code that names one of mpisim's own modules by
 * path (the instrumented program's `import "mpisim"`, the vite plugin's runtime import, the
 * worker threads' entry) goes through here, so both layouts resolve to the modules already loaded
 * — one instance of the world and of the instrumentation runtime.
 */
export const OWN_EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".js";

/** The folder holding index, core/, scheduler/… of this copy (the package root, or its dist/). */
export const OWN_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** file: URL of one of mpisim's own modules, given without extension from OWN_ROOT ("index", "core/instrument-runtime"). */
export function ownModule(path: string): URL {
  return new URL(`../${path}${OWN_EXT}`, import.meta.url);
}
