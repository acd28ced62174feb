/**
 * Where instrumented modules are cached (README "Where the cache lives"):
 *
 *   1. $MPISIM_CACHE_DIR when set;
 *   2. under Vite's module runner (vitest): the OS temp dir, mpisim-cache-<uid>. A module under
 *      node_modules/ would be handed to Node untransformed (Node cannot import a .ts that it
 *      refers to, and it would get its own copy of mpisim instead of the test's);
 *   3. otherwise node_modules/.cache/mpisim of the nearest node_modules folder above the current
 *      directory (the user's project: its packages resolve from there as from the project);
 *   4. else the OS temp dir.
 *
 * Never the project root itself.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "../../core/errors.ts";

/** Is this module running under Vite's module runner (vitest)? */
export const UNDER_VITE = typeof (import.meta as { env?: unknown }).env === "object";

let chosen: string | undefined;

function tempCache(): string {
  return join(tmpdir(), `mpisim-cache-${process.getuid?.() ?? "user"}`);
}

/** The nearest node_modules folder at or above dir. */
function nearestNodeModules(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const nm = join(d, "node_modules");
    try {
      if (existsSync(nm) && statSync(nm).isDirectory()) return nm;
    } catch {
      // unreadable: keep walking up
    }
    if (dirname(d) === d) return undefined;
  }
}

export function defaultCacheDir(): string {
  const env = process.env.MPISIM_CACHE_DIR;
  if (env !== undefined && env !== "") {
    const dir = resolve(env);
    if (!usable(dir)) throw new UsageError(`MPISIM_CACHE_DIR=${env}: cannot create or write that directory`);
    return dir;
  }
  if (chosen !== undefined) return chosen;
  const tried: string[] = [];
  const nm = UNDER_VITE ? undefined : nearestNodeModules(process.cwd());
  for (const dir of [...(nm === undefined ? [] : [join(nm, ".cache", "mpisim")]), tempCache()]) {
    tried.push(dir);
    if (usable(dir)) return (chosen = dir);
  }
  throw new UsageError(`cannot create a cache directory for instrumented programs (tried ${tried.join(" and ")}; set MPISIM_CACHE_DIR)`);
}

function usable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
