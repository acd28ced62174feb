/**
 * lost-update (SPEC §4): an origin reads window data and writes it back as two operations (a Get
 * then a Put, or an accumulate with MPI_REPLACE), and another rank's write can land in between
 * and be lost. RmaChecker.check finds the candidates; this file keeps what they are judged by —
 * each origin's recent reads, and the writes as they land (for the manifest form, when the run
 * itself lost the write) — and writes the diagnostic.
 */
import type { Diagnostic } from "../../core/diagnostic.ts";
import { formatRange } from "../../core/errors.ts";
import { type Findings, diagnostic, short, listsPerRank } from "../checker.ts";
import { excluded, type OpInfo } from "./model.ts";
import { entryAccess, opAccess } from "./report.ts";
import type { Entry } from "./shadow.ts";
import type { Exposed } from "./windows.ts";

/** A read of window data kept as a possible first half of a read-modify-write. */
export interface RecentRead {
  op: OpInfo;
  /** its shadow entry (null when only the op is known) */
  entry: Entry | null;
  seq: number;
  /** writes by other ranks on those bytes that were not ordered before the read (null: none; most reads have none) */
  concurrent: Entry[] | null;
}

const RECENT_READS = 8;

export class LostUpdates {
  private readonly recentReads: RecentRead[][];
  /** per buffer: writes as they land (RMA applies, local stores), for the manifest lost update */
  private readonly landed = new Map<string, { rank: number; lo: number; hi: number; seq: number }[]>();
  /** lost-update diagnostics by write-back op id, made manifest when the write-back lands */
  private readonly lostByOp = new Map<string, { read: OpInfo; d: Diagnostic }[]>();

  constructor(size: number, private readonly findings: Findings) {
    this.recentReads = listsPerRank(size);
  }

  /** A read of window data by rank r, kept (the latest few) as a possible first half. */
  rememberRead(r: number, rr: RecentRead): void {
    const list = this.recentReads[r];
    list.push(rr);
    if (list.length > RECENT_READS) list.shift();
  }

  /** The latest completed read by the same origin of bytes this write-back writes. */
  readBefore(w: OpInfo): RecentRead | null {
    const list = this.recentReads[w.origin];
    for (let i = list.length - 1; i >= 0; i--) {
      const rr = list[i];
      const g = rr.op;
      if (g.tbuf === w.tbuf && g.win === w.win && g.tlo < w.thi && g.thi > w.tlo && g.localEnd > 0) return rr;
    }
    return null;
  }

  recentReadOf(w: OpInfo): RecentRead | null {
    const g = w.readBefore;
    if (g === null) return null;
    for (const rr of this.recentReads[w.origin]) if (rr.op === g) return rr;
    return { op: g, entry: null, seq: 0, concurrent: null };
  }

  /**
   * `w` (another rank's write) may land between `rr` (a read of window data) and `back` (the same
   * origin writing those bytes back), unless an exclusive lock epoch holds both read and
   * write-back and excludes w.
   */
  report(ex: Exposed, rr: RecentRead, back: OpInfo, w: Entry): void {
    const g = rr.op;
    if (g.lock !== null && back.lock !== null && g.lock.id === back.lock.id && excluded(w.lock, g.lock)) return;
    const lo = Math.max(g.tlo, back.tlo, w.lo);
    const hi = Math.min(g.thi, back.thi, w.hi);
    if (hi <= lo) return;
    const bytes: [number, number] = [lo - ex.lo, hi - ex.lo];
    const wa = entryAccess(ex, w);
    const d = this.findings.add(
      diagnostic(
        "lost-update",
        `rank ${back.origin} reads bytes ${formatRange(bytes[0], bytes[1])} of rank ${ex.rank}'s memory in window ${ex.win} with ${g.call} (${short(g.loc)}) and writes them back with ${back.call} (${short(back.loc)}) as two separate operations; ${wa.op} by rank ${w.rank} (${short(w.loc)}) can land in between and be lost (use one atomic operation — Fetch_and_op, Get_accumulate, Compare_and_swap — or one exclusive lock epoch around both)`,
        [back.origin, w.rank],
        { predicted: true, accesses: [opAccess(g, "read", bytes), opAccess(back, "write", bytes), wa] },
      ),
      `lost-update|${g.loc ? short(g.loc) : g.call}|${back.loc ? short(back.loc) : back.call}|${wa.where ?? wa.op}`,
    );
    if (back.applied) {
      if (back.tbuf !== null && this.landedBetween(back.tbuf, back.origin, g, back)) d.predicted = false;
    } else {
      let list = this.lostByOp.get(back.id);
      if (list === undefined) this.lostByOp.set(back.id, (list = []));
      list.push({ read: g, d });
    }
  }

  /** A write landed on bytes [lo, hi) of `buf` (record position `seq`). */
  land(buf: string, rank: number, lo: number, hi: number, seq: number): void {
    let list = this.landed.get(buf);
    if (list === undefined) this.landed.set(buf, (list = []));
    list.push({ rank, lo, hi, seq });
    if (list.length > 256) list.splice(0, 128);
  }

  /** A writing operation landed: its lost updates become manifest if a write landed between its read and it. */
  applied(op: OpInfo, tbuf: string, seq: number): void {
    this.land(tbuf, op.origin, op.tlo, op.thi, seq);
    const lost = this.lostByOp.get(op.id);
    if (lost !== undefined) {
      for (const { read, d } of lost) if (this.landedBetween(tbuf, op.origin, read, op)) d.predicted = false;
      this.lostByOp.delete(op.id);
    }
  }

  /** The buffer is no window memory any more. */
  forget(buf: string): void {
    this.landed.delete(buf);
  }

  /** Did another rank's write land on those bytes after the read and before the write-back? (manifest) */
  private landedBetween(buf: string, origin: number, read: OpInfo, back: OpInfo): boolean {
    if (!read.applied) return false;
    const list = this.landed.get(buf);
    if (list === undefined) return false;
    for (const l of list) {
      if (l.rank !== origin && l.seq > read.appliedSeq && l.seq < back.appliedSeq && l.lo < read.thi && l.hi > read.tlo) return true;
    }
    return false;
  }
}
