/**
 * Helpers of the API audit tests (test/api): run a rank body through the public harness
 * (`run` + `programFromFunction`, as a user would) and look at what came out.
 */
import { expect } from "vitest";
import { run, programFromFunction, type RunOptions, type RunResult } from "../../index.ts";
import type { MPI } from "../../core/api.ts";
import type { Diagnostic } from "../../core/diagnostic.ts";

export type Body = (MPI: MPI) => Promise<void> | void;

/** Run `body` on `ranks` ranks (seed 0 unless told otherwise). */
export function runRanks(ranks: number, body: Body, opts: RunOptions = {}): Promise<RunResult> {
  return run(programFromFunction(body as (MPI: never) => Promise<void>, { ranks }), { ranks, seed: 0, ...opts });
}

/** Run and expect a clean run: status ok, no diagnostics. Returns each rank's output lines. */
export async function clean(ranks: number, body: Body, opts: RunOptions = {}): Promise<string[][]> {
  const r = await runRanks(ranks, body, opts);
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  expect(r.status).toBe("ok");
  return r.outputs;
}

/** The mpi-error diagnostics of a run as "rank:ERR_CLASS:call". */
export function mpiErrors(r: RunResult): string[] {
  return r.diagnostics.filter((d) => d.kind === "mpi-error").map((d) => `${d.ranks.join(",")}:${d.errorClass}:${d.call}`);
}

/** Exactly one diagnostic of `kind` (and no other kind); returns it. */
export function only(r: RunResult, kind: Diagnostic["kind"]): Diagnostic {
  expect(r.diagnostics.map((d) => d.kind)).toEqual([kind]);
  return r.diagnostics[0];
}

/** Run a body whose rank 0 (or every rank) is expected to make exactly one MPI mistake. */
export async function mistake(ranks: number, body: Body, opts: RunOptions = {}): Promise<{ r: RunResult; d: Diagnostic }> {
  const r = await runRanks(ranks, body, opts);
  const errs = r.diagnostics.filter((d) => d.kind === "mpi-error");
  expect(errs.length, JSON.stringify(r.diagnostics.map((d) => d.message))).toBeGreaterThan(0);
  expect(r.diagnostics.filter((d) => d.kind === "rank-exception").map((d) => d.message)).toEqual([]);
  return { r, d: errs[0] };
}
