import type { SourceLoc } from "../../core/errors.ts";
import type { LockInfo, Mode, OpInfo } from "./model.ts";

/** One access to window memory still relevant for race checks. */
export interface Entry {
  rank: number;
  /** the rank's epoch at the access (local accesses; for RMA ops see `op`) */
  epoch: number;
  mode: Mode;
  lo: number;
  hi: number;
  /** the RMA operation, or null for the target's own load/store */
  op: OpInfo | null;
  lock: LockInfo | null;
  loc: SourceLoc | undefined;
  /** position in the trace */
  seq: number;
  dead: boolean;
  /** scan stamp (an entry can sit in several buckets) */
  mark: number;
  /** the entries it was reported racing with */
  races: Entry[] | null;
}

const SHIFT = 6;
/** Accesses longer than this go to one list scanned by every access instead of to buckets. */
const BIG = 4096;

/**
 * The accesses of one ArrayBuffer of window memory, bucketed by 64-byte blocks so that an
 * element access looks at a handful of entries. Entries are retired lazily (marked dead, dropped
 * when a scan meets them).
 */
export class Shadow {
  private buckets = new Map<number, Entry[]>();
  private big: Entry[] = [];
  private stamp = 0;

  add(e: Entry): void {
    if (e.hi - e.lo > BIG) {
      this.big.push(e);
      return;
    }
    const last = (e.hi - 1) >> SHIFT;
    for (let b = e.lo >> SHIFT; b <= last; b++) {
      const list = this.buckets.get(b);
      if (list === undefined) this.buckets.set(b, [e]);
      else list.push(e);
    }
  }

  /**
   * Every live entry overlapping [lo, hi), once each, into out[0 … n), returning n. The caller's
   * array is reused as it is: setting a length of 0 gave its backing store back, and the next
   * access made a new one.
   */
  collect(lo: number, hi: number, out: Entry[]): number {
    const s = ++this.stamp;
    let n = 0;
    if (hi - lo > BIG) {
      // a big access: walk every bucket (fewer than its blocks, usually)
      for (const list of this.buckets.values()) n = this.scan(list, lo, hi, s, out, n);
    } else {
      const last = (hi - 1) >> SHIFT;
      for (let b = lo >> SHIFT; b <= last; b++) {
        const list = this.buckets.get(b);
        if (list !== undefined) n = this.scan(list, lo, hi, s, out, n);
      }
    }
    if (this.big.length > 0) n = this.scan(this.big, lo, hi, s, out, n);
    return n;
  }

  private scan(list: Entry[], lo: number, hi: number, s: number, out: Entry[], n: number): number {
    let w = 0;
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (e.dead) continue;
      list[w++] = e;
      if (e.mark === s || e.hi <= lo || e.lo >= hi) continue;
      e.mark = s;
      out[n++] = e;
    }
    if (w !== list.length) list.length = w;
    return n;
  }
}
