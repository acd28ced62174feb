/**
 * Where mpisim itself lives, for the modules it instruments: `import "mpisim"` inside a user's
 * module must reach the very entry the running simulator was loaded from (one instance of its
 * classes), whether that is the TypeScript sources (tests, tsx) or the compiled JavaScript of an
 * installed package. Both keep the same layout, so the entry is found relative to this file with
 * this file's own extension; a package.json `exports` lookup is the fallback.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { OWN_EXT, OWN_ROOT, ownModule as ownModuleUrl } from "../../core/self.ts";

export { OWN_EXT };

/** The folder holding index.ts (sources) or index.js (compiled). */
export const PACKAGE_ROOT = OWN_ROOT;

/** An mpisim module's file path, by its path from the package root without extension, e.g. "core/instrument-runtime". */
export function ownModule(path: string): string {
  return fileURLToPath(ownModuleUrl(path));
}

const SUBPATHS: Record<string, string> = { mpisim: "index", "mpisim/vitest": "vitest" };
const selfUrls = new Map<string, string | undefined>();

/** The file: URL that a bare `mpisim` / `mpisim/vitest` import inside an instrumented module should load. */
export function selfImport(spec: string): string | undefined {
  if (!(spec in SUBPATHS)) return undefined;
  if (!selfUrls.has(spec)) {
    const beside = ownModule(SUBPATHS[spec]!);
    selfUrls.set(spec, existsSync(beside) ? pathToFileURL(beside).href : fromPackageJson(spec));
  }
  return selfUrls.get(spec);
}

/** Resolve through the nearest package.json named mpisim (its "exports": string or import/default). */
function fromPackageJson(spec: string): string | undefined {
  for (let dir = PACKAGE_ROOT; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; exports?: Record<string, unknown> };
        if (pkg.name === "mpisim") {
          const sub = spec === "mpisim" ? "." : `./${spec.slice("mpisim/".length)}`;
          const target = pickTarget(pkg.exports?.[sub]);
          return target === undefined ? undefined : pathToFileURL(join(dir, target)).href;
        }
      } catch {
        // unreadable package.json: keep walking up
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function pickTarget(t: unknown): string | undefined {
  if (typeof t === "string") return t;
  if (t !== null && typeof t === "object") {
    const o = t as Record<string, unknown>;
    return pickTarget(o.import ?? o.default);
  }
  return undefined;
}
