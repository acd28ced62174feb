/**
 * Loading a user's program: read the file, instrument it (cached on disk by content), import the
 * instrumented module and describe it as a core Program.
 *
 * The instrumented module runs from the cache directory, so its relative imports are rewritten to
 * absolute file: URLs of the originals (those modules are loaded by tsx/vite as they are, not
 * instrumented), `import "mpisim"` to this package's index.ts, and `import.meta.url` to the
 * original file's URL.
 */
import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { UsageError } from "../../core/errors.ts";
import { installRuntime } from "../../core/instrument-runtime.ts";
import type { Program } from "../../core/program.ts";
import { TRANSFORM_VERSION } from "./version.ts";
import { ownModule } from "../../core/self.ts";
import { ensureTypeScriptLoaderFor } from "./ts-loader.ts";

export interface LoadOptions {
  /** instrument loads and stores (default true); false imports the file as it is */
  instrument?: boolean;
  /** where instrumented modules are cached (default: node_modules/.cache/mpisim of the mpisim package, else the OS temp dir) */
  cacheDir?: string;
}

/** The mpisim package root (this file is checkers/instrument/loader.ts). */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Is this module running under Vite's module runner (vitest)? Then `import()` goes through Vite,
 * which hands any .mjs under node_modules/ to Node untransformed, and Node cannot import the .ts
 * files an instrumented program refers to; so the cache must live outside node_modules.
 */
const UNDER_VITE = typeof (import.meta as { env?: unknown }).env === "object";

let defaultCache: string | undefined;

export function defaultCacheDir(): string {
  if (defaultCache !== undefined) return defaultCache;
  const preferred = UNDER_VITE ? join(process.cwd(), ".mpisim-cache") : join(PACKAGE_ROOT, "node_modules", ".cache", "mpisim");
  for (const dir of [preferred, join(tmpdir(), "mpisim-cache")]) {
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
      return (defaultCache = dir);
    } catch {
      // not writable (read-only install): try the next one
    }
  }
  throw new UsageError(`cannot create a cache directory for instrumented programs (tried ${preferred} and ${tmpdir()})`);
}

/** `import "mpisim"` and `"mpisim/vitest"` in a program: this copy's own entries (sources or dist/). */
function selfImport(spec: string): string | undefined {
  if (spec === "mpisim") return ownModule("index").href;
  if (spec === "mpisim/vitest") return ownModule("vitest").href;
  return undefined;
}

function specifierRewriter(absFile: string, cacheFile: string): (spec: string) => string | undefined {
  return (spec) => {
    if (spec.startsWith("./") || spec.startsWith("../") || spec === "." || spec === "..") {
      return pathToFileURL(resolve(dirname(absFile), spec)).href;
    }
    if (isAbsolute(spec)) return pathToFileURL(spec).href;
    if (/^[a-z][a-z0-9+.-]*:/i.test(spec) || isBuiltin(spec)) return undefined; // node:, file:, data:
    const self = selfImport(spec);
    if (self !== undefined) return self;
    // A bare package: resolved from the cache dir it would find mpisim's dependencies; if the
    // user's own folder resolves it elsewhere, point at that (best effort, CommonJS resolution).
    try {
      const fromUser = createRequire(absFile).resolve(spec);
      let fromCache: string | undefined;
      try {
        fromCache = createRequire(cacheFile).resolve(spec);
      } catch {
        fromCache = undefined;
      }
      return fromUser === fromCache ? undefined : pathToFileURL(fromUser).href;
    } catch {
      return undefined;
    }
  };
}

export interface CachedModule {
  /** absolute path of the instrumented .mjs */
  file: string;
  /** true when it was already in the cache */
  hit: boolean;
  /** the user's source text */
  source: string;
}

let tmpSeq = 0;

/** Instrument `path` into the cache (or find it there). TypeScript is only loaded on a miss. */
export async function instrumentToCache(path: string, cacheDir?: string): Promise<CachedModule> {
  const abs = resolve(path);
  const source = readSource(path, abs);
  const dir = cacheDir ?? defaultCacheDir();
  const key = sha256([TRANSFORM_VERSION, path, abs, PACKAGE_ROOT, UNDER_VITE, source].join("\0")).slice(0, 24);
  const file = join(dir, `${basename(abs).replace(/\.[^.]*$/, "").replace(/[^\w.-]/g, "_")}-${key}.mjs`);
  if (existsSync(file)) return { file, hit: true, source };
  const url = pathToFileURL(abs).href;
  const { instrumentSource } = await import("./transform.ts");
  const out = instrumentSource(source, path, {
    specifier: specifierRewriter(abs, file),
    importMeta: { url, filename: abs, dirname: dirname(abs) },
    mapSource: url,
  });
  const inline = Buffer.from(out.map, "utf8").toString("base64");
  mkdirSync(dir, { recursive: true });
  // write-then-rename: parallel workers loading the same program never see half a file
  const tmp = `${file}.${process.pid}.${++tmpSeq}.tmp`;
  writeFileSync(tmp, `${out.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${inline}\n`);
  renameSync(tmp, file);
  return { file, hit: false, source };
}

function readSource(path: string, abs: string): string {
  try {
    return readFileSync(abs, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `${path}: no such file` : `${path}: cannot read (${code ?? String(e)})`);
  }
}

/** Load a program file (instrumented unless `instrument: false`). */
export async function loadProgram(path: string, opts: LoadOptions = {}): Promise<Program> {
  const abs = resolve(path);
  let mod: Record<string, unknown>;
  let source: string;
  const instrument = opts.instrument ?? true;
  if (instrument) {
    installRuntime();
    // stack traces through the cached .mjs should name the user's .ts lines
    process.setSourceMapsEnabled?.(true);
    const cached = await instrumentToCache(path, opts.cacheDir);
    source = cached.source;
    mod = await importOrExplain(cached.file, path, source);
  } else {
    source = readSource(path, abs);
    mod = await importOrExplain(abs, path, source);
  }
  return describeModule(mod, { name: path, path: abs, hash: sha256(source).slice(0, 16), instrumented: instrument });
}

async function importOrExplain(file: string, shownPath: string, source: string): Promise<Record<string, unknown>> {
  await ensureTypeScriptLoaderFor(file);
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    // Node throws a SyntaxError; vite (vitest) a RolldownError "Parse failure"
    const parseFailure = e instanceof SyntaxError || (e instanceof Error && /\bparse failure\b|syntaxerror/i.test(`${e.name} ${e.message}`));
    if (!parseFailure) throw e;
    // Node does not say where a module failed to parse; TypeScript's grammar checks usually can.
    const { grammarError } = await import("./analyze.ts");
    const where = grammarError(source, shownPath);
    throw new UsageError(where ? `${shownPath}:${where[0]}:${where[1]}: ${where[2]}` : `${shownPath}: ${(e as Error).message.split("\n")[0]}`);
  }
}

interface Described {
  name: string;
  path?: string;
  hash: string;
  instrumented: boolean;
}

function describeModule(mod: Record<string, unknown>, d: Described): Program {
  const main = mod.default;
  if (typeof main !== "function") {
    throw new UsageError(
      `${d.name}: ${main === undefined ? "no default export" : "the default export is not a function"}; a program must \`export default async function main(MPI) { … }\``,
    );
  }
  const ranks = mod.ranks;
  const check = mod.check;
  return {
    name: d.name,
    path: d.path,
    hash: d.hash,
    main: main as Program["main"],
    ranks: typeof ranks === "number" && Number.isInteger(ranks) && ranks > 0 ? ranks : undefined,
    check: typeof check === "function" ? (check as Program["check"]) : undefined,
    instrumented: d.instrumented,
    exports: mod,
  };
}

export interface FunctionProgramOptions {
  name?: string;
  ranks?: number;
  check?: Program["check"];
}

/** A Program from a plain function (not instrumented: only its MPI calls are seen). */
export function programFromFunction(fn: (MPI: never) => Promise<void> | void, opts: FunctionProgramOptions = {}): Program {
  if (typeof fn !== "function") throw new UsageError("programFromFunction: expected a function (the rank body)");
  if (opts.ranks !== undefined && !(Number.isInteger(opts.ranks) && opts.ranks > 0)) {
    throw new UsageError(`programFromFunction: ranks must be a positive integer, got ${String(opts.ranks)}`);
  }
  const name = opts.name ?? (fn.name !== "" ? fn.name : "anonymous");
  return {
    name,
    hash: sha256(fn.toString()).slice(0, 16),
    main: fn as Program["main"],
    ranks: opts.ranks,
    check: opts.check,
    instrumented: false,
    exports: {},
  };
}
