/**
 * SPEC §2 "Errors": an MPIException carries the error class, the rank and the call site; in a
 * program loaded through mpisim (instrumented), the mpi-error diagnostic names the user's
 * file:line:column of the call that made the mistake.
 */
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { load, run } from "../../index.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/mistakes.ts", import.meta.url));

afterEach(() => {
  delete (globalThis as { __apiMistake?: string }).__apiMistake;
});

describe("mpi-error diagnostics of an instrumented program carry the call site", () => {
  const cases: [string, string, string, number, number][] = [
    ["dest", "ERR_RANK", "Comm.Send", 0, 15],
    ["unawaited", "ERR_OTHER", "Comm.Barrier", 0, 18],
    ["other-handle", "ERR_COMM", "Comm.Send", 1, 23],
    ["waitall", "ERR_ARG", "Request.Waitall", 0, 25],
    ["dims", "ERR_DIMS", "Compute_dims", 0, 27],
    ["group", "ERR_RANK", "Group.Incl", 0, 29],
    ["truncate", "ERR_TRUNCATE", "Comm.Recv", 1, 32],
    ["op", "ERR_OP", "Comm.Allreduce", 0, 34],
    ["status", "ERR_ARG", "Request.Wait", 0, 37],
    ["abort", "ERR_OTHER", "Comm.Abort", 1, 39],
  ];
  it.each(cases)("%s: %s from %s on rank %i at line %i", async (which, errorClass, call, rank, line) => {
    (globalThis as { __apiMistake?: string }).__apiMistake = which;
    const program = await load(FIXTURE);
    expect(program.instrumented).toBe(true);
    const r = await run(program, { ranks: 2, seed: 0 });
    const d = r.diagnostics.find((x) => x.kind === "mpi-error" && x.ranks[0] === rank);
    expect(d, JSON.stringify(r.diagnostics.map((x) => x.message))).toBeDefined();
    expect([d!.errorClass, d!.call]).toEqual([errorClass, call]);
    expect(d!.where).toMatch(new RegExp(`fixtures/mistakes\\.ts:${line}:\\d+$`));
    expect(d!.loc?.line).toBe(line);
  });
});
