import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { spawnSync } from "node:child_process";

/** Repository root and the shared conformance suite beside it (read in place, never copied). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const CONFORMANCE = resolve(ROOT, "../shared/conformance");
export const SEED = join(CONFORMANCE, "seed");
export const RMARACEBENCH = join(CONFORMANCE, "rmaracebench");

/** Set by .ci/run: a missing ../shared is then a failure, so CI always runs the conformance tests. */
export const REQUIRE_SHARED_VAR = "MPISIM_REQUIRE_SHARED";

/**
 * Whether the tests of `suite` that read ../shared/conformance must skip because it is absent (a
 * fresh clone on its own). When they skip it prints one line saying so. With
 * MPISIM_REQUIRE_SHARED=1 a missing suite throws instead, which fails the test file loudly.
 * Call it once per test file, at the top, and pass the result to describe/it.skipIf.
 */
export function skipWithoutShared(suite: string, env: NodeJS.ProcessEnv = process.env, dir = CONFORMANCE): boolean {
  if (existsSync(dir)) return false;
  if (env[REQUIRE_SHARED_VAR] === "1") throw new Error(`${suite}: ${REQUIRE_SHARED_VAR}=1 but the shared conformance suite is missing (${dir})`);
  console.warn(`${suite}: skipped, ${dir} not found (a clone without ../shared; ${REQUIRE_SHARED_VAR}=1 makes this a failure)`);
  return true;
}

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

/** stderr of `mpisim run` without its closing note (one schedule, which buffering; text mode only). */
export function withoutRunNote(stderr: string): string {
  return stderr.replace(/^mpisim: one schedule, \S+ buffering;.*\n/m, "");
}
