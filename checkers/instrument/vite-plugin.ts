/**
 * A Vite (and so Vitest) plugin that instruments program files as tests import them, so a test
 * can `import prog from "./programs/ring.ts"` and still have its loads and stores checked.
 *
 *   // vitest.config.ts
 *   import { mpisimPlugin } from "mpisim/vitest";   // or checkers/instrument/vite-plugin.ts
 *   export default { plugins: [mpisimPlugin()] };
 *
 * Each instrumented module imports core/instrument-runtime.ts and installs the runtime itself.
 * Typed structurally: nothing here imports vite, which is only a dependency of vitest.
 */
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { instrumentSource } from "./transform.ts";
import { ownModule } from "../../core/self.ts";

export interface MpisimPluginOptions {
  /** which module ids to instrument (default: under a `scenarios/` or `programs/` folder, or `*.mpi.ts`) */
  include?: RegExp;
  /** never instrument these (default: node_modules and mpisim's own sources) */
  exclude?: RegExp;
}

/** The subset of Vite's Plugin interface this plugin implements. */
export interface MpisimVitePlugin {
  name: string;
  enforce: "pre";
  configResolved(config: { root: string }): void;
  transform(code: string, id: string): { code: string; map: string } | null;
}

export const DEFAULT_INCLUDE = /(?:^|[\\/])(?:scenarios|programs)[\\/][^?]*\.[cm]?[jt]s$|\.mpi\.[cm]?[jt]s$/;
const RUNTIME_PATH = fileURLToPath(ownModule("core/instrument-runtime"));
const MPISIM_SOURCES = fileURLToPath(new URL("../../", import.meta.url));
const DEFAULT_EXCLUDE = new RegExp(
  `[\\\\/]node_modules[\\\\/]|^${escapeRe(MPISIM_SOURCES)}(?:core|scheduler|checkers|cli)[\\\\/]|^${escapeRe(MPISIM_SOURCES)}scenarios[\\\\/]index\\.ts$`,
);

export function mpisimPlugin(opts: MpisimPluginOptions = {}): MpisimVitePlugin {
  const include = opts.include ?? DEFAULT_INCLUDE;
  const exclude = opts.exclude ?? DEFAULT_EXCLUDE;
  let root = process.cwd();
  return {
    name: "mpisim-instrument",
    // before Vite strips the types: the transform wants them
    enforce: "pre",
    configResolved(config) {
      root = config.root;
    },
    transform(code, id) {
      if (id.startsWith("\0")) return null;
      const path = id.split("?", 1)[0]!;
      if (!include.test(path) || exclude.test(path)) return null;
      // locations name the file relative to the project root, as a user would type it
      const rel = relative(root, path);
      const fileName = rel.startsWith("..") ? path : rel.split(sep).join("/");
      const out = instrumentSource(code, fileName, { runtimeImport: RUNTIME_PATH, mapSource: path });
      return { code: out.code, map: out.map };
    },
  };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
