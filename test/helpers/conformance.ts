import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { spawnSync } from "node:child_process";

/** Repository root and the shared conformance suite beside it (read in place, never copied). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const CONFORMANCE = resolve(ROOT, "../shared/conformance");
export const SEED = join(CONFORMANCE, "seed");

export interface SeedExpectation {
  ranks: number;
  output_by_rank: Record<string, string[]>;
  files_after?: Record<string, { sha256: string; bytes: number }>;
  invariants?: string[];
}

export function seedExpected(): Record<string, SeedExpectation> {
  return JSON.parse(readFileSync(join(SEED, "expected.json"), "utf8"));
}

/** Spawn the real CLI (`node bin/mpisim.mjs …`). */
export function mpisim(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/mpisim.mjs"), ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    input: opts.input,
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
