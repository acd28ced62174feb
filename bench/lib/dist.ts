/**
 * The bench measures mpisim as its users run it: the built package (dist/, what `npx mpisim` and
 * `import "mpisim"` load), not the TypeScript sources through tsx, whose keepNames wrappers and
 * down-levelled output ran the work-stealing queue ~10 % slower. dist/ is rebuilt first when a
 * source file is newer than it (or it is missing), so an edit is never measured stale.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Newest modification time (ms) of the .ts files under `dir` (recursively), or of `dir` itself as a file. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith(".ts") || e.name.endsWith(".mjs")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** The inputs of `npm run build` (tsconfig.build.json's include list and the configs). */
const SOURCES = ["index.ts", "vitest.ts", "core", "scheduler", "checkers", "cli", "scenarios/index.ts", "tsconfig.json", "tsconfig.build.json"];

/** Build dist/ if it is missing or older than a source; returns the dist directory. */
export function ensureDist(repo: string): string {
  const dist = join(repo, "dist");
  const built = newest(join(dist, "index.js"));
  const src = Math.max(...SOURCES.map((s) => newest(join(repo, s))));
  if (built === 0 || src > built) {
    process.stderr.write(`bench: ${built === 0 ? "no dist/ yet" : "sources changed since the last build"}: npm run build\n`);
    const r = spawnSync("npm", ["run", "-s", "build"], { cwd: repo, stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) throw new Error("bench: npm run build failed; the bench measures the built package (dist/)");
  }
  return dist;
}

/** Import a module of the built package by its path inside dist/ ("scheduler/run.js"). */
export async function importDist<T>(dist: string, rel: string): Promise<T> {
  return (await import(pathToFileURL(join(dist, rel)).href)) as T;
}
