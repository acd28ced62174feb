/**
 * The happens-before service on hand-written trace records: which edges MPI promises (and which
 * it does not), epochs stamped at calls, copy-on-write clocks.
 */
import { describe, expect, it } from "vitest";
import { Clocks } from "../../checkers/hb/clock.ts";
import { HappensBefore } from "../../checkers/hb/hb.ts";
import type { TraceRecord } from "../../core/trace.ts";
import type { EpochKind } from "../../core/rma/records.ts";

let step = 0;
/** Records of one scheduler step share its number (a collective's sync and its completions do). */
let hold = false;
const base = (rank: number) => ({ step: hold ? step : ++step, rank, time: 0 });
/** A collective completing: its sync record and each member's request completion, in one step. */
function completes(hb: HappensBefore, s: TraceRecord, reqs: [number, number][]): void {
  hb.onRecord(s);
  hold = true;
  for (const [r, id] of reqs) hb.onRecord(req(r, id, "complete", "coll"));
  hold = false;
}
const call = (rank: number, name: string, reqs?: number[], blocking = false): TraceRecord => ({ t: "call", ...base(rank), id: 0, call: name, ...(reqs ? { reqs } : {}), ...(blocking ? { blocking } : {}) });
const req = (rank: number, r: number, what: "wait" | "complete" | "free", kind = "recv"): TraceRecord => ({ t: "request", ...base(rank), req: r, what, kind });
const deliver = (src: number, dst: number, sreq: number, rreq: number, ssend = false): TraceRecord => ({
  t: "deliver", ...base(dst), msg: `${src}:0`, src, dst, comm: "w", tag: 0, bytes: 4, sreq, rreq, sync: ssend, ssend, wildcard: false,
});
const sync = (kind: string, members: number[], root?: number): TraceRecord => ({ t: "sync", ...base(members[0]), kind, comm: "w", seq: 0, members, ...(root !== undefined ? { root } : {}) });

/** An access at rank r now: (rank, epoch). */
const at = (hb: HappensBefore, r: number) => ({ r, e: hb.epoch(r) });
const before = (hb: HappensBefore, a: { r: number; e: number }, r: number) => hb.knows(r, a.r, a.e);

describe("Clocks", () => {
  it("joins pointwise, shares vectors until written, and never covers a rank's later epochs", () => {
    const c = new Clocks(3);
    c.tick(0);
    const s = c.snapshot(0, c.own[0] - 1);
    c.tick(0);
    c.join(1, s);
    expect(c.get(1, 0)).toBe(1);
    expect(c.knows(1, 0, 2)).toBe(false);
    const j = c.joinOf([0, 1, 2], c.own);
    c.assignJoin([0, 1, 2], j);
    expect(c.baseOf(0)).toBe(c.baseOf(2));
    c.join(2, c.snapshot(1, 5));
    expect(c.get(2, 1)).toBe(5);
    expect(c.get(0, 1)).toBeLessThan(5);
    expect(c.get(0, 1)).toBe(c.own[1]);
  });
});

describe("HappensBefore", () => {
  it("a message orders the send before the receive's Wait, not before its posting", () => {
    const hb = new HappensBefore(2);
    const a = at(hb, 0);
    hb.onRecord(call(0, "Comm.Isend", [1]));
    const after = at(hb, 0);
    hb.onRecord(call(1, "Comm.Irecv", [2]));
    hb.onRecord(deliver(0, 1, 1, 2));
    expect(before(hb, a, 1)).toBe(false); // delivered, but rank 1 has not consumed the request
    hb.onRecord(call(1, "Request.Wait", [2], true));
    hb.onRecord(req(1, 2, "wait"));
    expect(before(hb, a, 1)).toBe(true);
    expect(before(hb, after, 1)).toBe(false); // what rank 0 does after the Isend is not covered
  });

  it("an eager send waited for before the delivery still carries its clock", () => {
    const hb = new HappensBefore(2);
    const a = at(hb, 0);
    hb.onRecord(call(0, "Comm.Isend", [1]));
    hb.onRecord(call(0, "Request.Wait", [1], true));
    hb.onRecord(req(0, 1, "wait", "send"));
    hb.onRecord(call(1, "Comm.Recv", [2]));
    hb.onRecord(deliver(0, 1, 1, 2));
    hb.onRecord(req(1, 2, "wait"));
    expect(before(hb, a, 1)).toBe(true);
  });

  it("Ssend: the receive's posting happens before the send completes; a standard send promises nothing back", () => {
    for (const ssend of [true, false]) {
      const hb = new HappensBefore(2);
      const r = at(hb, 1);
      hb.onRecord(call(1, "Comm.Irecv", [2]));
      hb.onRecord(call(0, ssend ? "Comm.Ssend" : "Comm.Send", [1]));
      hb.onRecord(deliver(0, 1, 1, 2, ssend));
      hb.onRecord(req(0, 1, "wait", "send"));
      expect(before(hb, r, 0)).toBe(ssend);
    }
  });

  it("Barrier orders everyone's past before everyone's future; Bcast only the root's; Reduce only into the root", () => {
    const check = (kind: string, root: number | undefined, expected: boolean[][]) => {
      const hb = new HappensBefore(3);
      const pre = [0, 1, 2].map((r) => at(hb, r));
      for (const r of [0, 1, 2]) hb.onRecord(call(r, `Comm.${kind}`, undefined, true));
      completes(hb, sync(kind, [0, 1, 2], root), [[0, 10], [1, 11], [2, 12]]);
      for (const r of [0, 1, 2]) hb.onRecord(req(r, 10 + r, "wait", "coll"));
      // expected[i][j]: rank i's pre-call access happens before rank j's post-call point
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i !== j) expect(before(hb, pre[i], j), `${kind} ${i}→${j}`).toBe(expected[i][j]);
    };
    const T = true, F = false;
    check("Barrier", undefined, [[T, T, T], [T, T, T], [T, T, T]]);
    check("Allreduce", undefined, [[T, T, T], [T, T, T], [T, T, T]]);
    check("Bcast", 0, [[T, T, T], [F, T, F], [F, F, T]]);
    check("Reduce", 0, [[T, F, F], [T, T, F], [T, F, T]]);
    check("Scan", undefined, [[T, T, T], [F, T, T], [F, F, T]]);
    check("Exscan", undefined, [[T, T, T], [F, T, T], [F, F, T]]);
    check("Dup", undefined, [[T, F, F], [F, T, F], [F, F, T]]);
  });

  it("a collective carries the clock of each member's call, not what a member does after it", () => {
    const hb = new HappensBefore(2);
    hb.onRecord(call(0, "Comm.Barrier", undefined, true));
    hb.onRecord(call(1, "Comm.Barrier", undefined, true));
    completes(hb, sync("Barrier", [0, 1]), [[0, 1], [1, 2]]);
    hb.onRecord(req(0, 1, "wait", "coll"));
    const after0 = at(hb, 0);
    hb.onRecord(req(1, 2, "wait", "coll"));
    expect(before(hb, after0, 1)).toBe(false);
  });

  it("PSCW: Post before the matching Start, Complete before the matching Wait", () => {
    const hb = new HappensBefore(2);
    const ep = (rank: number, kind: EpochKind, group: number[]): TraceRecord => ({ t: "epoch", ...base(rank), win: "w#0", kind, group });
    const t0 = at(hb, 1);
    hb.onRecord(call(1, "Win.Post", undefined, true));
    hb.onRecord(ep(1, "post", [0]));
    hb.onRecord(call(0, "Win.Start", undefined, true));
    hb.onRecord(ep(0, "start", [1]));
    expect(before(hb, t0, 0)).toBe(true);
    const o0 = at(hb, 0);
    hb.onRecord(call(0, "Win.Complete", undefined, true));
    hb.onRecord(ep(0, "complete", [1]));
    hb.onRecord(call(1, "Win.Wait", undefined, true));
    expect(before(hb, o0, 1)).toBe(false);
    hb.onRecord(ep(1, "wait", [0]));
    expect(before(hb, o0, 1)).toBe(true);
  });

  it("Fence (the window's own collective) is a barrier; window creation is not", () => {
    const hb = new HappensBefore(2);
    const pre = at(hb, 0);
    hb.onRecord(call(0, "Win.Create", undefined, true));
    hb.onRecord(call(1, "Win.Create", undefined, true));
    completes(hb, sync("Win.Create", [0, 1]), [[1, 2]]);
    hb.onRecord(req(1, 2, "wait", "coll"));
    expect(before(hb, pre, 1)).toBe(false);
    hb.onRecord(call(0, "Win.Fence", undefined, true));
    hb.onRecord(call(1, "Win.Fence", undefined, true));
    completes(hb, sync("Win.Fence", [0, 1]), [[1, 3]]);
    hb.onRecord(req(1, 3, "wait", "coll"));
    expect(before(hb, pre, 1)).toBe(true);
  });

  it("stays linear in memory with many ranks: a barrier shares one vector", () => {
    const n = 2048;
    const hb = new HappensBefore(n);
    const all = Array.from({ length: n }, (_, i) => i);
    for (const r of all) hb.onRecord(call(r, "Comm.Barrier", undefined, true));
    completes(hb, sync("Barrier", all), all.map((r) => [r, r] as [number, number]));
    for (const r of all) hb.onRecord(req(r, r, "wait", "coll"));
    const v = hb.clocks.baseOf(0);
    expect(all.every((r) => hb.clocks.baseOf(r) === v)).toBe(true);
  });
});
