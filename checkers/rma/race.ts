/**
 * rma-race and lost-update (SPEC §4), judged by happens-before so that one schedule predicts
 * what others could show.
 *
 * MPI 4.1 §12.7: two accesses to the same location conflict when at least one writes, unless
 * both are accumulate-family operations that are atomic together (model.ts, §12.7.1) or come from
 * the same origin (§12.7.2: accumulates from one origin to one target are ordered by default).
 * A conflict is a race unless
 * - synchronisation orders them: the first one's end (a local access itself; an RMA operation
 *   its completion — Unlock, Flush, Fence, Complete, the Wait of its request for a fetching one)
 *   happens before the second one starts; or
 * - they sit in mutually exclusive passive-target lock epochs (an exclusive lock excludes every
 *   other epoch on that target, shared ones exclude exclusive ones; §12.5.3).
 * Lock hand-over is not an ordering: which origin gets the lock first is up to the schedule
 * (RMARaceBench sync/029).
 *
 * Scope "local" (§12.3, "the local communication buffer of an RMA operation should not be
 * updated after the operation started and until it completes at the origin; the buffer of a get
 * should not be accessed"): a store to an origin buffer, or any access to a result buffer,
 * between the call and the operation's local completion.
 */
import type { AccessRecord, SubsystemRecord, SyncRecord, TraceRecord } from "../../core/trace.ts";
import type { Diagnostic } from "../../core/diagnostic.ts";
import type { Access } from "../../core/diagnostic.ts";
import type { SourceLoc } from "../../core/errors.ts";
import { formatRange } from "../../core/errors.ts";
import type { Checker } from "../checker.ts";
import { type Cursor, Findings, access, diagnostic, short } from "../checker.ts";
import type { HappensBefore } from "../hb/hb.ts";
import { LockState } from "./locks.ts";
import {
  Mode, accessEnd, atomic, atomicCompatible, baseOp, excluded, lockCovers, targetMode, writes,
  type LocalUse, type OpInfo,
} from "./model.ts";
import { Shadow, type Entry } from "./shadow.ts";

/** A window's memory at one member: bytes [lo, hi) of buffer `buf`. */
interface Exposed {
  win: string;
  rank: number;
  lo: number;
  hi: number;
}

/** A read of window data kept as a possible first half of a read-modify-write. */
interface RecentRead {
  op: OpInfo;
  /** its shadow entry (null when only the op is known) */
  entry: Entry | null;
  seq: number;
  /** writes by other ranks on those bytes that were not ordered before the read */
  concurrent: Entry[];
}

const RECENT_READS = 8;

export class RmaChecker implements Checker {
  private readonly ops = new Map<string, OpInfo>();
  private readonly shadows = new Map<string, Shadow>();
  private readonly exposed = new Map<string, Exposed[]>();
  private readonly locks: LockState;
  /** per origin: operations not yet locally complete that have local buffers */
  private readonly activeLocal: OpInfo[][];
  private readonly recentReads: RecentRead[][];
  /** per buffer: writes as they land (RMA applies, local stores), for the manifest lost update */
  private readonly landed = new Map<string, { rank: number; lo: number; hi: number; seq: number }[]>();
  /** lost-update diagnostics by write-back op id, made manifest when the write-back lands */
  private readonly lostByOp = new Map<string, { read: OpInfo; d: Diagnostic }[]>();
  private readonly findings: Findings;
  private readonly tmp: Entry[] = [];
  /** lost-update candidates of one check: pairs (write W, write-back) */
  private readonly lostTmp: Entry[] = [];
  private seq = 0;
  private readonly lastCall: string[];
  private readonly lastLoc: (SourceLoc | undefined)[];

  constructor(private readonly hb: HappensBefore, size: number, cursor?: Cursor) {
    this.findings = new Findings(cursor);
    this.lastCall = new Array<string>(size).fill("");
    this.lastLoc = new Array<SourceLoc | undefined>(size).fill(undefined);
    this.locks = new LockState(size);
    this.activeLocal = Array.from({ length: size }, () => []);
    this.recentReads = Array.from({ length: size }, () => []);
  }

  onRecord(rec: TraceRecord): void {
    this.seq++;
    switch (rec.t) {
      case "load":
      case "store":
        this.onLocal(rec);
        return;
      case "call":
        this.lastCall[rec.rank] = rec.call;
        this.lastLoc[rec.rank] = rec.loc;
        return;
      case "request":
        if (rec.what === "use" && rec.kind !== "rma" && rec.buf !== undefined && rec.range !== undefined && this.activeLocal[rec.rank].length > 0) {
          // Another MPI call reads (a send) or writes (a receive) the buffer (MPI 4.1 §12.3).
          const call = this.lastCall[rec.rank];
          const name = call.slice(call.indexOf(".") + 1);
          for (const [lo, hi] of rec.segs ?? [rec.range]) this.checkLocalBuffers(rec.rank, rec.buf, lo, hi, rec.access !== "read", this.lastLoc[rec.rank], name);
        }
        return;
      case "rma-issue":
        this.onIssue(rec);
        return;
      case "rma-apply":
        this.onApply(rec);
        return;
      case "rma-complete":
        this.onComplete(rec);
        return;
      case "epoch":
        this.locks.onEpoch(rec);
        return;
      case "sync":
        if (rec.kind === "Win.Fence") this.onFence(rec);
        return;
      case "win-create":
      case "win-attach":
        this.expose(rec);
        return;
      case "win-detach":
      case "win-free":
        this.unexpose(rec);
        return;
      default:
        return;
    }
  }

  finish(): Diagnostic[] {
    return this.findings.list;
  }

  // ------------------------------------------------------------ windows

  private expose(rec: SubsystemRecord): void {
    const buf = rec.buf as string | null;
    const size = (rec.size as number) ?? 0;
    if (!buf || size <= 0) return;
    const base = (rec.base as number) ?? 0;
    const list = this.exposed.get(buf);
    const e: Exposed = { win: rec.win as string, rank: rec.rank, lo: base, hi: base + size };
    if (list === undefined) this.exposed.set(buf, [e]);
    else list.push(e);
  }

  private unexpose(rec: SubsystemRecord): void {
    const win = rec.win as string;
    const buf = rec.buf as string | undefined;
    for (const [b, list] of this.exposed) {
      if (buf !== undefined && b !== buf) continue;
      const keep = list.filter((e) => !(e.win === win && e.rank === rec.rank));
      if (keep.length === list.length) continue;
      if (keep.length === 0) {
        this.exposed.delete(b);
        this.shadows.delete(b);
        this.landed.delete(b);
      } else this.exposed.set(b, keep);
    }
    if (rec.t === "win-free") this.locks.forget(win);
  }

  private where(buf: string, lo: number, hi: number): Exposed | null {
    const list = this.exposed.get(buf);
    if (list === undefined) return null;
    for (const e of list) if (lo < e.hi && hi > e.lo) return e;
    return null;
  }

  private shadow(buf: string): Shadow {
    let s = this.shadows.get(buf);
    if (s === undefined) {
      s = new Shadow();
      this.shadows.set(buf, s);
    }
    return s;
  }

  // ------------------------------------------------------------ local loads and stores

  private onLocal(rec: AccessRecord): void {
    const r = rec.rank;
    const store = rec.t === "store";
    const lo = rec.off;
    const hi = lo + rec.len;
    if (this.activeLocal[r].length > 0) this.checkLocalBuffers(r, rec.buf, lo, hi, store, rec.loc);
    const ex = this.where(rec.buf, lo, hi);
    if (ex === null) return;
    const e: Entry = {
      rank: r, epoch: this.hb.epoch(r), mode: store ? Mode.Write : Mode.Read, lo, hi, op: null,
      lock: this.locks.of(r, ex.win, ex.rank), loc: rec.loc, seq: this.seq, dead: false, mark: 0, races: null,
    };
    this.check(rec.buf, ex, e);
    if (store) this.land(rec.buf, r, lo, hi);
  }

  /** A local access by the origin to a buffer of one of its RMA operations still in flight. */
  private checkLocalBuffers(r: number, buf: string, lo: number, hi: number, store: boolean, loc: SourceLoc | undefined, call?: string): void {
    for (const op of this.activeLocal[r]) {
      for (const u of op.locals) {
        if (u.buf !== buf || hi <= u.lo || lo >= u.hi || (!store && !u.write)) continue;
        const kind = call ?? (store ? "STORE" : "LOAD");
        const what = u.write ? "result buffer" : "origin buffer";
        this.findings.add(
          diagnostic(
            "rma-race",
            `rank ${r} ${store ? "writes" : "reads"} the ${what} of its ${op.call} (${short(op.loc)}) ${call ? `with ${call} ` : ""}at ${short(loc)} before the operation completes locally (MPI 4.1 §12.3: the buffer belongs to the operation until a Flush/Unlock/Fence/Complete or the request's Wait)`,
            [r],
            {
              scope: "local",
              predicted: op.applied,
              accesses: sortAccesses([
                opAccess(op, u.write ? "write" : "read", [u.lo, u.hi], true),
                access(kind, r, loc, { window: op.win, bytes: [Math.max(lo, u.lo), Math.min(hi, u.hi)], mode: store ? "write" : "read" }),
              ]),
            },
          ),
        );
      }
    }
  }

  // ------------------------------------------------------------ RMA operations

  private onIssue(rec: SubsystemRecord): void {
    const call = rec.op as string;
    const name = baseOp(call);
    const accOp = (rec.accOp as string | null) ?? null;
    const origin = rec.rank;
    const target = rec.target as number;
    const win = rec.win as string;
    const tr = rec.trange as [number, number];
    const locals: LocalUse[] = [];
    // A strided datatype's gaps are not accessed (MPI 4.1 §12.7 is per location): use its runs.
    pushLocals(locals, rec.obuf, rec.osegs ?? [rec.orange], false);
    pushLocals(locals, rec.cbuf, rec.csegs ?? [rec.crange], false);
    pushLocals(locals, rec.rbuf, rec.rsegs ?? [rec.rrange], true);
    const op: OpInfo = {
      id: rec.id as string, call, name, win, origin, target, tbuf: (rec.tbuf as string | null) ?? null, tlo: tr[0], thi: tr[1],
      mode: targetMode(name, accOp), accOp, basic: (rec.basic as string | null) ?? null, loc: rec.loc as SourceLoc | undefined,
      lock: this.locks.of(origin, win, target), locals, localEnd: 0, remoteEnd: 0, applied: false, appliedSeq: 0, readBefore: null,
    };
    this.ops.set(op.id, op);
    if (locals.length > 0) {
      this.checkOpBuffers(op);
      this.activeLocal[origin].push(op);
      for (const u of locals) this.ownWindowBuffer(op, u);
    }
    if (op.tbuf === null || op.thi <= op.tlo) return;
    const runs = (rec.tsegs as [number, number][] | undefined) ?? [[op.tlo, op.thi]];
    for (const [lo, hi] of runs) {
      const ex = this.where(op.tbuf, lo, hi);
      if (ex === null) continue;
      const e: Entry = {
        rank: origin, epoch: this.hb.epoch(origin), mode: op.mode, lo, hi, op, lock: op.lock, loc: op.loc,
        seq: this.seq, dead: false, mark: 0, races: null,
      };
      this.check(op.tbuf, ex, e);
    }
  }

  /**
   * An origin or result buffer inside window memory (the origin's own window, or another it is a
   * member of) is an access to that memory until the operation completes locally: a Put into it,
   * or another rank's load or store there, conflicts with it (MPI 4.1 §12.7).
   */
  private ownWindowBuffer(op: OpInfo, u: LocalUse): void {
    const ex = this.where(u.buf, u.lo, u.hi);
    if (ex === null) return;
    const view: OpInfo = {
      ...op, id: `${op.id}/${u.write ? "result" : "origin"}`, call: `${op.call} ${u.write ? "result" : "origin"} buffer`,
      tbuf: u.buf, tlo: u.lo, thi: u.hi, mode: u.write ? Mode.Write : Mode.Read, accOp: null, basic: null, locals: [], parent: op,
    };
    const e: Entry = {
      rank: op.origin, epoch: this.hb.epoch(op.origin), mode: view.mode, lo: u.lo, hi: u.hi, op: view,
      lock: this.locks.of(op.origin, ex.win, ex.rank), loc: op.loc, seq: this.seq, dead: false, mark: 0, races: null,
    };
    this.check(u.buf, ex, e);
  }

  /** Two operations of one origin in flight at once whose local buffers overlap, one of them writing. */
  private checkOpBuffers(op: OpInfo): void {
    for (const other of this.activeLocal[op.origin]) {
      for (const u of other.locals) {
        for (const v of op.locals) {
          if (u.buf !== v.buf || u.hi <= v.lo || u.lo >= v.hi || (!u.write && !v.write)) continue;
          this.findings.add(
            diagnostic(
              "rma-race",
              `rank ${op.origin}'s ${op.call} (${short(op.loc)}) uses a local buffer that its ${other.call} (${short(other.loc)}) still uses, and one of them writes it (MPI 4.1 §12.3)`,
              [op.origin],
              {
                scope: "local",
                predicted: true,
                accesses: sortAccesses([opAccess(other, u.write ? "write" : "read", [u.lo, u.hi], true), opAccess(op, v.write ? "write" : "read", [v.lo, v.hi], true)]),
              },
            ),
          );
        }
      }
    }
  }

  private onApply(rec: SubsystemRecord): void {
    const op = this.ops.get(rec.id as string);
    if (op === undefined) return;
    op.applied = true;
    op.appliedSeq = this.seq;
    if (op.tbuf !== null && writes(op.mode)) {
      this.land(op.tbuf, op.origin, op.tlo, op.thi);
      const lost = this.lostByOp.get(op.id);
      if (lost !== undefined) {
        for (const { read, d } of lost) if (this.landedBetween(op.tbuf, op.origin, read, op)) d.predicted = false;
        this.lostByOp.delete(op.id);
      }
    }
  }

  private onComplete(rec: SubsystemRecord): void {
    const op = this.ops.get(rec.id as string);
    if (op === undefined) return;
    // Completion happens during the origin's synchronisation call: stamped with that call's epoch.
    const e = this.hb.callEpoch[op.origin];
    if (op.localEnd === 0) op.localEnd = e;
    if (rec.what === "remote" && op.remoteEnd === 0) op.remoteEnd = e;
    this.retire(op);
  }

  /**
   * MPI 4.1 §12.5.1: a fence completes every operation issued on the window before it, at the
   * origin and at the target, when the collective call ends — stamped at each origin's Fence call
   * (whose clock the fence's barrier carries to everyone).
   */
  private onFence(rec: SyncRecord): void {
    for (const op of this.ops.values()) {
      if (op.win !== rec.comm || op.remoteEnd > 0) continue;
      const e = this.hb.callEpoch[op.origin];
      if (op.localEnd === 0) op.localEnd = e;
      op.remoteEnd = e;
      this.retire(op);
    }
  }

  /** Drop a completed operation from the in-flight lists. */
  private retire(op: OpInfo): void {
    if (op.localEnd > 0 && op.locals.length > 0) {
      const list = this.activeLocal[op.origin];
      const i = list.indexOf(op);
      if (i >= 0) list.splice(i, 1);
    }
    if (op.localEnd > 0 && op.remoteEnd > 0) this.ops.delete(op.id);
  }

  // ------------------------------------------------------------ the race check

  /** Is entry e's access over before rank r's current point? */
  private before(e: Entry, r: number): boolean {
    const op = e.op;
    if (op === null) return this.hb.knows(r, e.rank, e.epoch);
    const end = accessEnd(op);
    return end > 0 && this.hb.knows(r, op.origin, end);
  }

  private check(buf: string, ex: Exposed, a: Entry): void {
    const sh = this.shadow(buf);
    const found = this.tmp;
    sh.collect(a.lo, a.hi, found);
    const aOp = a.op;
    const writeBack = aOp !== null && aOp.parent === undefined && isWriteBack(aOp) ? this.readBefore(aOp) : null;
    const asRead = aOp !== null && aOp.parent === undefined && aOp.name !== "Put" && aOp.name !== "Accumulate" ? ({ op: aOp, entry: a, seq: a.seq, concurrent: [] } as RecentRead) : null;
    const lost = this.lostTmp;
    // Pass 1: races (and pruning); lost-update candidates are judged once every race with `a` is known.
    for (let i = 0; i < found.length; i++) {
      const e = found[i];
      const sameRank = e.rank === a.rank;
      if (sameRank && e.op === null && aOp === null) {
        // program order
        if (covers(a, e) && (writes(a.mode) || !writes(e.mode)) && lockCovers(a.lock, e.lock)) e.dead = true;
        continue;
      }
      const conflict = (writes(e.mode) || writes(a.mode)) && !(atomic(e.mode) && atomic(a.mode) && e.op !== null && aOp !== null && atomicCompatible(e.op, aOp, sameRank));
      const ordered = this.before(e, a.rank);
      if (!ordered && !sameRank && writes(e.mode) && asRead !== null) asRead.concurrent.push(e);
      // `a` writes back what its origin read: another rank's write after that read, or concurrent with it
      if (writeBack !== null && !sameRank && writes(e.mode) && (e.seq > writeBack.seq || writeBack.concurrent.includes(e))) lost.push(e, a);
      if (ordered) {
        if (covers(a, e) && supersedes(a, e) && lockCovers(a.lock, e.lock)) e.dead = true;
        continue;
      }
      // `a` is another rank's write that may land between someone's read and its write-back `e`
      const eOp = e.op;
      if (eOp !== null && eOp.readBefore !== null && !sameRank && writes(a.mode) && overlaps(a, eOp.readBefore)) lost.push(a, e);
      if (!conflict || excluded(e.lock, a.lock)) continue;
      this.race(ex, e, a);
    }
    // Pass 2: a lost update is an atomicity violation among accesses that are each race-free
    // (otherwise the rma-race already says it): the write W does not race with the read-back pair.
    for (let i = 0; i < lost.length; i += 2) {
      const w = lost[i], back = lost[i + 1];
      const backOp = back.op!;
      const rr = back === a ? writeBack : this.recentReadOf(backOp);
      if (rr === null) continue;
      if (raced(w, back) || (rr.entry !== null && raced(w, rr.entry))) continue;
      this.lostUpdate(ex, rr, backOp, w);
    }
    lost.length = 0;
    found.length = 0;
    sh.add(a);
    if (asRead !== null) {
      const list = this.recentReads[a.rank];
      list.push(asRead);
      if (list.length > RECENT_READS) list.shift();
    }
    if (writeBack !== null && aOp !== null) aOp.readBefore = writeBack.op;
  }


  private race(ex: Exposed, e: Entry, a: Entry): void {
    (e.races ??= []).push(a);
    (a.races ??= []).push(e);
    const first = this.entryAccess(ex, e);
    const second = this.entryAccess(ex, a);
    const manifest = e.op !== null && !e.op.applied;
    const lo = Math.max(e.lo, a.lo) - ex.lo;
    const hi = Math.min(e.hi, a.hi) - ex.lo;
    this.findings.add(
      diagnostic(
        "rma-race",
        `${first.op} by rank ${e.rank} (${short(e.loc)}) and ${second.op} by rank ${a.rank} (${short(a.loc)}) conflict on bytes ${formatRange(lo, hi)} of rank ${ex.rank}'s memory in window ${ex.win}, and no synchronization orders them (MPI 4.1 §12.7)`,
        [e.rank, a.rank],
        { scope: "remote", predicted: !manifest, accesses: sortAccesses([first, second]) },
      ),
    );
  }

  private entryAccess(ex: Exposed, e: Entry): Access {
    const bytes: [number, number] = [e.lo - ex.lo, e.hi - ex.lo];
    if (e.op !== null) return opAccess(e.op, modeName(e.mode), bytes, false);
    return access(e.mode === Mode.Write ? "STORE" : "LOAD", e.rank, e.loc, { window: ex.win, bytes, mode: modeName(e.mode) });
  }

  // ------------------------------------------------------------ lost updates

  /** The latest completed read by the same origin of bytes this write-back writes. */
  private readBefore(w: OpInfo): RecentRead | null {
    const list = this.recentReads[w.origin];
    for (let i = list.length - 1; i >= 0; i--) {
      const rr = list[i];
      const g = rr.op;
      if (g.tbuf === w.tbuf && g.win === w.win && g.tlo < w.thi && g.thi > w.tlo && g.localEnd > 0) return rr;
    }
    return null;
  }

  private recentReadOf(w: OpInfo): RecentRead | null {
    const g = w.readBefore;
    if (g === null) return null;
    for (const rr of this.recentReads[w.origin]) if (rr.op === g) return rr;
    return { op: g, entry: null, seq: 0, concurrent: [] };
  }

  /**
   * `w` (another rank's write) may land between `rr` (a read of window data) and `back` (the same
   * origin writing those bytes back), unless an exclusive lock epoch holds both read and
   * write-back and excludes w.
   */
  private lostUpdate(ex: Exposed, rr: RecentRead, back: OpInfo, w: Entry): void {
    const g = rr.op;
    if (g.lock !== null && back.lock !== null && g.lock.id === back.lock.id && excluded(w.lock, g.lock)) return;
    const lo = Math.max(g.tlo, back.tlo, w.lo);
    const hi = Math.min(g.thi, back.thi, w.hi);
    if (hi <= lo) return;
    const bytes: [number, number] = [lo - ex.lo, hi - ex.lo];
    const wa = this.entryAccess(ex, w);
    const d = this.findings.add(
      diagnostic(
        "lost-update",
        `rank ${back.origin} reads bytes ${formatRange(bytes[0], bytes[1])} of rank ${ex.rank}'s memory in window ${ex.win} with ${g.call} (${short(g.loc)}) and writes them back with ${back.call} (${short(back.loc)}) as two separate operations; ${wa.op} by rank ${w.rank} (${short(w.loc)}) can land in between and be lost (use one atomic operation — Fetch_and_op, Get_accumulate, Compare_and_swap — or one exclusive lock epoch around both)`,
        [back.origin, w.rank],
        { predicted: true, accesses: [opAccess(g, "read", bytes, false), opAccess(back, "write", bytes, false), wa] },
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

  private land(buf: string, rank: number, lo: number, hi: number): void {
    let list = this.landed.get(buf);
    if (list === undefined) this.landed.set(buf, (list = []));
    list.push({ rank, lo, hi, seq: this.seq });
    if (list.length > 256) list.splice(0, 128);
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

function pushLocals(out: LocalUse[], buf: unknown, ranges: unknown, write: boolean): void {
  if (typeof buf !== "string" || !Array.isArray(ranges)) return;
  for (const range of ranges) {
    if (!Array.isArray(range)) continue;
    const [lo, hi] = range as [number, number];
    if (hi > lo) out.push({ buf, lo, hi, write });
  }
}

/** Was the pair reported as an rma-race? */
function raced(x: Entry, y: Entry): boolean {
  return x.races !== null && x.races.includes(y);
}

function covers(a: Entry, e: Entry): boolean {
  return a.lo <= e.lo && a.hi >= e.hi;
}

function overlaps(a: Entry, g: OpInfo): boolean {
  return a.lo < g.thi && a.hi > g.tlo;
}

/** Can `a` stand in for `e` in every later check (same kind of access, at least as strong)? */
function supersedes(a: Entry, e: Entry): boolean {
  if (a.mode === Mode.Write) return true;
  if (a.mode !== e.mode) return false;
  if (!atomic(a.mode)) return true;
  return a.op !== null && e.op !== null && a.op.basic === e.op.basic && a.op.accOp === e.op.accOp && a.rank === e.rank;
}

/** A write of data the origin may have read before: Put, or an accumulate with MPI_REPLACE. */
function isWriteBack(op: OpInfo): boolean {
  return op.name === "Put" || (op.accOp === "MPI_REPLACE" && op.name !== "Compare_and_swap");
}

function modeName(m: Mode): string {
  return m === Mode.Read ? "read" : m === Mode.Write ? "write" : m === Mode.AtomicRead ? "atomic-read" : "atomic-write";
}

function opAccess(op: OpInfo, mode: string, bytes: [number, number], _local: boolean): Access {
  return access(op.call, op.origin, op.loc, { window: op.win, bytes, mode });
}

function sortAccesses(as: Access[]): Access[] {
  return as.sort((x, y) => {
    const a = x.loc, b = y.loc;
    if (a && b) return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || x.rank - y.rank;
    return a ? -1 : b ? 1 : x.rank - y.rank;
  });
}
