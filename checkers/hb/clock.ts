/**
 * Vector clocks for the happens-before service, shaped so that thousands of ranks stay cheap:
 *
 * - a rank's own component lives apart (`own[r]`), so ticking (done at every MPI call) never
 *   touches a vector;
 * - a clock is a dense `base` vector, shared and never written once shared, plus a small sparse
 *   `delta` of what the rank learnt since. After a barrier every member holds the same base and an
 *   empty delta, so a message between them merges deltas only; a ring or a halo exchange that
 *   learns a few ranks per step stays sparse. A delta that grows past N/16 entries is folded into
 *   a (private) base;
 * - snapshots (what a message or a collective carries) share base and delta, copy-on-write;
 * - a barrier-like synchronisation computes the join once and hands every member the same base.
 *
 * Components are 32-bit: a rank ticks once per MPI call. The happens-before service drives these
 * clocks through deferred.ts, which replays its log here only when a checker asks a cross-rank
 * question: a halo's clocks are dense and change in every component each iteration, so no exact
 * clock (tree clocks, Mathur et al. 2022, included) makes them cheaper to keep up to date.
 */

/** What a rank learnt since its base: rank → epoch. */
export type Delta = Map<number, number>;

/** An immutable picture of one rank's clock at one point of its program. */
export interface Snapshot {
  readonly base: Int32Array | null;
  readonly delta: Delta | null;
  /** The rank whose clock it is (-1 for a join of several). */
  readonly rank: number;
  /** That rank's own component at that point. */
  readonly own: number;
}

/** The snapshot's knowledge of rank q's epoch. */
export function snapshotGet(s: Snapshot, q: number): number {
  if (q === s.rank) return s.own;
  const b = s.base;
  let v = b === null ? 0 : b[q];
  const delta = s.delta;
  if (delta !== null) {
    const d = delta.get(q);
    if (d !== undefined && d > v) v = d;
  }
  return v;
}

/** Bases a base was computed from (so it dominates them): lets a join adopt a newer base as is. */
const PARENTS = new WeakMap<Int32Array, Int32Array[]>();

/** Does base a dominate base b by construction? A bounded search of a's ancestry (false = "not known"). */
function dominates(a: Int32Array, b: Int32Array): boolean {
  if (a === b) return true;
  let frontier = PARENTS.get(a);
  let budget = 8;
  while (frontier !== undefined && budget > 0) {
    let next: Int32Array[] | undefined;
    for (const p of frontier) {
      if (p === b) return true;
      if (--budget === 0) return false;
      const ps = PARENTS.get(p);
      if (ps !== undefined) next = next === undefined ? ps.slice() : next.concat(ps);
    }
    frontier = next;
  }
  return false;
}

export class Clocks {
  /** own[r]: rank r's own component (its current epoch). Starts at 1: 0 means "knows nothing". */
  readonly own: Int32Array;
  private readonly base: (Int32Array | null)[];
  private readonly delta: (Delta | null)[];
  /** the base / delta of rank r is referenced elsewhere (snapshots, other ranks): copy before writing */
  private readonly baseShared: Uint8Array;
  private readonly deltaShared: Uint8Array;
  /** bumped whenever rank r's clock changes (other than its own component) */
  private readonly changes: Int32Array;
  private readonly limit: number;
  /** Track which bases dominate which (worth it only when vectors are long). */
  private readonly lineage: boolean;

  constructor(readonly size: number) {
    this.own = new Int32Array(size).fill(1);
    this.base = new Array<Int32Array | null>(size).fill(null);
    this.delta = new Array<Delta | null>(size).fill(null);
    this.baseShared = new Uint8Array(size);
    this.deltaShared = new Uint8Array(size);
    this.changes = new Int32Array(size);
    this.limit = size >> 4;
    this.lineage = size >= 64;
  }

  /** Rank r's knowledge of rank q's epoch. */
  get(r: number, q: number): number {
    if (r === q) return this.own[r];
    const b = this.base[r];
    let v = b === null ? 0 : b[q];
    const d = this.delta[r];
    if (d !== null) {
      const x = d.get(q);
      if (x !== undefined && x > v) v = x;
    }
    return v;
  }

  /** Did the event at (rank q, epoch e) happen before rank r's current point? */
  knows(r: number, q: number, e: number): boolean {
    return e <= this.get(r, q);
  }

  /** A token that changes whenever rank r's clock does (to tell whether it changed since). */
  version(r: number): number {
    return this.changes[r];
  }

  /** Rank r's base vector (identity only; for tests and tools). */
  baseOf(r: number): Int32Array | null {
    return this.base[r];
  }

  /** Advance rank r's own epoch (events after this point are not covered by earlier snapshots). */
  tick(r: number): void {
    this.own[r]++;
  }

  /** Rank r's clock with its own component set to `own` (an epoch r has reached). */
  snapshot(r: number, own: number = this.own[r]): Snapshot {
    this.baseShared[r] = 1;
    this.deltaShared[r] = 1;
    return { base: this.base[r], delta: this.delta[r], rank: r, own };
  }

  /** Rank r learns that rank q reached epoch e. */
  private put(r: number, q: number, e: number): void {
    if (e <= this.get(r, q)) return;
    if (this.limit === 0) {
      // Few ranks: dense vectors only (a delta would be folded at once anyway).
      this.writableBase(r)[q] = e;
      this.changes[r]++;
      return;
    }
    let d = this.delta[r];
    if (d === null) {
      d = new Map();
      this.delta[r] = d;
      this.deltaShared[r] = 0;
    } else if (this.deltaShared[r] === 1) {
      d = new Map(d);
      this.delta[r] = d;
      this.deltaShared[r] = 0;
    }
    d.set(q, e);
    this.changes[r]++;
    if (d.size > this.limit) this.fold(r);
  }

  /** Rank r's base, made private (copied when shared) so it can be written. */
  private writableBase(r: number): Int32Array {
    const old = this.base[r];
    if (old !== null && this.baseShared[r] === 0) return old;
    const b = old === null ? new Int32Array(this.size) : old.slice();
    if (old !== null && this.lineage) PARENTS.set(b, [old]);
    this.base[r] = b;
    this.baseShared[r] = 0;
    return b;
  }

  /** Fold rank r's delta into its base (a private copy when the base is shared). */
  private fold(r: number): void {
    const d = this.delta[r];
    if (d === null) return;
    const b = this.writableBase(r);
    for (const [q, e] of d) if (e > b[q]) b[q] = e;
    this.delta[r] = null;
    this.deltaShared[r] = 0;
  }

  /** Rank r acquires a snapshot: r's clock becomes the pointwise maximum. */
  join(r: number, s: Snapshot): void {
    this.joinParts(r, s.base, s.delta, s.rank, s.own);
  }

  /** `join` with the snapshot's fields given one by one (the deferred log keeps them so). */
  joinParts(r: number, sb: Int32Array | null, sd: Delta | null, srank: number, sown: number): void {
    const mb = this.base[r];
    if (sb !== null && sb !== mb) {
      if (mb === null || (this.lineage && dominates(sb, mb))) {
        // Adopt the newer base; r's delta entries stay valid (a component is the max of both).
        this.base[r] = sb;
        this.baseShared[r] = 1;
        this.changes[r]++;
      } else if (!this.lineage || !dominates(mb, sb)) {
        const n = this.size;
        let i = 0;
        for (; i < n; i++) if (sb[i] > mb[i] && i !== r) break;
        if (i < n) {
          let b: Int32Array;
          if (this.baseShared[r] === 1) {
            b = mb.slice();
            if (this.lineage) PARENTS.set(b, [mb, sb]);
            this.base[r] = b;
            this.baseShared[r] = 0;
          } else {
            b = mb;
            if (this.lineage) {
              const ps = PARENTS.get(b);
              if (ps === undefined) PARENTS.set(b, [sb]);
              else if (ps.length < 4) ps.push(sb);
            }
          }
          for (; i < n; i++) if (sb[i] > b[i]) b[i] = sb[i];
          this.changes[r]++;
        }
      }
    }
    if (sd !== null) for (const [q, e] of sd) if (q !== r) this.put(r, q, e);
    if (srank >= 0 && srank !== r) this.put(r, srank, sown);
  }

  /**
   * The pointwise maximum of some ranks' current clocks, with own components `epochs[r]`, as a
   * snapshot attributed to no rank (own = 0, rank = -1). For barrier-like synchronisation.
   */
  joinOf(ranks: readonly number[], epochs: Int32Array): Snapshot {
    const n = this.size;
    const bases: Int32Array[] = [];
    for (const r of ranks) {
      const b = this.base[r];
      if (b !== null && !bases.includes(b)) bases.push(b);
    }
    // Drop bases another one dominates (the common case: one barrier generation).
    const kept = this.lineage ? bases.filter((b) => !bases.some((o) => o !== b && dominates(o, b))) : bases;
    const out = kept.length > 0 ? kept[0].slice() : new Int32Array(n);
    for (let k = 1; k < kept.length; k++) {
      const b = kept[k];
      for (let i = 0; i < n; i++) if (b[i] > out[i]) out[i] = b[i];
    }
    if (kept.length > 0 && this.lineage) PARENTS.set(out, kept.slice(0, 4));
    for (const r of ranks) {
      const d = this.delta[r];
      if (d !== null) for (const [q, e] of d) if (e > out[q]) out[q] = e;
      if (epochs[r] > out[r]) out[r] = epochs[r];
    }
    return { base: out, delta: null, rank: -1, own: 0 };
  }

  /**
   * Give every rank in `ranks` the snapshot `s` as its whole clock, for a join that covers each
   * of them (a barrier): they then share one base and learn nothing else until they do.
   */
  assignJoin(ranks: readonly number[], s: Snapshot): void {
    for (const r of ranks) {
      this.base[r] = s.base;
      this.baseShared[r] = 1;
      this.delta[r] = s.delta;
      this.deltaShared[r] = 1;
      this.changes[r]++;
    }
  }
}
