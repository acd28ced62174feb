/**
 * Which imports of a program belong to its local module graph (and so are instrumented too):
 * relative, absolute or file: specifiers that resolve to a JavaScript/TypeScript ES module outside
 * node_modules and outside mpisim itself. Resolution follows what tsx and TypeScript accept:
 * the exact file, a `.js` spelling of a `.ts` file, an omitted extension, a folder's index.
 *
 * No TypeScript here: a cache hit re-checks resolutions with this alone.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "./self.ts";

/** ES module sources the transform handles (.cts/.cjs are CommonJS: loaded as they are). */
const INSTRUMENTABLE = /\.(?:m?ts|tsx|m?js|jsx)$/i;
const TRY_EXTS = [".ts", ".tsx", ".mts", ".js", ".mjs", ".jsx"];
/** a `.js` spelling that names a TypeScript file (TypeScript's NodeNext convention) */
const TS_TWINS: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".mjs": [".mts"], ".jsx": [".tsx"], ".cjs": [".cts"] };

/** mpisim's own modules are never instrumented: a program shares the simulator's instances. */
const OWN = ["core", "scheduler", "checkers", "cli", "bin"].map((d) => join(PACKAGE_ROOT, d) + sep);
const OWN_FILES = /^(?:index|vitest)\.[cm]?[jt]s$/;

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The file a path-like specifier names, or undefined (bare package, builtin, URL, missing). */
export function resolveFile(spec: string, importer: string): string | undefined {
  let base: string;
  if (spec.startsWith("file:")) {
    try {
      base = fileURLToPath(spec);
    } catch {
      return undefined;
    }
  } else if (spec === "." || spec === ".." || spec.startsWith("./") || spec.startsWith("../")) {
    base = resolve(dirname(importer), spec);
  } else if (isAbsolute(spec)) {
    base = spec;
  } else {
    return undefined;
  }
  if (/[?#]/.test(spec)) return undefined;
  if (isFile(base)) return base;
  const ext = /\.[cm]?jsx?$/i.exec(base)?.[0]?.toLowerCase();
  if (ext !== undefined) {
    for (const twin of TS_TWINS[ext] ?? []) {
      const p = base.slice(0, -ext.length) + twin;
      if (isFile(p)) return p;
    }
    return undefined;
  }
  for (const e of TRY_EXTS) if (isFile(base + e)) return base + e;
  for (const e of TRY_EXTS) if (isFile(join(base, "index" + e))) return join(base, "index" + e);
  return undefined;
}

/** Is this resolved file part of the program's local graph (instrumented)? */
export function isLocalModule(file: string): boolean {
  if (!INSTRUMENTABLE.test(file) || /[\\/]node_modules[\\/]/.test(file)) return false;
  if (OWN.some((d) => file.startsWith(d))) return false;
  return !(dirname(file) + sep === PACKAGE_ROOT && OWN_FILES.test(file.slice(PACKAGE_ROOT.length)));
}

/**
 * A `.js`/`.jsx` file written as CommonJS (require/module.exports and no import/export) cannot
 * become the ES module the transform emits: it is loaded as it is (and not instrumented).
 */
export function looksCommonJs(file: string): boolean {
  if (!/\.jsx?$/i.test(file)) return false;
  let src: string;
  try {
    src = readFileSync(file, "utf8");
  } catch {
    return false;
  }
  return /\bmodule\.exports\b|\bexports\.\w+\s*=|\brequire\s*\(/.test(src) && !/^\s*(?:import|export)\b/m.test(src);
}
