/**
 * The instrumented copy of a program's whole local module graph, in the cache.
 *
 * Every module the entry reaches through relative imports (static, `export … from`, `import()`
 * with a literal) that resolves to a local ES module (resolve.ts) is instrumented once, into one
 * folder per graph: `<cache>/g-<key>/<name>-<hash of its path>.mjs`. Modules there import each
 * other by relative specifiers, so each is one module instance however many modules import it,
 * and cycles need nothing special. Everything else (packages, builtins, JSON, mpisim itself) is
 * imported from where it is, by absolute URL.
 *
 * The key covers every module's path, content and resolved imports: editing a helper is a new
 * graph, and a new program hash. A small manifest per entry remembers its last graph, so a cache
 * hit only reads and hashes the files (and re-checks resolutions): TypeScript is never loaded.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { UsageError } from "../../core/errors.ts";
import { UNDER_VITE } from "./cache-dir.ts";
import { isLocalModule, looksCommonJs, resolveFile } from "./resolve.ts";
import { PACKAGE_ROOT, selfImport } from "./self.ts";
import { TRANSFORM_VERSION } from "./version.ts";

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export interface GraphModule {
  /** absolute path of the user's file */
  abs: string;
  /** the name locations show: the entry as given, other modules relative to the current directory */
  shown: string;
  source: string;
  /** file name inside the graph folder */
  name: string;
  /** [specifier, classify()'s answer] for each path-like import, in source order */
  imports: Array<[string, string]>;
}

export interface Graph {
  /** absolute path of the instrumented entry (.mjs) */
  file: string;
  dir: string;
  /** entry first, then the other modules in discovery order */
  modules: GraphModule[];
  /** true when the cache already held this graph */
  hit: boolean;
  /** program hash (16 hex): the entry's source alone for a one-module program, else the whole graph */
  hash: string;
}

interface Manifest {
  key: string;
  modules: Array<{ abs: string; shown: string; sha: string; imports: Array<[string, string]> }>;
}

/** The name a module's locations and messages use (relative to the current directory when inside it). */
export function shownName(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? abs : rel.split(sep).join("/");
}

function cacheName(abs: string): string {
  // no dots from the user's name: a `.mpi.ts` entry must not match the Vite plugin's include
  const stem = basename(abs).replace(/\.[^.]*$/, "").replace(/[^\w-]/g, "_");
  return `${stem}-${sha256(abs).slice(0, 10)}.mjs`;
}

/**
 * The program hash in schedule tokens. A one-module program keeps the hash of its source (tokens
 * made before graphs were followed stay valid); otherwise every module counts, named relative to
 * the entry so the hash is the same on any machine.
 */
export function programHash(modules: ReadonlyArray<{ abs: string; source: string }>): string {
  const [entry, ...rest] = modules;
  if (rest.length === 0) return sha256(entry!.source).slice(0, 16);
  const from = dirname(entry!.abs);
  const parts = rest.map((m) => `${relative(from, m.abs).split(sep).join("/")}\0${m.source}`).sort();
  return sha256([entry!.source, ...parts].join("\0")).slice(0, 16);
}

/**
 * How a path-like import is served: "i:<file>" instrumented in the graph, "o:<file>" the original
 * file as it is, "m:" nothing there (the import fails as it would without mpisim); undefined for
 * bare specifiers. A cache hit re-asks for every recorded import: a file that appears, disappears
 * or changes format changes the answer, and so the graph.
 */
function classify(spec: string, importer: string): string | undefined {
  const file = resolveFile(spec, importer);
  if (file === undefined) return spec.startsWith(".") || isAbsolute(spec) || spec.startsWith("file:") ? "m:" : undefined;
  return `${isLocalModule(file) && !looksCommonJs(file) ? "i" : "o"}:${file}`;
}

function graphKey(modules: GraphModule[]): string {
  const parts = modules.map((m) => [m.abs, m.shown, sha256(m.source), ...m.imports.flat()].join("\0"));
  return sha256([TRANSFORM_VERSION, PACKAGE_ROOT, String(UNDER_VITE), ...parts].join("\n")).slice(0, 24);
}

export function readSource(shown: string, abs: string): string {
  try {
    return readFileSync(abs, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `${shown}: no such file` : `${shown}: cannot read (${code ?? String(e)})`);
  }
}

/** Find the graph of `path` in the cache, or instrument it there. */
export async function instrumentGraph(path: string, cacheDir: string): Promise<Graph> {
  const abs = resolve(path);
  const entrySource = readSource(path, abs);
  const manifestFile = join(cacheDir, `m-${sha256([TRANSFORM_VERSION, abs, path, process.cwd(), PACKAGE_ROOT, String(UNDER_VITE)].join("\0")).slice(0, 24)}.json`);
  const cached = lookup(manifestFile, cacheDir, abs, entrySource);
  if (cached !== undefined) return cached;
  return build(path, abs, entrySource, cacheDir, manifestFile);
}

function lookup(manifestFile: string, cacheDir: string, abs: string, entrySource: string): Graph | undefined {
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
  const dir = join(cacheDir, `g-${m.key}`);
  if (m.modules[0]?.abs !== abs || !existsSync(dir)) return undefined;
  const modules: GraphModule[] = [];
  for (const rec of m.modules) {
    let source: string;
    try {
      source = rec.abs === abs ? entrySource : readFileSync(rec.abs, "utf8");
    } catch {
      return undefined;
    }
    if (sha256(source) !== rec.sha) return undefined;
    // a new file can change what a specifier resolves to without any content changing
    if (rec.imports.some(([spec, how]) => classify(spec, rec.abs) !== how)) return undefined;
    modules.push({ abs: rec.abs, shown: rec.shown, source, name: cacheName(rec.abs), imports: rec.imports });
  }
  if (!modules.every((mod) => existsSync(join(dir, mod.name)))) return undefined;
  return { file: join(dir, modules[0]!.name), dir, modules, hit: true, hash: programHash(modules) };
}

let tmpSeq = 0;

async function build(path: string, abs: string, entrySource: string, cacheDir: string, manifestFile: string): Promise<Graph> {
  const { instrumentSource } = await import("./transform.ts");
  mkdirSync(cacheDir, { recursive: true });
  const tmp = mkdtempSync(join(cacheDir, "tmp-"));
  try {
    const modules: GraphModule[] = [];
    const byAbs = new Map<string, GraphModule>();
    const enqueue = (file: string, shown: string, source?: string): GraphModule => {
      let mod = byAbs.get(file);
      if (mod === undefined) {
        mod = { abs: file, shown, source: source ?? readSource(shown, file), name: cacheName(file), imports: [] };
        byAbs.set(file, mod);
        modules.push(mod);
      }
      return mod;
    };
    enqueue(abs, path, entrySource);
    // modules grows while we walk it: a breadth-first walk of the graph
    for (let i = 0; i < modules.length; i++) {
      const mod = modules[i]!;
      const rewriteBare = bareRewriter(mod.abs, join(cacheDir, "g-x", mod.name));
      const specifier = (spec: string): string | undefined => {
        const how = classify(spec, mod.abs);
        if (how === undefined) return rewriteBare(spec);
        mod.imports.push([spec, how]);
        const file = how.slice(2);
        if (file === "" && spec.startsWith("file:")) return undefined;
        if (how.startsWith("i:")) return `./${enqueue(file, shownName(file)).name}`;
        return pathToFileURL(file !== "" ? file : resolve(dirname(mod.abs), spec)).href;
      };
      const url = pathToFileURL(mod.abs).href;
      const out = instrumentSource(mod.source, mod.shown, {
        specifier,
        importMeta: { url, filename: mod.abs, dirname: dirname(mod.abs) },
        mapSource: mod.abs,
      });
      const inline = Buffer.from(out.map, "utf8").toString("base64");
      writeFileSync(join(tmp, mod.name), `${out.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${inline}\n`);
    }
    const key = graphKey(modules);
    const dir = join(cacheDir, `g-${key}`);
    if (!existsSync(dir)) {
      try {
        renameSync(tmp, dir);
      } catch (e) {
        // another process (an exploration worker) published the same graph first: use theirs
        if (!existsSync(dir)) throw e;
      }
    }
    const manifest: Manifest = { key, modules: modules.map((m) => ({ abs: m.abs, shown: m.shown, sha: sha256(m.source), imports: m.imports })) };
    // write-then-rename: a parallel reader never sees half a manifest
    const tmpManifest = `${manifestFile}.${process.pid}.${++tmpSeq}.tmp`;
    writeFileSync(tmpManifest, JSON.stringify(manifest));
    renameSync(tmpManifest, manifestFile);
    return { file: join(dir, modules[0]!.name), dir, modules, hit: false, hash: programHash(modules) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Bare specifiers (packages) of a module that runs from the cache: `mpisim` is this very package;
 * a package the user's folder resolves differently than the cache folder would is pointed at by
 * absolute URL (best effort, CommonJS resolution; the cache normally sits in the project's
 * node_modules, where both agree).
 */
function bareRewriter(absFile: string, cacheFile: string): (spec: string) => string | undefined {
  return (spec) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(spec) || isBuiltin(spec)) return undefined; // node:, data:, …
    const self = selfImport(spec);
    if (self !== undefined) return self;
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
