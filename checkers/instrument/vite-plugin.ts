/**
 * A Vite (and so Vitest) plugin that instruments program files as tests import them, so a test
 * can `import prog from "./programs/ring.ts"` and still have its loads and stores checked.
 *
 *   // vitest.config.ts
 *   import { mpisimPlugin } from "mpisim/vitest";   // or checkers/instrument/vite-plugin.ts
 *   export default { plugins: [mpisimPlugin()] };
 *
 * A program's whole local module graph is instrumented: a relative import of an instrumented
 * module that resolves to a local ES module (resolve.ts: not node_modules, not mpisim) is given
 * the id `<file>?mpisim`, and that id is instrumented too. Every instrumented importer resolves a
 * helper to the same id, so it is one module instance in the graph; a test that imports the
 * helper itself gets the plain module, whatever the order in which files are first seen.
 * Transforms happen in memory: nothing is written to disk.
 *
 * Each instrumented module imports core/instrument-runtime and installs the runtime itself.
 * Typed structurally: nothing here imports vite, which is only a dependency of vitest.
 */
import { relative, sep } from "node:path";
// Static on purpose: vitest.config.ts's loader may be gone by the first transform (a dynamic
// import then fails); a config that adds this plugin is about to instrument anyway.
import { instrumentSource } from "./transform.ts";
import { isLocalModule } from "./resolve.ts";
import { ownModule, PACKAGE_ROOT } from "./self.ts";

export interface MpisimPluginOptions {
  /** which module ids to instrument (default: under a `scenarios/` or `programs/` folder, or `*.mpi.ts`); what they import locally is instrumented with them */
  include?: RegExp;
  /** never instrument these (default: node_modules and mpisim's own sources) */
  exclude?: RegExp;
}

/** What the plugin needs of Vite's resolution result and plugin context. */
export interface ResolvedId {
  id: string;
  external?: boolean | "absolute" | "relative";
}
export interface ResolveContext {
  resolve(source: string, importer?: string, options?: Record<string, unknown>): Promise<ResolvedId | null>;
}

/** The subset of Vite's Plugin interface this plugin implements. */
export interface MpisimVitePlugin {
  name: string;
  enforce: "pre";
  configResolved(config: { root: string }): void;
  resolveId(this: ResolveContext, source: string, importer: string | undefined, options?: Record<string, unknown>): Promise<ResolvedId | null>;
  transform(code: string, id: string): { code: string; map: string } | null;
}

export const DEFAULT_INCLUDE = /(?:^|[\\/])(?:scenarios|programs)[\\/][^?]*\.[cm]?[jt]s$|\.mpi\.[cm]?[jt]s$/;
/** the query that marks a module instrumented because an instrumented module imports it */
const GRAPH_QUERY = "?mpisim";
const GRAPH_PARAM = /[?&]mpisim(?:[&=]|$)/;
const RUNTIME_PATH = ownModule("core/instrument-runtime");
const DEFAULT_EXCLUDE = new RegExp(
  `[\\\\/]node_modules[\\\\/]|^${escapeRe(PACKAGE_ROOT)}(?:core|scheduler|checkers|cli)[\\\\/]|^${escapeRe(PACKAGE_ROOT)}scenarios[\\\\/]index\\.[cm]?[jt]s$`,
);

export function mpisimPlugin(opts: MpisimPluginOptions = {}): MpisimVitePlugin {
  const include = opts.include ?? DEFAULT_INCLUDE;
  const exclude = opts.exclude ?? DEFAULT_EXCLUDE;
  let root = process.cwd();
  /** Is this module id instrumented (an included program, or part of one's graph)? */
  const instrumented = (id: string): boolean => {
    if (id.startsWith("\0")) return false;
    const [path, query] = splitId(id);
    return (GRAPH_PARAM.test(query) || include.test(path)) && !exclude.test(path);
  };
  return {
    name: "mpisim-instrument",
    // before Vite strips the types: the transform wants them
    enforce: "pre",
    configResolved(config) {
      root = config.root;
    },
    async resolveId(source, importer, options) {
      if (importer === undefined || !instrumented(importer)) return null;
      if (!(source.startsWith("./") || source.startsWith("../") || source.startsWith("/"))) return null;
      const r = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (r === null || r.external || r.id.startsWith("\0") || r.id.includes("?")) return r;
      if (!isLocalModule(r.id) || exclude.test(r.id) || include.test(r.id)) return r;
      return { ...r, id: r.id + GRAPH_QUERY };
    },
    transform(code, id) {
      if (!instrumented(id)) return null;
      const path = splitId(id)[0];
      // locations name the file relative to the project root, as a user would type it
      const rel = relative(root, path);
      const fileName = rel.startsWith("..") ? path : rel.split(sep).join("/");
      const out = instrumentSource(code, fileName, { runtimeImport: RUNTIME_PATH, mapSource: path });
      return { code: out.code, map: out.map };
    },
  };
}

function splitId(id: string): [string, string] {
  const q = id.indexOf("?");
  return q < 0 ? [id, ""] : [id.slice(0, q), id.slice(q)];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
