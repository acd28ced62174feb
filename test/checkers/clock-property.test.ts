/**
 * The happens-before clocks (the eager sparse/shared `Clocks` and the `DeferredClocks` the service
 * uses) against a plain vector clock per rank, on random sequences of ticks, snapshots, joins,
 * barrier-like joins (shared at once or acquired later, as hb.ts does) and questions.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Clocks, snapshotGet, type Snapshot } from "../../checkers/hb/clock.ts";
import { DeferredClocks } from "../../checkers/hb/deferred.ts";

type Op =
  | { k: "tick"; r: number }
  | { k: "snap"; r: number }
  | { k: "join"; r: number; s: number }
  | { k: "barrier"; ranks: number[]; later: boolean }
  | { k: "finish"; b: number; i: number }
  | { k: "ask"; r: number; q: number }
  | { k: "askSnap"; s: number; q: number };

type Impl = Clocks | DeferredClocks;

/** The reference: a full vector per rank; position r of rank r's vector is its own epoch. */
class Plain {
  readonly v: number[][];
  constructor(readonly n: number) {
    this.v = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, q) => (q === r ? 1 : 0)));
  }
  join(r: number, s: readonly number[]): void {
    for (let q = 0; q < this.n; q++) if (q !== r && s[q] > this.v[r][q]) this.v[r][q] = s[q];
  }
  joinOf(ranks: readonly number[]): number[] {
    const out = new Array<number>(this.n).fill(0);
    for (const m of ranks) for (let q = 0; q < this.n; q++) out[q] = Math.max(out[q], this.v[m][q]);
    return out;
  }
}

const opArb = (n: number): fc.Arbitrary<Op> => {
  const rank = fc.integer({ min: 0, max: n - 1 });
  const idx = fc.nat(1000);
  return fc.oneof(
    { arbitrary: fc.record({ k: fc.constant("tick" as const), r: rank }), weight: 4 },
    { arbitrary: fc.record({ k: fc.constant("snap" as const), r: rank }), weight: 4 },
    { arbitrary: fc.record({ k: fc.constant("join" as const), r: rank, s: idx }), weight: 5 },
    {
      arbitrary: fc.record({ k: fc.constant("barrier" as const), ranks: fc.uniqueArray(rank, { minLength: 1, maxLength: n }), later: fc.boolean() }),
      weight: 1,
    },
    { arbitrary: fc.record({ k: fc.constant("finish" as const), b: idx, i: idx }), weight: 2 },
    { arbitrary: fc.record({ k: fc.constant("ask" as const), r: rank, q: rank }), weight: 2 },
    { arbitrary: fc.record({ k: fc.constant("askSnap" as const), s: idx, q: rank }), weight: 2 },
  );
};

interface Pending {
  ranks: number[];
  snap: Snapshot;
  ref: number[];
  prev: number[];
  done: boolean[];
}

/** Run `ops` on `c` and on the reference, checking every answer; the version trick as hb.ts uses it. */
function check(c: Impl, n: number, ops: Op[], withVersions: boolean): void {
  const ref = new Plain(n);
  const snaps: { s: Snapshot; ref: number[] }[] = [];
  const pending: Pending[] = [];
  const acquire = (p: Pending, i: number) => {
    if (p.done[i]) return;
    p.done[i] = true;
    const m = p.ranks[i];
    if (withVersions && c.version(m) === p.prev[i]) c.assignJoin([m], p.snap);
    else c.join(m, p.snap);
    ref.join(m, p.ref);
  };
  for (const op of ops) {
    switch (op.k) {
      case "tick":
        c.tick(op.r);
        ref.v[op.r][op.r]++;
        break;
      case "snap":
        snaps.push({ s: c.snapshot(op.r), ref: ref.v[op.r].slice() });
        break;
      case "join": {
        if (snaps.length === 0) break;
        const s = snaps[op.s % snaps.length];
        c.join(op.r, s.s);
        ref.join(op.r, s.ref);
        break;
      }
      case "barrier": {
        const p: Pending = {
          ranks: op.ranks,
          snap: c.joinOf(op.ranks, c.own),
          ref: ref.joinOf(op.ranks),
          prev: op.ranks.map((m) => c.version(m)),
          done: op.ranks.map(() => false),
        };
        if (op.later) pending.push(p);
        else for (let i = 0; i < p.ranks.length; i++) acquire(p, i);
        break;
      }
      case "finish": {
        if (pending.length === 0) break;
        const p = pending[op.b % pending.length];
        acquire(p, op.i % p.ranks.length);
        break;
      }
      case "ask":
        expect(c.get(op.r, op.q)).toBe(ref.v[op.r][op.q]);
        expect(c.knows(op.r, op.q, ref.v[op.r][op.q] + 1)).toBe(false);
        break;
      case "askSnap": {
        if (snaps.length === 0) break;
        const s = snaps[op.s % snaps.length];
        expect(snapshotGet(s.s, op.q)).toBe(s.ref[op.q]);
        break;
      }
    }
  }
  for (let r = 0; r < n; r++) for (let q = 0; q < n; q++) expect(c.get(r, q)).toBe(ref.v[r][q]);
  for (const s of snaps) for (let q = 0; q < n; q++) expect(snapshotGet(s.s, q)).toBe(s.ref[q]);
}

const scenario = fc
  .oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 16, max: 40 }), fc.integer({ min: 64, max: 80 }))
  .chain((n) => fc.tuple(fc.constant(n), fc.array(opArb(n), { minLength: 10, maxLength: 200, size: "max" })));

describe("clocks against a plain vector clock", () => {
  it("the eager clocks answer as the plain vector clock does", () => {
    fc.assert(
      fc.property(scenario, ([n, ops]) => check(new Clocks(n), n, ops, true)),
      { numRuns: 150 },
    );
  });

  it("the deferred clocks answer as the plain vector clock does, whenever they are asked", () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ([n, ops], withVersions) => check(new DeferredClocks(n), n, ops, withVersions)),
      { numRuns: 150 },
    );
  });

  it("a run that asks nothing about other ranks replays nothing", () => {
    const c = new DeferredClocks(4);
    const s = c.snapshot(0);
    c.join(1, s);
    c.tick(1);
    expect(c.get(1, 1)).toBe(2);
    expect(snapshotGet(s, 0)).toBe(1);
    expect((c as unknown as { count: number }).count).toBe(2);
    expect(c.get(1, 0)).toBe(1);
    expect((c as unknown as { count: number }).count).toBe(0);
  });
});
