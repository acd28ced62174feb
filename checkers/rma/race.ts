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
 * Scope "local" (§12.3): a store to an origin buffer, or any access to a result buffer, between
 * the call and the operation's local completion (local.ts).
 *
 * This file is the race check over window memory; windows.ts knows which bytes are window memory
 * and who touched them, lost-update.ts judges read–write-back pairs, report.ts names accesses.
 */
import type { EpochRecord, RmaApplyRecord, RmaCompleteRecord, RmaIssueRecord, WinFreeRecord, WinRegionRecord } from "../../core/rma/records.ts";
import { localRuns } from "../../core/rma/records.ts";
import type { AccessRecord, RequestRecord, SyncRecord } from "../../core/trace.ts";
import type { Diagnostic } from "../../core/diagnostic.ts";
import type { SourceLoc } from "../../core/errors.ts";
import { formatRange } from "../../core/errors.ts";
import type { Checker } from "../checker.ts";
import { type Cursor, Findings, type LastCalls, diagnostic, short } from "../checker.ts";
import type { Handlers } from "../dispatch.ts";
import type { HappensBefore } from "../hb/hb.ts";
import { LocalBuffers } from "./local.ts";
import { LockState } from "./locks.ts";
import { LostUpdates, type RecentRead } from "./lost-update.ts";
import {
  Mode, accessEnd, atomic, atomicCompatible, baseOp, excluded, lockCovers, targetMode, writes,
  type LocalUse, type OpInfo,
} from "./model.ts";
import { entryAccess, sortAccesses } from "./report.ts";
import type { Entry } from "./shadow.ts";
import { WindowMemory, type Exposed } from "./windows.ts";

export class RmaChecker implements Checker {
  /** operations by id, while in flight (retired ones linger until the next sweep: see retire) */
  private ops = new Map<string, OpInfo>();
  private retiredOps = 0;
  private readonly windows = new WindowMemory();
  private readonly locks: LockState;
  private readonly local: LocalBuffers;
  private readonly lost: LostUpdates;
  private readonly findings: Findings;
  private readonly tmp: Entry[] = [];
  /** lost-update candidates of one check: pairs (write W, write-back) */
  private readonly lostTmp: Entry[] = [];
  private readonly last: LastCalls;
  private readonly dropped = (buf: string): void => this.lost.forget(buf);

  constructor(private readonly hb: HappensBefore, size: number, private readonly cursor: Cursor) {
    this.findings = new Findings(cursor);
    this.last = cursor.last;
    this.locks = new LockState(size);
    this.local = new LocalBuffers(size, this.findings);
    this.lost = new LostUpdates(size, this.findings);
  }

  readonly handlers: Handlers = {
    load: (rec) => this.onLocal(rec),
    store: (rec) => this.onLocal(rec),
    request: (rec) => this.onRequest(rec),
    "rma-issue": (rec) => this.onIssue(rec),
    "rma-apply": (rec) => this.onApply(rec),
    "rma-complete": (rec) => this.onComplete(rec),
    epoch: (rec) => this.onEpoch(rec),
    sync: (rec) => this.onSync(rec),
    "win-create": (rec) => this.windows.expose(rec),
    "win-attach": (rec) => this.windows.expose(rec),
    "win-detach": (rec) => this.unexpose(rec),
    "win-free": (rec) => this.unexpose(rec),
  };

  finish(): Diagnostic[] {
    return this.findings.list;
  }

  private onRequest(rec: RequestRecord): void {
    if (rec.what === "use" && rec.kind !== "rma" && rec.buf !== undefined && rec.range !== undefined && this.local.busy(rec.rank)) {
      // Another MPI call reads (a send) or writes (a receive) the buffer (MPI 4.1 §12.3).
      const call = this.last.call[rec.rank];
      const name = call.slice(call.indexOf(".") + 1);
      for (const [lo, hi] of rec.segs ?? [rec.range]) this.local.check(rec.rank, rec.buf, lo, hi, rec.access !== "read", this.last.loc[rec.rank], name);
    }
  }

  private onEpoch(rec: EpochRecord): void {
    this.locks.onEpoch(rec);
  }

  private onSync(rec: SyncRecord): void {
    if (rec.kind === "Win.Fence") this.onFence(rec);
  }

  private unexpose(rec: WinRegionRecord | WinFreeRecord): void {
    this.windows.unexpose(rec.win, rec.rank, rec.t === "win-detach" ? rec.buf : undefined, this.dropped);
    if (rec.t === "win-free") this.locks.forget(rec.win);
  }

  // ------------------------------------------------------------ local loads and stores

  private onLocal(rec: AccessRecord): void {
    const r = rec.rank;
    const store = rec.t === "store";
    const lo = rec.off;
    const hi = lo + rec.len;
    if (this.local.busy(r)) this.local.check(r, rec.buf, lo, hi, store, rec.loc);
    const ex = this.windows.where(rec.buf, lo, hi);
    if (ex === null) return;
    const e: Entry = {
      rank: r, epoch: this.hb.epoch(r), mode: store ? Mode.Write : Mode.Read, lo, hi, op: null,
      lock: this.locks.of(r, ex.win, ex.rank), loc: rec.loc, seq: this.cursor.seq, dead: false, mark: 0, races: null,
    };
    this.check(rec.buf, ex, e);
    if (store) this.lost.land(rec.buf, r, lo, hi, this.cursor.seq);
  }

  // ------------------------------------------------------------ RMA operations

  private onIssue(rec: RmaIssueRecord): void {
    const call = rec.op;
    const name = baseOp(call);
    const accOp = rec.accOp;
    const origin = rec.rank;
    const target = rec.target;
    const win = rec.win;
    const tr = rec.trange;
    const locals: LocalUse[] = [];
    const uses = localRuns(rec);
    for (let i = 0; i < uses.length; i++) {
      const u = uses[i];
      for (let k = 0; k < u.runs.length; k++) {
        const run = u.runs[k];
        if (run[1] > run[0]) locals.push({ buf: u.buf, lo: run[0], hi: run[1], write: u.write });
      }
    }
    const op: OpInfo = {
      id: rec.id, call, name, win, origin, target, tbuf: rec.tbuf, tlo: tr[0], thi: tr[1],
      mode: targetMode(name, accOp), accOp, basic: rec.basic, loc: rec.loc,
      lock: this.locks.of(origin, win, target), locals, localEnd: 0, remoteEnd: 0, applied: false, retired: false, appliedSeq: 0, readBefore: null,
    };
    this.ops.set(op.id, op);
    if (locals.length > 0) {
      this.local.add(op);
      for (const u of locals) this.ownWindowBuffer(op, u);
    }
    if (op.tbuf === null || op.thi <= op.tlo) return;
    const segs = rec.tsegs;
    if (segs === undefined) this.target(op, op.tbuf, op.tlo, op.thi);
    else for (let i = 0; i < segs.length; i++) this.target(op, op.tbuf, segs[i][0], segs[i][1]);
  }

  /** The operation's access to bytes [lo, hi) of its target buffer, if they are window memory. */
  private target(op: OpInfo, tbuf: string, lo: number, hi: number): void {
    const ex = this.windows.where(tbuf, lo, hi);
    if (ex === null) return;
    const e: Entry = {
      rank: op.origin, epoch: this.hb.epoch(op.origin), mode: op.mode, lo, hi, op, lock: op.lock, loc: op.loc,
      seq: this.cursor.seq, dead: false, mark: 0, races: null,
    };
    this.check(tbuf, ex, e);
  }

  /**
   * An origin or result buffer inside window memory (the origin's own window, or another it is a
   * member of) is an access to that memory until the operation completes locally: a Put into it,
   * or another rank's load or store there, conflicts with it (MPI 4.1 §12.7).
   */
  private ownWindowBuffer(op: OpInfo, u: LocalUse): void {
    const ex = this.windows.where(u.buf, u.lo, u.hi);
    if (ex === null) return;
    const view: OpInfo = {
      ...op, id: `${op.id}/${u.write ? "result" : "origin"}`, call: `${op.call} ${u.write ? "result" : "origin"} buffer`,
      tbuf: u.buf, tlo: u.lo, thi: u.hi, mode: u.write ? Mode.Write : Mode.Read, accOp: null, basic: null, locals: [], parent: op,
    };
    const e: Entry = {
      rank: op.origin, epoch: this.hb.epoch(op.origin), mode: view.mode, lo: u.lo, hi: u.hi, op: view,
      lock: this.locks.of(op.origin, ex.win, ex.rank), loc: op.loc, seq: this.cursor.seq, dead: false, mark: 0, races: null,
    };
    this.check(u.buf, ex, e);
  }

  private onApply(rec: RmaApplyRecord): void {
    const op = this.ops.get(rec.id);
    if (op === undefined || op.retired) return;
    op.applied = true;
    op.appliedSeq = this.cursor.seq;
    if (op.tbuf !== null && writes(op.mode)) this.lost.applied(op, op.tbuf, this.cursor.seq);
  }

  private onComplete(rec: RmaCompleteRecord): void {
    const op = this.ops.get(rec.id);
    if (op === undefined || op.retired) return;
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
    if (op.localEnd > 0 && op.locals.length > 0) this.local.retire(op);
    if (op.localEnd > 0 && op.remoteEnd > 0 && !op.retired) {
      // Dropped from the map in bulk, when the retired are most of it: a delete per operation
      // made the small map give back and regrow its table over and over.
      op.retired = true;
      if (++this.retiredOps > 32 && 2 * this.retiredOps > this.ops.size) this.sweep();
    }
  }

  private sweep(): void {
    const live = new Map<string, OpInfo>();
    for (const [id, op] of this.ops) if (!op.retired) live.set(id, op);
    this.ops = live;
    this.retiredOps = 0;
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
    const sh = this.windows.shadow(buf);
    const found = this.tmp;
    const nFound = sh.collect(a.lo, a.hi, found);
    const aOp = a.op;
    const writeBack = aOp !== null && aOp.parent === undefined && isWriteBack(aOp) ? this.lost.readBefore(aOp) : null;
    const asRead = aOp !== null && aOp.parent === undefined && aOp.name !== "Put" && aOp.name !== "Accumulate" ? ({ op: aOp, entry: a, seq: a.seq, concurrent: null } as RecentRead) : null;
    const lost = this.lostTmp;
    let nLost = 0;
    // Pass 1: races (and pruning); lost-update candidates are judged once every race with `a` is known.
    for (let i = 0; i < nFound; i++) {
      const e = found[i];
      const sameRank = e.rank === a.rank;
      if (sameRank && e.op === null && aOp === null) {
        // program order
        if (covers(a, e) && (writes(a.mode) || !writes(e.mode)) && lockCovers(a.lock, e.lock)) e.dead = true;
        continue;
      }
      const conflict = (writes(e.mode) || writes(a.mode)) && !(atomic(e.mode) && atomic(a.mode) && e.op !== null && aOp !== null && atomicCompatible(e.op, aOp, sameRank));
      const ordered = this.before(e, a.rank);
      if (!ordered && !sameRank && writes(e.mode) && asRead !== null) (asRead.concurrent ??= []).push(e);
      // `a` writes back what its origin read: another rank's write after that read, or concurrent with it
      if (writeBack !== null && !sameRank && writes(e.mode) && (e.seq > writeBack.seq || (writeBack.concurrent !== null && writeBack.concurrent.includes(e)))) nLost = pair(lost, nLost, e, a);
      if (ordered) {
        if (covers(a, e) && supersedes(a, e) && lockCovers(a.lock, e.lock)) e.dead = true;
        continue;
      }
      // `a` is another rank's write that may land between someone's read and its write-back `e`
      const eOp = e.op;
      if (eOp !== null && eOp.readBefore !== null && !sameRank && writes(a.mode) && overlaps(a, eOp.readBefore)) nLost = pair(lost, nLost, a, e);
      if (!conflict || excluded(e.lock, a.lock)) continue;
      this.race(ex, e, a);
    }
    // Pass 2: a lost update is an atomicity violation among accesses that are each race-free
    // (otherwise the rma-race already says it): the write W does not race with the read-back pair.
    for (let i = 0; i < nLost; i += 2) {
      const w = lost[i], back = lost[i + 1];
      const backOp = back.op!;
      const rr = back === a ? writeBack : this.lost.recentReadOf(backOp);
      if (rr === null) continue;
      if (raced(w, back) || (rr.entry !== null && raced(w, rr.entry))) continue;
      this.lost.report(ex, rr, backOp, w);
    }
    // The scratch arrays keep their (stale) entries: overwritten by the next check, cleared when long.
    if (nFound > 64) found.length = 0;
    if (nLost > 64) lost.length = 0;
    sh.add(a);
    if (asRead !== null) this.lost.rememberRead(a.rank, asRead);
    if (writeBack !== null && aOp !== null) aOp.readBefore = writeBack.op;
  }

  private race(ex: Exposed, e: Entry, a: Entry): void {
    (e.races ??= []).push(a);
    (a.races ??= []).push(e);
    const first = entryAccess(ex, e);
    const second = entryAccess(ex, a);
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
}

/** Put a pair at out[n], out[n + 1]; returns the new count. */
function pair(out: Entry[], n: number, x: Entry, y: Entry): number {
  out[n] = x;
  out[n + 1] = y;
  return n + 2;
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
