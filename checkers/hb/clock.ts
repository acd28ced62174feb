/**
 * Vector clocks for the happens-before service, shaped so that the common operations stay cheap
 * at thousands of ranks:
 *
 * - a rank's own component lives apart from its vector (`own[r]`), so ticking (done at every MPI
 *   call) never touches, copies or allocates the vector;
 * - vectors are copy-on-write: a snapshot (what a message or a collective carries) shares the
 *   sender's vector and marks it shared; the first later join at that rank copies it. A rank
 *   that sends many messages between two receives pays for one copy, not one per message;
 * - a barrier-like synchronisation computes the join of its members once and hands every member
 *   the same (shared) vector.
 *
 * Components are 32-bit: a rank ticks once per MPI call, so 2^31 calls per rank per run is the
 * limit. Tree clocks (Mathur et al., 2022) would make joins sublinear when little changes; the
 * interface here (get / join / snapshot) is what such a replacement would have to offer.
 */

/** An immutable picture of one rank's clock at one point of its program. */
export interface Snapshot {
  /** The rank's vector at that point (shared: never written again). Its own entry is stale. */
  readonly vec: Int32Array;
  readonly rank: number;
  /** The rank's own component at that point. */
  readonly own: number;
}

/** Per-rank vectors with copy-on-write sharing; see the file comment. */
export class Clocks {
  /** own[r]: rank r's own component (its current epoch). Starts at 1: 0 means "knows nothing". */
  readonly own: Int32Array;
  private readonly vecs: Int32Array[];
  /** shared[r]: vecs[r] is referenced by a snapshot (or by other ranks) and must be copied before a write. */
  private readonly shared: Uint8Array;

  constructor(readonly size: number) {
    this.own = new Int32Array(size).fill(1);
    // All ranks start with the same all-zero vector, shared until someone learns something.
    const zero = new Int32Array(size);
    this.vecs = new Array<Int32Array>(size).fill(zero);
    this.shared = new Uint8Array(size).fill(1);
  }

  /** Rank r's knowledge of rank q's epoch. */
  get(r: number, q: number): number {
    return r === q ? this.own[r] : this.vecs[r][q];
  }

  /** Rank r's vector object right now (identity only: to tell whether it changed). */
  vecOf(r: number): Int32Array {
    return this.vecs[r];
  }

  /** Did the event at (rank q, epoch e) happen before rank r's current point? */
  knows(r: number, q: number, e: number): boolean {
    return e <= (r === q ? this.own[r] : this.vecs[r][q]);
  }

  /** Advance rank r's own epoch (events after this point are not covered by earlier snapshots). */
  tick(r: number): void {
    this.own[r]++;
  }

  /** Rank r's clock with its own component set to `own` (an epoch r has reached). */
  snapshot(r: number, own: number = this.own[r]): Snapshot {
    this.shared[r] = 1;
    return { vec: this.vecs[r], rank: r, own };
  }

  private writable(r: number): Int32Array {
    if (this.shared[r] === 0) return this.vecs[r];
    const v = this.vecs[r].slice();
    this.vecs[r] = v;
    this.shared[r] = 0;
    return v;
  }

  /** Rank r acquires a snapshot: r's vector becomes the pointwise maximum. */
  join(r: number, s: Snapshot): void {
    if (s.rank === r && s.vec === this.vecs[r]) return;
    const q = s.rank;
    const sv = s.vec;
    let v = this.vecs[r];
    if (sv !== v) {
      // Copy only when something is actually learnt.
      const n = this.size;
      let i = 0;
      for (; i < n; i++) if (sv[i] > v[i] && i !== r) break;
      if (i < n) {
        v = this.writable(r);
        for (; i < n; i++) if (sv[i] > v[i]) v[i] = sv[i];
      }
    }
    if (q !== r && s.own > v[q]) {
      v = this.writable(r);
      v[q] = s.own;
    }
  }

  /**
   * The pointwise maximum of some ranks' current clocks, with own components `epochs[r]`, as a
   * snapshot attributed to no rank (own = 0, rank = -1). For barrier-like synchronisation.
   */
  joinOf(ranks: readonly number[], epochs: Int32Array): Snapshot {
    const n = this.size;
    let first: Int32Array | null = null;
    let same = true;
    for (const r of ranks) {
      if (first === null) first = this.vecs[r];
      else if (this.vecs[r] !== first) same = false;
    }
    let out: Int32Array;
    if (first !== null && same) {
      out = first.slice();
    } else {
      out = new Int32Array(n);
      for (const r of ranks) {
        const v = this.vecs[r];
        for (let i = 0; i < n; i++) if (v[i] > out[i]) out[i] = v[i];
      }
    }
    for (const r of ranks) if (epochs[r] > out[r]) out[r] = epochs[r];
    return { vec: out, rank: -1, own: 0 };
  }

  /**
   * Give every rank in `ranks` the vector `s` joined with its own (for a barrier whose join
   * already covers them all: they then share one vector until one of them learns more).
   */
  assignJoin(ranks: readonly number[], s: Snapshot): void {
    for (const r of ranks) {
      this.vecs[r] = s.vec;
      this.shared[r] = 1;
    }
  }
}
