import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { explore, load, run } from "../../index.ts";
import { Session } from "../../scheduler/session.ts";
import type { ExploreReport, MPI, RunResult } from "../../index.ts";

// Two runs in one process must never cross-wire (issue 14): the console, the instrumentation's
// access sink and call location, and the datatype records each follow the world whose code runs.
// Programs: a racy one with loads, stores and console output (tickets claimed with Get then Put),
// a clean one that prints (fence-put), and one that makes and frees derived datatypes with MPI-IO
// (io-rows-write).
const RACY = "scenario:work-stealing-getput";
const CLEAN = "scenario:fence-put";
const TYPES = "scenario:io-rows-write";
// For explore: a lost update and a correct counter, both judged by `check` on the ranks' output.
const LOST_UPDATE = "test/fixtures/scheduler/getput-counter.ts";
const COUNTER = "scenario:accumulate-counter";
// A rank that awaits a macrotask in the middle of its step, so other worlds' code runs between its
// loads and stores: the multiplexed sink must still give them to its own world.
const YIELDING = "test/fixtures/scheduler/yielding-race.ts";

/** What a run's report says, without the world object. */
function summary(r: RunResult) {
  return { traceHash: r.traceHash, status: r.status, outputs: r.outputs, diagnostics: r.diagnostics.map((d) => [d.kind, d.message, d.where]), schedule: r.schedule };
}

function exploreSummary(r: ExploreReport) {
  return JSON.stringify({ ...r, runs: r.runs?.map((x) => x.token) });
}

afterEach(() => vi.restoreAllMocks());

describe("two worlds in one process", () => {
  it("two explorations run at once (Promise.all) report what they report one after the other", async () => {
    const [racy, clean] = await Promise.all([load(LOST_UPDATE), load(COUNTER)]);
    const opts = { schedules: 25, seed: 7, record: true, all: true } as const;
    const seqRacy = await explore(racy, opts);
    const seqClean = await explore(clean, opts);
    const [parRacy, parClean] = await Promise.all([explore(racy, opts), explore(clean, opts)]);
    expect(seqRacy.verdict).toBe("issues");
    expect(seqClean.verdict).toBe("clean");
    expect(exploreSummary(parRacy)).toBe(exploreSummary(seqRacy));
    expect(exploreSummary(parClean)).toBe(exploreSummary(seqClean));
  }, 120_000);

  it("concurrent runs keep traces, outputs and diagnostics (with source locations) apart", async () => {
    const programs = await Promise.all([load(RACY), load(CLEAN), load(TYPES), load(YIELDING)]);
    const log = vi.spyOn(console, "log");
    const seeds = [1, 2, 3, 4];
    const sequential = [];
    for (const seed of seeds) for (const p of programs) sequential.push(summary(await run(p, { seed })));
    const concurrent = (await Promise.all(seeds.flatMap((seed) => programs.map((p) => run(p, { seed }))))).map(summary);
    expect(concurrent).toEqual(sequential);
    // rank output went to the ranks, never to the real console
    expect(log).not.toHaveBeenCalled();
    expect(sequential[0]!.diagnostics.length).toBeGreaterThan(0);
    expect(sequential[3]!.diagnostics.map((d) => d[0])).toContain("rma-race");
    expect(sequential.some((s) => s.outputs.some((o) => o.length > 0))).toBe(true);
  }, 120_000);

  it("console, the access sink and the call location are the process's own again after the runs", async () => {
    const before = console.log;
    const p = await load(RACY);
    await Promise.all([run(p, { seed: 1 }), run(p, { seed: 2 })]);
    expect(console.log).toBe(before);
    const { currentCallLoc } = await import("../../core/instrument-runtime.ts");
    expect(currentCallLoc()).toBeUndefined();
  });

  it("two sessions whose ranks both started alone cannot be stepped at the same time: the second fails at once", async () => {
    const p = await load(CLEAN);
    const a = new Session(p, { seed: 1 });
    const b = new Session(p, { seed: 1 });
    await a.step(); // a's ranks start with no other world active
    await b.step(); // so do b's
    const running = a.run();
    await expect(b.step()).rejects.toThrow(/two simulated worlds that both started alone/);
    await running;
    expect(a.finish().status).toBe("ok");
    await b.run(); // once a is done, b goes on
    expect(b.finish().outputs).toEqual(a.finish().outputs);
  });
});

describe("the watchdog beside concurrent runs", { timeout: 60_000 }, () => {
  // A cut while two worlds run at once can still abort Node 20 (docs/world.md, known limits): not tested.
  /** Rank 1 spins synchronously after a macrotask. A plain function. */
  async function spin(mpi: MPI): Promise<void> {
    await mpi.COMM_WORLD.Barrier();
    if (mpi.COMM_WORLD.Get_rank() === 1) {
      await new Promise<void>((r) => setTimeout(r, 20));
      for (;;);
    }
  }
  it("after concurrent runs, a lone run's spin is cut too", async () => {
    const p = await load(CLEAN);
    await Promise.all([run(p, { seed: 1 }), run(p, { seed: 2 })]);
    const s = await run(spin, { ranks: 2, watchdog: 1 });
    expect(s.diagnostics.map((d) => d.kind)).toEqual(["no-progress"]);
  });
});

// vitest users run tests concurrently: each test below runs while the others do, and must see
// the run it would see alone (computed first, one run at a time).
const CASES = [RACY, CLEAN, TYPES].flatMap((name) => [11, 12].map((seed) => ({ name, seed })));
const alone = new Map<string, ReturnType<typeof summary>>();
describe.concurrent("runs in concurrent vitest tests", () => {
  beforeAll(async () => {
    for (const { name, seed } of CASES) alone.set(`${name}/${seed}`, summary(await run(await load(name), { seed })));
  });
  for (const { name, seed } of CASES) {
    it(`${name} seed ${seed} is the same run as alone`, async () => {
      const got = summary(await run(await load(name), { seed }));
      expect(got).toEqual(alone.get(`${name}/${seed}`));
    });
  }
});
