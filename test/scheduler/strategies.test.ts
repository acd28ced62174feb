import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { runProgram } from "../../scheduler/run.ts";
import { PctStrategy, pctBound } from "../../scheduler/pct.ts";
import { planRun, parseShard, diagnosticKey } from "../../scheduler/plan.ts";
import { schedules, ScheduleValue } from "../../scheduler/arbitrary.ts";
import { explore } from "../../scheduler/explore.ts";
import { shrinkSchedule } from "../../scheduler/shrink.ts";
import { decodeToken } from "../../scheduler/token.ts";
import { prog } from "../helpers/program.ts";

/** Rank 0 prints the order in which three wildcard messages arrive. */
const order = prog(async (MPI) => {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  if (rank === 0) {
    const b = new Int32Array(1);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) {
      await comm.Recv(b, MPI.ANY_SOURCE, 0);
      got.push(b[0]);
    }
    console.log(got.join(""));
    if (got.join("") === "321") throw new Error("reversed");
  } else await comm.Send(new Int32Array([rank]), 0, 0);
}, 4, "order");

describe("strategies", () => {
  it("PCT is deterministic by seed and its bound is 1/(n·k^(d−1))", async () => {
    const a = await runProgram(order, { strategy: new PctStrategy(9, 3, 40) });
    const b = await runProgram(order, { strategy: new PctStrategy(9, 3, 40) });
    expect(b.traceHash).toBe(a.traceHash);
    expect(pctBound(4, 10, 3)).toBeCloseTo(1 / 400, 12);
    expect(pctBound(5, 32, 1)).toBeCloseTo(1 / 5, 12);
    const outs = new Set<string>();
    for (let s = 0; s < 60; s++) outs.add((await runProgram(order, { strategy: new PctStrategy(s, 2, 30), keepTrace: false })).outputs[0][0]);
    expect(outs.size).toBeGreaterThan(2);
  });

  it("the portfolio plan is a pure function of (options, index)", () => {
    const o = { strategy: "portfolio" as const, seed: 4, depth: 3, steps: 50, buffering: "both" as const };
    const labels = Array.from({ length: 10 }, (_, i) => planRun(o, i).label);
    expect(labels).toEqual(Array.from({ length: 10 }, (_, i) => planRun(o, i).label));
    expect(labels[0]).toBe("round-robin eager");
    expect(labels[1]).toBe("round-robin rendezvous");
    expect(labels.some((l) => l.startsWith("pct(d=2)"))).toBe(true);
    expect(labels.some((l) => l.startsWith("random#"))).toBe(true);
    expect(parseShard("2/5")).toEqual({ index: 1, count: 5 });
    expect(() => parseShard("0/5")).toThrow(/--shard/);
    expect(() => parseShard("6/5")).toThrow(/--shard/);
  });

  it("distinct diagnostics are kind + source locations", () => {
    const a = { kind: "rma-race" as const, message: "x", ranks: [1], accesses: [{ op: "Put", rank: 1, where: "a.ts:3:1" }, { op: "Get", rank: 2, where: "a.ts:9:1" }] };
    const b = { ...a, message: "y", ranks: [2], accesses: [...a.accesses].reverse() };
    expect(diagnosticKey(a)).toBe(diagnosticKey(b));
    expect(diagnosticKey({ ...a, kind: "lost-update" })).not.toBe(diagnosticKey(a));
    expect(diagnosticKey({ kind: "property", message: "ticket 1", ranks: [] })).toBe(diagnosticKey({ kind: "property", message: "ticket 2", ranks: [] }));
  });

  it("shrinking keeps the failure with fewer non-default choices, and names a critical step", async () => {
    const r = await explore(order, { strategy: "random", schedules: 400, seed: 3, shrink: false });
    expect(r.verdict).toBe("issues");
    const token = r.failures[0].schedule;
    const fails = (x: { diagnostics: { kind: string }[] }) => x.diagnostics.some((d) => d.kind === "rank-exception");
    const sh = await shrinkSchedule(token, (x) => runProgram(order, x.schedule ? { schedule: x.schedule } : { ranks: 4, strategy: x.strategy }), fails);
    expect(sh.choices).toBeLessThanOrEqual(decodeToken(token).branches.length);
    expect(fails(await runProgram(order, { schedule: sh.token }))).toBe(true);
    // Three wildcard receives reversed need at least two non-default deliveries.
    expect(sh.choices).toBeGreaterThanOrEqual(2);
    expect(sh.critical).toBeDefined();
    expect(sh.critical!.event).toMatch(/^deliver:[123]:0$/);
  });

  it("a time budget stops the exploration and says so", async () => {
    // `all`: the wildcard receive's message-race must not stop it first (that raced the 50 ms
    // budget: a fast first schedule reported "failure" before the deadline).
    const r = await explore(order, { strategy: "random", schedules: 1_000_000, timeBudget: 0.05, all: true });
    expect(r.stoppedBy).toBe("time-budget");
    expect(r.complete).toBe(false);
    expect(r.explored).toBeLessThan(1_000_000);
  });

  it("fast-check values are strategies: 0 is the default choice, they print as tokens after a run", async () => {
    const zero = new ScheduleValue([0, 0, 0], 4);
    const rr = await runProgram(order, { strategy: "round-robin" });
    const z = await runProgram(order, { strategy: zero });
    expect(z.traceHash).toBe(rr.traceHash);
    expect(String(zero)).toBe(z.schedule);
    const [v] = fc.sample(schedules({ ranks: 4 }), { numRuns: 1, seed: 3 });
    expect(String(v)).toMatch(/^schedule\(/);
    const r = await runProgram(order, { strategy: v });
    expect(String(v)).toBe(r.schedule);
  });
});
