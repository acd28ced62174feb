import { describe, expect, it } from "vitest";
import { explore, load, replay, run } from "../../index.ts";
import { decodeToken } from "../../scheduler/token.ts";
import { idleThreads } from "../../scheduler/pool.ts";
import type { ExploreReport } from "../../scheduler/explore.ts";

const GETPUT = "test/fixtures/scheduler/getput-counter.ts";
const WILDCARD = "test/fixtures/scheduler/wildcard.ts";

/** What must not depend on workers or shards: every run's place, token and verdict, and the report. */
function essence(r: ExploreReport) {
  return { verdict: r.verdict, explored: r.explored, runs: r.runs, failures: r.failures.map((f) => [f.index, f.schedule, f.key]) };
}

describe("explore: finding the Get-then-Put lost update", () => {
  it("the default schedule is correct; PCT (d=2) finds the lost update within its bound's number of runs", async () => {
    const p = await load(GETPUT);
    const rr = await run(p, { strategy: "round-robin" });
    expect(rr.outputs[0]).toEqual(["counter=2"]);
    const probe = await explore(p, { strategy: "pct", depth: 2, schedules: 1, kinds: ["property"], shrink: false });
    const budget = Math.ceil(1 / probe.pct!.perRun);
    const r = await explore(p, { strategy: "pct", depth: 2, schedules: budget, seed: 3, kinds: ["property"] });
    expect(r.verdict).toBe("issues");
    expect(r.explored).toBeLessThanOrEqual(budget);
    expect(r.failures[0].foundBy).toMatch(/^pct\(d=2\)/);
    expect(r.pct!.perRun).toBeCloseTo(1 / (r.pct!.threads * r.pct!.steps), 12);
  });

  for (const strategy of ["pct", "random", "dpor", "portfolio"] as const) {
    it(`${strategy} finds it, and the shrunk token replays to the same failure with the same trace`, async () => {
      const p = await load(GETPUT);
      const r = await explore(p, { strategy, schedules: strategy === "dpor" ? undefined : 400, seed: 1, depth: 2, kinds: ["property"] });
      expect(r.verdict).toBe("issues");
      const f = r.failures[0];
      expect(f.diagnostics[0].kind).toBe("property");
      expect(f.choices).toBeLessThanOrEqual(decodeToken(f.original).branches.length);
      const a = await replay(p, f.schedule);
      const b = await replay(p, f.schedule);
      expect(a.diagnostics.some((d) => d.kind === "property")).toBe(true);
      expect(a.outputs[0][0]).toBe("counter=1");
      expect(b.traceHash).toBe(a.traceHash);
    });
  }

  it("finds the lost update of the work-stealing-getput scenario with PCT, random and DPOR; tokens replay", async () => {
    const p = await load("scenario:work-stealing-getput");
    for (const strategy of ["pct", "random", "dpor"] as const) {
      const r = await explore(p, { strategy, schedules: 50, seed: 2, shrink: strategy !== "dpor" });
      expect(r.verdict, strategy).toBe("issues");
      for (const f of r.failures.slice(0, 2)) {
        const again = await replay(p, f.schedule);
        expect(again.diagnostics.map((d) => d.kind), strategy).toContain(f.diagnostics[0].kind);
      }
    }
  });

  it("names the critical step of a shrunk failure when every continuation tried after it fails", async () => {
    const p = await load(GETPUT);
    const r = await explore(p, { strategy: "random", schedules: 300, seed: 5, kinds: ["property"] });
    const f = r.failures[0];
    expect(f.choices).toBeGreaterThan(0);
    if (f.critical) {
      expect(f.critical.choice).toBeGreaterThanOrEqual(1);
      expect(f.critical.choice).toBeLessThanOrEqual(f.choices);
      expect(f.critical.event).toMatch(/^(resume|deliver|rma|file|complete):\d+:\d+$/);
    }
  });
});

describe("explore: workers and shards", () => {
  it("gives identical results with 1 and 2 workers (sampled and dpor)", async () => {
    const p = await load(GETPUT);
    const w = await load(WILDCARD);
    for (const [prog, o] of [
      [p, { strategy: "random" as const, schedules: 24, all: true, kinds: ["property"], shrink: false }],
      [p, { strategy: "portfolio" as const, schedules: 30, kinds: ["property"], shrink: false }],
      [w, { strategy: "dpor" as const, all: true, shrink: false }],
    ] as const) {
      const one = await explore(prog, { ...o, record: true, workers: 1 });
      const two = await explore(prog, { ...o, record: true, workers: 2 });
      expect(essence(two)).toEqual(essence(one));
    }
  });

  it("with 3 threads: stops at the same first failure, and this thread is one of them (2 pool threads)", async () => {
    const p = await load(GETPUT);
    const o = { strategy: "random" as const, schedules: 80, seed: 4, kinds: ["property"], shrink: false, record: true };
    const one = await explore(p, { ...o, workers: 1 });
    expect(one.verdict).toBe("issues");
    // The first failure is not the first schedule: runs before it (on both threads) are kept, later ones cut.
    expect(one.failures[0].index).toBeGreaterThan(2);
    expect(one.explored).toBeLessThan(80);
    const before = idleThreads();
    const three = await explore(p, { ...o, workers: 3 });
    expect(essence(three)).toEqual(essence(one));
    // Threads that ran to the end go back to the pool; one stopped mid-run ends.
    expect(idleThreads() - before).toBeLessThanOrEqual(2);
    const all = await explore(p, { ...o, all: true, workers: 3 });
    expect(idleThreads()).toBeGreaterThanOrEqual(2);
    expect(essence(all)).toEqual(essence(await explore(p, { ...o, all: true, workers: 1 })));
  });

  it("shards 1/3 + 2/3 + 3/3 cover exactly the unsharded run (sampled and dpor)", async () => {
    const p = await load(GETPUT);
    const w = await load(WILDCARD);
    for (const [prog, o] of [
      [p, { strategy: "random" as const, schedules: 20, all: true, kinds: ["property"], shrink: false }],
      [w, { strategy: "dpor" as const, all: true, shrink: false }],
      [p, { strategy: "dpor" as const, all: true, shrink: false, kinds: ["property"] }],
    ] as const) {
      const whole = await explore(prog, { ...o, record: true });
      // One after the other: runs in one process must not overlap (the console and the
      // instrumentation hooks are process-wide while a run is active).
      const parts: ExploreReport[] = [];
      for (const shard of ["1/3", "2/3", "3/3"]) parts.push(await explore(prog, { ...o, record: true, shard }));
      const merged = parts.flatMap((x) => x.runs!).sort((a, b) => {
        for (let i = 0; i < Math.min(a.order.length, b.order.length); i++) if (a.order[i] !== b.order[i]) return a.order[i] - b.order[i];
        return a.order.length - b.order.length;
      });
      expect(merged).toEqual(whole.runs);
      expect(parts.reduce((n, x) => n + x.explored, 0)).toBe(whole.explored);
    }
  });
});
