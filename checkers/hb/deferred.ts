/**
 * Clocks computed when someone asks, not at every event.
 *
 * Why: in a halo exchange the happens-before relation is dense. After a grid's diameter in
 * iterations every rank knows every other rank, and each iteration moves every component of every
 * clock forward by one. An exact vector clock (plain, sparse or a tree clock, Mathur et al. 2022,
 * whose join costs what changed) therefore costs Θ(ranks) per rank per iteration: what changes is
 * the whole vector. At 4,096 ranks that is 4,096² × 100 component updates. But the checkers
 * query clocks only for RMA accesses, wildcard receives and file operations; a ring or a halo asks
 * nothing at all.
 *
 * So this layer keeps each rank's own epoch eagerly (an O(1) tick, and every same-rank question
 * answered from it) and appends every other clock operation (snapshot, join, join of several,
 * assignment) to a compact log. The first question that needs another rank's component replays
 * the log, in order, through the eager `Clocks`, so every answer is exactly the eager one. A run
 * that never asks costs O(1) per event and memory linear in its events; a run that asks often pays
 * the eager cost plus the log. The log is replayed anyway past LOG_LIMIT operations, to bound
 * memory on very long runs.
 */
import { Clocks, type Delta, type Snapshot } from "./clock.ts";

/** Replay when the log reaches this many operations (~24 bytes each). */
const LOG_LIMIT = 1 << 24;
/** Log entries (4 per operation) kept in a plain array before the log moves to an Int32Array. */
const SMALL_LOG = 4096;

const SNAP = 0;
const JOIN = 1;
const JOIN_OF = 2;
const ASSIGN = 3;

/** A rank's base and delta at one point of the log, filled in when the log is replayed up to it. */
class Cell {
  base: Int32Array | null = null;
  delta: Delta | null = null;
  done = false;
  constructor(readonly owner: DeferredClocks) {}
  resolve(): void {
    if (!this.done) this.owner.flush();
  }
}

/** A snapshot whose vector part is computed on first use. */
class LazySnapshot implements Snapshot {
  constructor(
    readonly rank: number,
    readonly own: number,
    readonly cell: Cell,
  ) {}
  get base(): Int32Array | null {
    this.cell.resolve();
    return this.cell.base;
  }
  get delta(): Delta | null {
    this.cell.resolve();
    return this.cell.delta;
  }
}

interface JoinOfOp {
  ranks: readonly number[];
  /** epochs[i]: the own component of ranks[i] */
  epochs: Int32Array;
  cell: Cell;
}

interface AssignOp {
  ranks: readonly number[];
  cell: Cell;
}

export class DeferredClocks {
  /** own[r]: rank r's own component, kept eagerly. */
  readonly own: Int32Array;
  private readonly eager: Clocks;
  /**
   * Per operation: kind, rank, and (joins) the snapshot's rank and own component. A short log
   * (most runs) is a plain array of small integers: a typed array over 64 bytes has an off-heap
   * store, a microsecond to make in every run. A long one moves to 32-bit cells (half the memory).
   */
  private ops: number[] | Int32Array = [];
  private objs: (Cell | JoinOfOp | AssignOp | Snapshot)[] = [];
  private count = 0;
  /** The cell of rank r's clock as it is now (null: it changed since the last snapshot). */
  private readonly current: (Cell | null)[];
  /** Bumped whenever an operation that may change rank r's clock is logged. */
  private readonly changes: Int32Array;
  private scratch: Int32Array | null = null;

  constructor(readonly size: number) {
    this.own = new Int32Array(size).fill(1);
    this.eager = new Clocks(size);
    this.current = new Array<Cell | null>(size).fill(null);
    this.changes = new Int32Array(size);
  }

  /** Rank r's knowledge of rank q's epoch. */
  get(r: number, q: number): number {
    if (r === q) return this.own[r];
    this.flush();
    return this.eager.get(r, q);
  }

  /** Did the event at (rank q, epoch e) happen before rank r's current point? */
  knows(r: number, q: number, e: number): boolean {
    return e <= this.get(r, q);
  }

  /**
   * A token that changes whenever rank r's clock may have (a join or assignment was logged for
   * it); equal tokens mean the clock is unchanged.
   */
  version(r: number): number {
    return this.changes[r];
  }

  /** Rank r's base vector (identity only; for tests and tools). */
  baseOf(r: number): Int32Array | null {
    this.flush();
    return this.eager.baseOf(r);
  }

  tick(r: number): void {
    this.own[r]++;
  }

  /** Rank r's clock with its own component set to `own`. */
  snapshot(r: number, own: number = this.own[r]): Snapshot {
    let c = this.current[r];
    if (c === null) {
      c = new Cell(this);
      this.current[r] = c;
      this.log(SNAP, r, 0, 0, c);
    }
    return new LazySnapshot(r, own, c);
  }

  /** Rank r acquires a snapshot. */
  join(r: number, s: Snapshot): void {
    this.changed(r);
    if (s instanceof LazySnapshot && s.cell.owner === this) this.log(JOIN, r, s.rank, s.own, s.cell);
    else this.log(JOIN, r, s.rank, s.own, s);
  }

  /** The pointwise maximum of some ranks' clocks, own components `epochs[r]` (see Clocks.joinOf). */
  joinOf(ranks: readonly number[], epochs: Int32Array): Snapshot {
    const e = new Int32Array(ranks.length);
    for (let i = 0; i < ranks.length; i++) e[i] = epochs[ranks[i]];
    const cell = new Cell(this);
    this.log(JOIN_OF, -1, 0, 0, { ranks: ranks.slice(), epochs: e, cell });
    return new LazySnapshot(-1, 0, cell);
  }

  /** Give every rank in `ranks` the snapshot `s` as its whole clock (see Clocks.assignJoin). */
  assignJoin(ranks: readonly number[], s: Snapshot): void {
    for (const r of ranks) this.changed(r);
    const cell = s instanceof LazySnapshot && s.cell.owner === this ? s.cell : this.resolved(s);
    this.log(ASSIGN, -1, 0, 0, { ranks: ranks.slice(), cell });
  }

  /** Replay the log through the eager clocks. */
  flush(): void {
    const n = this.count;
    if (n === 0) return;
    this.count = 0;
    const ops = this.ops;
    const objs = this.objs;
    this.objs = [];
    const eager = this.eager;
    for (let i = 0; i < n; i++) {
      const k = ops[4 * i];
      const r = ops[4 * i + 1];
      const o = objs[i];
      switch (k) {
        case SNAP: {
          const s = eager.snapshot(r, 0);
          const c = o as Cell;
          c.base = s.base;
          c.delta = s.delta;
          c.done = true;
          break;
        }
        case JOIN: {
          if (o instanceof Cell) eager.joinParts(r, o.base, o.delta, ops[4 * i + 2], ops[4 * i + 3]);
          else eager.join(r, o as Snapshot);
          break;
        }
        case JOIN_OF: {
          const j = o as JoinOfOp;
          const ep = this.scratch ?? (this.scratch = new Int32Array(this.size));
          for (let x = 0; x < j.ranks.length; x++) ep[j.ranks[x]] = j.epochs[x];
          const s = eager.joinOf(j.ranks, ep);
          j.cell.base = s.base;
          j.cell.delta = s.delta;
          j.cell.done = true;
          break;
        }
        case ASSIGN: {
          const a = o as AssignOp;
          eager.assignJoin(a.ranks, { base: a.cell.base, delta: a.cell.delta, rank: -1, own: 0 });
          break;
        }
      }
    }
  }

  private changed(r: number): void {
    this.changes[r]++;
    this.current[r] = null;
  }

  /** A cell holding a snapshot that did not come from this log (already computed). */
  private resolved(s: Snapshot): Cell {
    const c = new Cell(this);
    c.base = s.base;
    c.delta = s.delta;
    c.done = true;
    return c;
  }

  /** Room for one more operation in the log. */
  private grow(): number[] | Int32Array {
    const old = this.ops;
    if (Array.isArray(old) && old.length < SMALL_LOG) {
      old.push(0, 0, 0, 0);
      return old;
    }
    const grown = new Int32Array(2 * old.length);
    grown.set(old);
    this.ops = grown;
    return grown;
  }

  private log(kind: number, r: number, a: number, b: number, o: Cell | JoinOfOp | AssignOp | Snapshot): void {
    const i = this.count;
    const ops = 4 * i + 4 > this.ops.length ? this.grow() : this.ops;
    ops[4 * i] = kind;
    ops[4 * i + 1] = r;
    ops[4 * i + 2] = a;
    ops[4 * i + 3] = b;
    this.objs.push(o);
    this.count = i + 1;
    if (this.count >= LOG_LIMIT) this.flush();
  }
}
