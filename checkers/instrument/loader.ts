/**
 * Loading a user's program: instrument its whole local module graph into the cache (graph.ts),
 * import the instrumented entry and describe it as a core Program. A program that cannot be
 * loaded (syntax error, missing import, a throw at top level) is one UsageError line naming the
 * file and the cause (load-error.ts).
 */
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { UsageError } from "../../core/errors.ts";
import { installRuntime } from "../../core/instrument-runtime.ts";
import type { Program } from "../../core/program.ts";
import { defaultCacheDir } from "./cache-dir.ts";
import { instrumentGraph, readSource, sha256, type Graph } from "./graph.ts";
import { explainLoadError } from "./load-error.ts";

export { defaultCacheDir } from "./cache-dir.ts";
export { sha256 } from "./graph.ts";
export { PACKAGE_ROOT } from "./self.ts";
import { ensureTypeScriptLoaderFor } from "./ts-loader.ts";

export interface LoadOptions {
  /** instrument loads and stores (default true); false imports the file as it is (its imports are not followed) */
  instrument?: boolean;
  /** where instrumented modules are cached (default: see cache-dir.ts, or $MPISIM_CACHE_DIR) */
  cacheDir?: string;
}

export interface CachedModule {
  /** absolute path of the instrumented entry (.mjs) */
  file: string;
  /** true when it was already in the cache */
  hit: boolean;
  /** the entry's source text */
  source: string;
  /** the program hash (the whole local module graph) */
  hash: string;
}

/** Instrument the graph of `path` into the cache (or find it there). TypeScript is only loaded on a miss. */
export async function instrumentToCache(path: string, cacheDir?: string): Promise<CachedModule> {
  const g = await instrumentGraph(path, cacheDir ?? defaultCacheDir());
  return { file: g.file, hit: g.hit, source: g.modules[0]!.source, hash: g.hash };
}

/** Load a program file (instrumented unless `instrument: false`). */
export async function loadProgram(path: string, opts: LoadOptions = {}): Promise<Program> {
  const abs = resolve(path);
  const instrument = opts.instrument ?? true;
  let mod: Record<string, unknown>;
  let hash: string;
  if (instrument) {
    installRuntime();
    // stack traces through the cached .mjs should name the user's .ts lines
    process.setSourceMapsEnabled?.(true);
    const graph = await instrumentGraph(path, opts.cacheDir ?? defaultCacheDir());
    hash = graph.hash;
    mod = await importOrExplain(graph.file, graph);
  } else {
    const source = readSource(path, abs);
    hash = sha256(source).slice(0, 16);
    mod = await importOrExplain(abs, { file: abs, modules: [{ abs, shown: path, source, name: abs, imports: [] }] });
  }
  return describeModule(mod, { name: path, path: abs, hash, instrumented: instrument });
}

async function importOrExplain(file: string, graph: Pick<Graph, "file" | "modules"> & { dir?: string }): Promise<Record<string, unknown>> {
  await ensureTypeScriptLoaderFor(file);
  try {
    return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw await explainLoadError(e, graph);
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
