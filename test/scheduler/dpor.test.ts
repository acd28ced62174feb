import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { runProgram } from "../../scheduler/run.ts";
import { dporAll, traceClass } from "../../scheduler/dpor.ts";
import type { Strategy } from "../../scheduler/strategy.ts";
import type { Program } from "../../core/program.ts";
import type { RunResult } from "../../scheduler/run.ts";
import { prog, wildcardProgram } from "../helpers/program.ts";
import { smallProgram, smallSpecs } from "../harness/gen.ts";
import { ioLockProgram, ioLockSpecs } from "../harness/gen-io.ts";

/** Brute force: every interleaving (naive DFS), grouped into Mazurkiewicz traces. */
async function bruteForce(p: Program, limit: number) {
  const classes = new Map<string, string>();
  let inconsistent = 0;
  const stats = await dporAll((s: Strategy) => runProgram(p, { strategy: s, keepTrace: false }), {
    naive: true,
    limit,
    onExecution: (run, kind, r) => {
      if (kind !== "complete") return;
      const c = traceClass(run);
      const res = r as RunResult;
      const outcome = JSON.stringify([res.outputs, res.status]);
      // Equivalent executions must end alike: the dependency relation is a valid independence relation.
      if (classes.has(c) && classes.get(c) !== outcome) inconsistent++;
      classes.set(c, outcome);
    },
  });
  return { stats, classes, inconsistent };
}

async function dpor(p: Program) {
  const seen: string[] = [];
  const outcomes = new Set<string>();
  const stats = await dporAll((s: Strategy) => runProgram(p, { strategy: s, keepTrace: false }), {
    onExecution: (run, kind, r) => {
      if (kind !== "complete") return;
      seen.push(traceClass(run));
      const res = r as RunResult;
      outcomes.add(JSON.stringify([res.outputs, res.status]));
    },
  });
  return { stats, seen, outcomes };
}

/** Totals of comparing DPOR with brute force over generated programs. */
interface Tally {
  compared: number;
  naiveRuns: number;
  dporRuns: number;
}

/**
 * DPOR explores every program completely, each trace once; where brute force could enumerate every
 * interleaving, DPOR's executions are exactly its distinct traces and reach the same outcomes.
 */
async function compareWithBruteForce(p: Program, limit: number, tally: Tally): Promise<void> {
  const bf = await bruteForce(p, limit);
  const d = await dpor(p);
  expect(d.stats.complete).toBe(true);
  expect(new Set(d.seen).size).toBe(d.seen.length);
  if (!bf.stats.complete) return; // too many interleavings to enumerate: skip the count
  tally.compared++;
  tally.naiveRuns += bf.stats.explored;
  tally.dporRuns += d.stats.explored;
  expect(bf.inconsistent).toBe(0);
  expect(d.stats.explored).toBe(bf.classes.size);
  for (const c of d.seen) expect(bf.classes.has(c)).toBe(true);
  expect([...d.outcomes].sort()).toEqual([...new Set(bf.classes.values())].sort());
}

const wildcard = wildcardProgram;

/** Two Puts from different origins (ranks 0 and 1) to the same bytes of rank 0's window. */
const twoPuts = prog(async (MPI) => {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(1);
  const win = await MPI.Win.Create(mem, { comm });
  await win.Lock(0, MPI.LOCK_SHARED);
  win.Put([new Int32Array([rank + 1]), MPI.INT], 0, 0);
  await win.Unlock(0);
  await win.Free();
  if (rank === 0) console.log(`mem ${mem[0]}`);
}, 2, "two-puts");

describe("dpor", () => {
  it("explores each Mazurkiewicz trace of a wildcard receive exactly once, far fewer runs than naive DFS", async () => {
    const bf = await bruteForce(wildcard, 100_000);
    const d = await dpor(wildcard);
    expect(bf.stats.complete).toBe(true);
    expect(bf.inconsistent).toBe(0);
    expect(d.stats.complete).toBe(true);
    expect(d.stats.explored).toBe(bf.classes.size);
    expect(new Set(d.seen).size).toBe(d.seen.length);
    for (const c of d.seen) expect(bf.classes.has(c)).toBe(true);
    // Both senders can be matched first.
    expect([...d.outcomes].sort()).toEqual([JSON.stringify([[["first 1 then 2"], [], []], "ok"]), JSON.stringify([[["first 2 then 1"], [], []], "ok"])].sort());
    expect(bf.stats.explored).toBeGreaterThan(50 * d.stats.explored);
  });

  it("explores both orders of two Puts to the same bytes, and only as many traces as brute force counts", async () => {
    const bf = await bruteForce(twoPuts, 50_000);
    const d = await dpor(twoPuts);
    expect(bf.stats.complete).toBe(true);
    expect(bf.inconsistent).toBe(0);
    expect(d.stats.explored).toBe(bf.classes.size);
    const finals = [...d.outcomes].map((o) => (JSON.parse(o) as [string[][]])[0][0][0]).sort();
    expect(new Set(finals)).toEqual(new Set(["mem 1", "mem 2"]));
    expect(bf.stats.explored).toBeGreaterThan(10 * d.stats.explored);
  });

  it("on generated small programs (messages, wildcards, lock epochs with Put/Get), explores exactly the brute-force number of distinct traces", async () => {
    const tally: Tally = { compared: 0, naiveRuns: 0, dporRuns: 0 };
    await fc.assert(
      fc.asyncProperty(fc.oneof(smallSpecs({ rma: false, maxMsgs: 4 }), smallSpecs({ rma: true, maxMsgs: 2, maxRma: 2 })), (spec) => compareWithBruteForce(smallProgram(spec), 2000, tally)),
      { numRuns: 14, seed: 7 },
    );
    expect(tally.compared).toBeGreaterThan(4);
    expect(tally.naiveRuns).toBeGreaterThan(5 * tally.dporRuns);
  });

  // Files and locks have their own footprints (core/io/touching-fs.ts, lock tables per window and
  // target): DPOR must still find every distinct trace, and reduces where shared grants, reads of
  // one file, or writes to different bytes commute.
  for (const files of [true, false]) {
    it(`on generated small programs with ${files ? "file writes and reads (atomic or not)" : "shared, exclusive and Lock_all epochs"}, explores exactly the brute-force number of distinct traces`, async () => {
      const tally: Tally = { compared: 0, naiveRuns: 0, dporRuns: 0 };
      await fc.assert(
        fc.asyncProperty(ioLockSpecs({ files }), (spec) => compareWithBruteForce(ioLockProgram(spec), 3000, tally)),
        { numRuns: 10, seed: 11 },
      );
      expect(tally.compared).toBeGreaterThan(4);
      expect(tally.naiveRuns).toBeGreaterThan(3 * tally.dporRuns);
    });
  }
});
