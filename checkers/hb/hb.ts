import type { EpochRecord } from "../../core/rma/records.ts";
import type { CallRecord, DeliverRecord, RequestRecord, SyncRecord, TraceRecord } from "../../core/trace.ts";
import { DispatchTable, type Handlers } from "../dispatch.ts";
import { RequestTable } from "../request-table.ts";
import type { Snapshot } from "./clock.ts";
import { DeferredClocks } from "./deferred.ts";
import { edgeShape } from "./edges.ts";

/**
 * The happens-before service: one pass over the trace, maintaining a vector clock per rank
 * (computed when a checker asks: deferred.ts).
 *
 * Epochs. Every MPI call a rank makes is a release point: the rank's clock as of the call can be
 * carried to others (a message, a collective, an epoch), then the rank's own component ticks. An
 * event at rank q in epoch e (its `own` value at that moment) happens before rank r's current
 * point iff `knows(r, q, e)`. Same-rank events are ordered by program order.
 *
 * Edges (acquisitions happen where the acquiring rank learns of the synchronisation in its own
 * program order — the Wait/Test that consumes a request, the return of a blocking call):
 * - program order;
 * - a message: the send call → the consumption of the receive request (MPI 4.1 §3.5);
 * - a synchronous-mode send (Ssend, Issend): the receive being posted → the consumption of the
 *   send request, since the send completes only after the match (§3.4). A standard send that
 *   the run happened to do as a rendezvous gives no such edge: MPI does not promise it;
 * - collectives by shape (edges.ts), acquired when each member consumes its request;
 * - RMA epochs: Fence is a barrier of the window's group (its `sync` record); PSCW Post → the
 *   matching Start, Complete → the matching Wait (MPI 4.1 §12.5.2);
 * - passive-target locks are NOT edges: which origin gets a lock first is the schedule's choice,
 *   so ordering through lock hand-over is not synchronisation a program may rely on (RMARaceBench
 *   sync/029). The race checker treats locks as mutual exclusion instead.
 */
export class HappensBefore {
  readonly clocks: DeferredClocks;
  /**
   * callEpoch[r]: rank r's epoch at its latest MPI call. Whatever the call does (the operations
   * a Flush completes, the clock a collective contributes) is stamped with it; the events after
   * the call are one epoch later, so a snapshot taken at the call never covers them.
   */
  readonly callEpoch: Int32Array;
  /** PSCW: the poster's clock per (window, target, origin), and the completer's per (window, origin, target), FIFO. */
  private posts = new Map<string, Snapshot[]>();
  private completes = new Map<string, Snapshot[]>();
  /** The sender's (or poster's) clock at the call that created or started each request. */
  private reqSnap = new RequestTable<Snapshot>();
  /** What each request's owner acquires when it consumes the request (Wait/Test); a bare snapshot is merged (one object less per message). */
  private pending = new RequestTable<Acquire | Snapshot>();
  /** The sender's clock at the send call of the message just delivered (for the message-race checker). */
  lastSend: Snapshot | undefined;
  /** A collective just completed: its members' acquisitions, matched to the request records that follow it. */
  private coll: CollectiveAcquire | null = null;

  constructor(readonly size: number) {
    this.clocks = new DeferredClocks(size);
    this.callEpoch = new Int32Array(size);
  }

  /** Rank r's current epoch (for stamping an access). */
  epoch(r: number): number {
    return this.clocks.own[r];
  }

  /** Did the event (rank q, epoch e) happen before rank r's current point? */
  knows(r: number, q: number, e: number): boolean {
    return this.clocks.knows(r, q, e);
  }

  /** Rank r's clock as of its latest call (what that call can carry to others). */
  snapshot(r: number): Snapshot {
    return this.clocks.snapshot(r, this.callEpoch[r]);
  }

  acquire(r: number, s: Snapshot): void {
    this.clocks.join(r, s);
  }

  /** The records that carry edges (the checker set puts these first in its dispatch table). */
  readonly handlers: Handlers = {
    call: (rec) => this.onCall(rec),
    epoch: (rec) => this.onEpoch(rec),
    deliver: (rec) => this.onDeliver(rec),
    request: (rec) => this.onRequest(rec),
    sync: (rec) => this.onSync(rec),
  };

  private own: DispatchTable | null = null;

  /** Feed one record (for a service used alone; a checker set dispatches through its own table). */
  onRecord(rec: TraceRecord): void {
    (this.own ??= new DispatchTable([this.handlers])).dispatch(rec);
  }

  private onCall(rec: CallRecord): void {
    const r = rec.rank;
    const reqs = rec.reqs;
    this.callEpoch[r] = this.clocks.own[r];
    if (reqs !== undefined && rec.blocking !== true) {
      // A call that creates or starts requests (Isend, Irecv, Start, Rput…): remember the
      // caller's clock as of the call for the edges the request may carry.
      const s = this.clocks.snapshot(r);
      for (let i = 0; i < reqs.length; i++) this.reqSnap.set(reqs[i], s);
    }
    this.clocks.tick(r);
  }

  private onDeliver(rec: DeliverRecord): void {
    const s = this.reqSnap.get(rec.sreq);
    this.lastSend = s;
    if (s !== undefined) this.pending.set(rec.rreq, s);
    // Only a synchronous-mode send promises the match to its sender (MPI 4.1 §3.4); a standard
    // send that this run happened to carry out as a rendezvous promises nothing.
    if (rec.ssend ?? rec.sync) {
      const r = this.reqSnap.get(rec.rreq);
      if (r !== undefined) this.pending.set(rec.sreq, r);
    }
    // The send may have been waited for long ago (eager): its snapshot lives until the match.
    this.reqSnap.delete(rec.sreq);
    this.reqSnap.delete(rec.rreq);
  }

  private onRequest(rec: RequestRecord): void {
    switch (rec.what) {
      case "wait": {
        const a = this.pending.get(rec.req);
        if (a !== undefined) {
          this.pending.delete(rec.req);
          if (!isAcquire(a)) this.clocks.join(rec.rank, a);
          else if (a.prev >= 0 && this.clocks.version(rec.rank) === a.prev) this.clocks.assignJoin([rec.rank], a.snap);
          else this.clocks.join(rec.rank, a.snap);
        }
        if (rec.kind !== "send" && rec.kind !== "psend") this.reqSnap.delete(rec.req);
        return;
      }
      case "complete": {
        const c = this.coll;
        if (c !== null && rec.kind === "coll") {
          if (c.step !== rec.step) this.coll = null;
          else {
            const a = c.forRank(rec.rank);
            if (a !== null) this.pending.set(rec.req, a);
          }
        }
        return;
      }
      case "free":
      case "cancel":
        this.reqSnap.delete(rec.req);
        this.pending.delete(rec.req);
        return;
      default:
        return;
    }
  }

  private onEpoch(rec: EpochRecord): void {
    const kind = rec.kind;
    if (kind !== "post" && kind !== "start" && kind !== "complete" && kind !== "wait") return;
    const win = rec.win;
    const me = rec.rank;
    const group = rec.group ?? [];
    // MPI 4.1 §12.5.2: Post → the matching Start, Complete → the matching Wait.
    if (kind === "post" || kind === "complete") this.announce(kind === "post" ? this.posts : this.completes, win, me, group);
    else this.collect(kind === "start" ? this.posts : this.completes, win, me, group);
  }

  /** `me` tells each rank of `group` what it has done so far (a Post or Complete). */
  private announce(box: typeof this.posts, win: string, me: number, group: readonly number[]): void {
    const s = this.snapshot(me);
    for (const o of group) push(box, pscwKey(win, me, o), s);
  }

  /** `me` learns what each rank of `group` announced to it (its Start or Wait). */
  private collect(box: typeof this.posts, win: string, me: number, group: readonly number[]): void {
    for (const o of group) {
      const s = shift(box, pscwKey(win, o, me));
      if (s !== undefined) this.clocks.join(me, s);
    }
  }

  private onSync(rec: SyncRecord): void {
    const members = rec.members;
    const clocks = this.clocks;
    let shape = edgeShape(rec.kind);
    if (rec.from !== undefined) shape = "out";
    const acq = new Map<number, Acquire>();
    switch (shape) {
      case "all": {
        const j = clocks.joinOf(members, this.callEpoch);
        for (const m of members) acq.set(m, { snap: j, prev: clocks.version(m) });
        break;
      }
      case "out": {
        const from = rec.from ?? (rec.root !== undefined ? [rec.root] : []);
        if (from.length === 0) break;
        const s = from.length === 1 ? this.snapshot(from[0]) : clocks.joinOf(from, this.callEpoch);
        for (const m of members) if (!from.includes(m)) acq.set(m, { snap: s, prev: -1 });
        break;
      }
      case "in": {
        if (rec.root === undefined) break;
        acq.set(rec.root, { snap: clocks.joinOf(members, this.callEpoch), prev: -1 });
        break;
      }
      case "prefix":
      case "xprefix": {
        // members are in rank order of the communicator
        const upto: number[] = [];
        for (const m of members) {
          if (shape === "prefix") upto.push(m);
          if (upto.length > 0) acq.set(m, { snap: clocks.joinOf(upto, this.callEpoch), prev: -1 });
          if (shape === "xprefix") upto.push(m);
        }
        break;
      }
      case "none":
        break;
    }
    this.coll = acq.size === 0 ? null : new CollectiveAcquire(rec.step, acq);
  }
}

/** MPI 4.1 §12.5.2: Post happens before the matching Start returns; Complete before the matching Wait returns. */
function pscwKey(win: string, a: number, b: number): string {
  return `${win}|${a}|${b}`;
}

interface Acquire {
  snap: Snapshot;
  /** When `snap` dominated the rank's clock at the time (barrier), the clock's version then: if unchanged at acquisition, share `snap` instead of merging (-1: merge). */
  prev: number;
}

function isAcquire(a: Acquire | Snapshot): a is Acquire {
  return (a as Acquire).snap !== undefined;
}

class CollectiveAcquire {
  constructor(
    readonly step: number,
    private readonly byRank: Map<number, Acquire>,
  ) {}
  forRank(r: number): Acquire | null {
    return this.byRank.get(r) ?? null;
  }
}

function push(m: Map<string, Snapshot[]>, k: string, s: Snapshot): void {
  const q = m.get(k);
  if (q === undefined) m.set(k, [s]);
  else q.push(s);
}

function shift(m: Map<string, Snapshot[]>, k: string): Snapshot | undefined {
  const q = m.get(k);
  if (q === undefined) return undefined;
  const s = q.shift();
  if (q.length === 0) m.delete(k);
  return s;
}
