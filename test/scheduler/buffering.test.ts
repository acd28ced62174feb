/**
 * Issue 16: exploration tries both bufferings by default, so a program that completes only when
 * standard-mode sends are buffered (unsafe, MPI 4.1 §3.5) is a deadlock without asking; a
 * pinned buffering still explores that one mode only.
 */
import { describe, expect, it } from "vitest";
import "../../vitest.ts";
import { explore, load, replay, run } from "../../index.ts";
import type { MPI } from "../../index.ts";
import { treeQuota } from "../../scheduler/explore-core.ts";
import { decodeToken } from "../../scheduler/token.ts";
import { TuiDriver } from "../../cli/tui/driver.ts";

const FIX = "test/fixtures/buffering";
/** Each unsafe program, its safe twin, and the calls of the cycle's ranks under rendezvous. */
const CASES = [
  { unsafe: "head-to-head.ts", safe: "head-to-head-sendrecv.ts", cycle: [0, 1], calls: ["Comm.Send", "Comm.Send"] },
  { unsafe: "ring.ts", safe: "ring-ssend-ordered.ts", cycle: [0, 1, 2, 3], calls: ["Comm.Send", "Comm.Send", "Comm.Send", "Comm.Send"] },
  { unsafe: "isend-wait.ts", safe: "irecv-first.ts", cycle: [0, 1], calls: ["Request.Wait", "Request.Wait"] },
  { unsafe: "send-barrier.ts", safe: "isend-barrier.ts", cycle: [0, 1], calls: ["Comm.Send", "Comm.Barrier"] },
];
const RELIES = /^the program relies on buffering \(unsafe, MPI 4\.1 §3\.5: a conforming implementation may make every standard-mode Send synchronous\): under rendezvous buffering no event can happen while \d rank\(s\) wait \(wait-for cycle /;

describe("explore() tries both bufferings by default", () => {
  for (const c of CASES) {
    it(`${c.unsafe}: a deadlock that relies on buffering, whose token replays it; clean when eager is pinned`, async () => {
      const p = await load(`${FIX}/${c.unsafe}`);
      const r = await explore(p);
      expect(r.bufferings).toEqual(["eager", "rendezvous"]);
      expect(r.verdict).toBe("issues");
      expect(r.diagnostics.map((d) => d.kind)).toEqual(["deadlock"]);
      const d = r.diagnostics[0];
      expect(d.message).toMatch(RELIES);
      expect(d).toMatchObject({ reliesOnBuffering: true, buffering: "rendezvous", cycle: c.cycle });
      expect(d.pending!.map((x) => x.call)).toEqual(c.calls);
      expect(d.pending!.every((x) => x.where?.includes(c.unsafe))).toBe(true);
      expect(r.failures[0].foundBy).toMatch(/ rendezvous$/);
      expect(decodeToken(d.schedule!).buffering).toBe("rendezvous");
      const again = await replay(p, d.schedule!);
      expect(again.status).toBe("deadlock");
      expect(again.diagnostics.map((x) => x.message)).toEqual([d.message]);
      // Pinned to eager (the old default), the exploration sees nothing: it is the default that finds it.
      expect((await explore(p, { buffering: "eager", schedules: 20 })).verdict).toBe("clean");
      // DPOR: one tree per buffering; the rendezvous tree holds the deadlock.
      const dp = await explore(p, { strategy: "dpor", all: true, shrink: false });
      expect(dp.diagnostics.map((x) => [x.kind, x.reliesOnBuffering])).toEqual([["deadlock", true]]);
    });

    it(`${c.safe}: clean under both bufferings (sampled and DPOR)`, async () => {
      const p = await load(`${FIX}/${c.safe}`);
      const r = await explore(p, { schedules: 40, all: true });
      expect(r.diagnostics).toEqual([]);
      expect(r.exploredBy).toEqual({ eager: 20, rendezvous: 20 });
      const dp = await explore(p, { strategy: "dpor", all: true });
      expect(dp.verdict).toBe("clean");
      expect(dp.complete).toBe(true);
      expect(Object.keys(dp.exploredBy)).toEqual(["eager", "rendezvous"]);
    });
  }

  it("the vitest matchers explore both bufferings too, unless one is pinned", async () => {
    const p = await load(`${FIX}/head-to-head.ts`);
    await expect(p).toHaveDiagnostic("deadlock", { schedules: 4 });
    await expect(p).not.toHaveDiagnostic("deadlock", { schedules: 4, buffering: "eager" });
  });

  it("an unknown buffering is a usage error", async () => {
    const p = await load(`${FIX}/head-to-head.ts`);
    await expect(explore(p, { buffering: "lazy" as never })).rejects.toThrow(/buffering must be eager, rendezvous or both/);
  });
});

describe("the schedule budget is shared between the bufferings", () => {
  it("sampled strategies alternate: even schedules eager, odd rendezvous", async () => {
    const p = await load(`${FIX}/irecv-first.ts`);
    const r = await explore(p, { strategy: "random", schedules: 7, all: true, record: true, shrink: false });
    expect(r.exploredBy).toEqual({ eager: 4, rendezvous: 3 });
    expect(r.runs!.map((x) => decodeToken(x.token).buffering)).toEqual(["eager", "rendezvous", "eager", "rendezvous", "eager", "rendezvous", "eager"]);
    const pinned = await explore(p, { strategy: "random", schedules: 7, all: true, buffering: "rendezvous" });
    expect(pinned.exploredBy).toEqual({ rendezvous: 7 });
  });

  it("treeQuota: an equal share of what is left", () => {
    expect([treeQuota(5, 2, 0, 0), treeQuota(5, 2, 1, 3)]).toEqual([3, 2]);
    expect(treeQuota(5, 2, 1, 1)).toBe(4); // the first tree ended under its share
    expect(treeQuota(1, 2, 1, 1)).toBe(0);
    expect(treeQuota(9, 1, 0, 0)).toBe(9);
  });

  it("DPOR with a schedule limit: each tree gets its share, the same with 1 and 2 workers", async () => {
    const w = await load("test/fixtures/scheduler/wildcard.ts");
    // 4 distinct traces per buffering (test/cli/check.test.ts): a limit of 5 is 3 eager + 2 rendezvous.
    const one = await explore(w, { strategy: "dpor", schedules: 5, all: true, shrink: false, record: true });
    expect(one.exploredBy).toEqual({ eager: 3, rendezvous: 2 });
    expect(one).toMatchObject({ explored: 5, complete: false, stoppedBy: "schedules" });
    const two = await explore(w, { strategy: "dpor", schedules: 5, all: true, shrink: false, record: true, workers: 2 });
    expect(two.runs).toEqual(one.runs);
    expect(two.exploredBy).toEqual(one.exploredBy);
    // A limit the first tree cannot use up goes to the second.
    const pinnedEager = await explore(w, { strategy: "dpor", buffering: "eager", all: true });
    expect(pinnedEager.exploredBy).toEqual({ eager: 4 });
    const wide = await explore(w, { strategy: "dpor", schedules: 7, all: true, shrink: false });
    expect(wide.exploredBy).toEqual({ eager: 4, rendezvous: 3 });
  });
});

describe("which deadlocks rely on buffering", () => {
  it("a cycle of Ssends does not, even when a third rank waits in an unbuffered Send", async () => {
    const p = async (MPI: MPI) => {
      const c = MPI.COMM_WORLD;
      const rank = c.Get_rank();
      const b = new Int32Array(1);
      if (rank === 2) await c.Send(b, 0, 9);
      else {
        await c.Ssend(b, 1 - rank, 0);
        await c.Recv(b, 1 - rank, 0);
      }
    };
    const r = await run(p, { ranks: 3, buffering: "rendezvous" });
    const d = r.diagnostics.find((x) => x.kind === "deadlock")!;
    expect(d.cycle).toEqual([0, 1]);
    expect(d.reliesOnBuffering).toBeUndefined();
    expect(d.message).toMatch(/^no event can happen while 3 rank\(s\) wait/);
  });

  it("a message over the eager limit is not buffered under eager either: the same wording", async () => {
    const p = async (MPI: MPI) => {
      const c = MPI.COMM_WORLD;
      const other = 1 - c.Get_rank();
      const b = new Float64Array(4);
      await c.Send(b, other, 0);
      await c.Recv(b, other, 0);
    };
    const r = await run(p, { ranks: 2, buffering: "eager", eagerLimit: 16 });
    const d = r.diagnostics.find((x) => x.kind === "deadlock")!;
    expect(d).toMatchObject({ reliesOnBuffering: true, buffering: "eager" });
    expect(d.message).toMatch(/relies on buffering .*under eager buffering \(messages over the 16-byte eager limit are not buffered\)/);
    expect((await run(p, { ranks: 2, buffering: "eager" })).status).toBe("ok");
  });
});

describe("the TUI opens a rendezvous token as found", () => {
  it("--schedule TOKEN: rendezvous buffering, at the deadlock", async () => {
    const p = await load(`${FIX}/send-barrier.ts`);
    const token = (await explore(p)).diagnostics[0].schedule!;
    const d = await TuiDriver.open({ program: p, schedule: token });
    const snap = d.snapshot();
    expect(snap.buffering).toBe("rendezvous");
    expect(snap.status).toBe("deadlock");
    expect(d.diagnostics().map((x) => [x.kind, x.reliesOnBuffering])).toEqual([["deadlock", true]]);
    expect(d.token()).toBe(token);
  });
});
