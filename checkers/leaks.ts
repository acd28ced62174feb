/**
 * resource-leak (SPEC §4): what a program created and did not give back by the time it ended —
 * a non-persistent request never completed by Wait/Test (or freed), a persistent request never
 * freed (MPI 4.1 §3.9), a window never freed (§12.2.5), a file never closed (§14.2.2), a derived
 * datatype, a communicator, a group (§7.3) or a user op (§6.9.5) never freed (`alloc`/`free`
 * records with kind "datatype" / "comm" / "group" / "op"), a message never received or a receive
 * never matched (§11.2.2) — and a window freed while an epoch is still open.
 * Only judged when every rank finished: after a deadlock or an abort, everything is "leaked".
 */
import type { Diagnostic } from "../core/diagnostic.ts";
import type { SourceLoc } from "../core/errors.ts";
import type { EpochRecord } from "../core/rma/records.ts";
import type { CallRecord, DiagnosticRecord, HandleRecord, RequestRecord } from "../core/trace.ts";
import type { World } from "../core/world.ts";
import { P2P } from "../core/p2p.ts";
import { type Checker, type Cursor, Findings, type LastCalls, access, diagnostic, short } from "./checker.ts";
import type { Handlers } from "./dispatch.ts";
import { RequestTable } from "./request-table.ts";

interface Held {
  rank: number;
  what: string;
  call: string;
  loc: SourceLoc | undefined;
}

/** A request's entry: the call that made it (an entry is tracked, named, or both). */
interface Made extends Held {
  persistent: boolean;
  order: number;
}

interface OpenEpochs {
  locks: number;
  lockAll: boolean;
  access: boolean;
  exposure: boolean;
}

/** Epoch records that open or close an epoch (the others leave OpenEpochs as they are). */
function opensOrCloses(kind: EpochRecord["kind"]): boolean {
  switch (kind) {
    case "lock":
    case "unlock":
    case "lock_all":
    case "unlock_all":
    case "start":
    case "complete":
    case "post":
    case "wait":
      return true;
    default:
      return false;
  }
}

/** Calls that refer to existing requests rather than create them. */
const REFERS = new Set(["Request.Free", "Request.Cancel", "Request.Get_status"]);

/**
 * A request table split by persistence (MPI 4.1 §3.9): an entry's table says whether it is
 * persistent, so a delivery or a wait decides what to drop without reading the entry (at
 * thousands of ranks, a cache miss per request).
 */
class ByPersistence {
  readonly once = new RequestTable<Made>();
  readonly persistent = new RequestTable<Made>();

  get(id: number): Made | undefined {
    return this.once.get(id) ?? this.persistent.get(id);
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: number, entry: Made): void {
    (entry.persistent ? this.persistent : this.once).set(id, entry);
  }

  delete(id: number): void {
    this.once.delete(id);
    this.persistent.delete(id);
  }

  values(): Made[] {
    return [...this.once.values(), ...this.persistent.values()];
  }
}

export class LeakChecker implements Checker {
  private requests = new ByPersistence();
  /** request id → the call that made it (names a message or receive still pending at the end) */
  private madeBy = new ByPersistence();
  /** Entries made so far: `requests` reports in this order (the order they were tracked in). */
  private made = 0;
  /** "kind|id|rank" → what was created */
  private objects = new Map<string, Held>();
  private readonly last: LastCalls;
  /** per rank: window → open epochs (PSCW and passive target) */
  private epochs: (Map<string, OpenEpochs> | undefined)[];
  private readonly findings: Findings;

  constructor(size: number, cursor: Cursor) {
    this.findings = new Findings(cursor);
    this.last = cursor.last;
    // Made at a rank's first epoch record: a Map per rank per run, mostly unused, cost at scale.
    this.epochs = new Array(size).fill(undefined);
  }

  readonly handlers: Handlers = {
    call: (rec) => this.onCall(rec),
    deliver: (rec) => {
      // Matched: neither side can be pending at the end any more (persistent requests are
      // started again under the same id, so they keep their name).
      this.madeBy.once.delete(rec.sreq);
      this.madeBy.once.delete(rec.rreq);
    },
    request: (rec) => this.onRequest(rec),
    "win-create": (rec) => this.open("window", rec.win, rec.rank, undefined),
    "win-free": (rec) => {
      this.close("window", rec.win, rec.rank);
      this.epochs[rec.rank]?.delete(rec.win);
    },
    "file-open": (rec) => this.open("file", rec.fh, rec.rank, undefined, rec.file),
    "file-close": (rec) => this.close("file", rec.fh, rec.rank),
    alloc: (rec) => this.onAlloc(rec),
    free: (rec) => this.close(rec.kind, rec.id, rec.rank),
    epoch: (rec) => this.onEpoch(rec),
    diagnostic: (rec) => this.onDiagnostic(rec),
  };

  private onCall(rec: CallRecord): void {
    const r = rec.rank;
    if (rec.reqs !== undefined && !REFERS.has(rec.call)) {
      // One entry per request, shared by both tables (a non-blocking call makes one per request it starts).
      const local = rec.blocking !== true;
      for (const id of rec.reqs) {
        const name = !this.madeBy.has(id);
        const track = local && !this.requests.has(id);
        if (!name && !track) continue;
        const entry: Made = { rank: r, what: "request", call: rec.call, loc: rec.loc, persistent: rec.call.endsWith("_init"), order: this.made++ };
        if (name) this.madeBy.set(id, entry);
        if (track) this.requests.set(id, entry);
      }
    }
    if (rec.call === "Win.Free" && rec.comm !== undefined) this.checkFree(r, rec.comm, rec.loc);
    else if (rec.call === "Comm.Free" && rec.comm !== undefined) this.close("comm", rec.comm, r);
  }

  private onRequest(rec: RequestRecord): void {
    // Only a wait or a free ends anything here (a request's use, start and completion records are
    // most of them: no lookup for those).
    if (rec.what !== "wait" && rec.what !== "free") return;
    if (rec.kind !== "send" && rec.kind !== "psend" && rec.kind !== "precv") this.madeBy.delete(rec.req);
    // A wait ends a non-persistent request; a free ends either.
    if (rec.what === "free") this.requests.delete(rec.req);
    else this.requests.once.delete(rec.req);
  }

  private onAlloc(rec: HandleRecord): void {
    const c = rec.combiner;
    // A datatype constructor is no MPI call record: name it after its combiner.
    const call = rec.call ?? (rec.kind === "op" ? "Op.Create" : c === undefined ? undefined : c === "DUP" ? "Datatype.Dup" : `Datatype.Create_${c.toLowerCase()}`);
    this.open(rec.kind, rec.id, rec.rank, rec.loc, undefined, call);
  }

  /**
   * The RMA subsystem refuses a Win.Free inside an epoch (an mpi-error); it is also a leak of that
   * epoch, which is how SPEC §4 files it.
   */
  private onDiagnostic(rec: DiagnosticRecord): void {
    const d = rec.diagnostic;
    if (d.kind === "mpi-error" && d.call === "Win.Free" && d.errorClass === "ERR_RMA_SYNC") {
      const r = d.ranks[0] ?? rec.rank;
      this.findings.add(
        diagnostic("resource-leak", `rank ${r} frees a window at ${short(d.loc)} while an epoch on it is still open (MPI 4.1 §12.2.5): ${d.message}`, [r], {
          accesses: [access("Win.Free", r, d.loc)],
          loc: d.loc,
          where: d.where,
        }),
      );
    }
  }

  /** `loc`: where the record says the object was made (else the rank's latest call). */
  private open(kind: string, id: string, r: number, loc0: SourceLoc | undefined, name?: string, callName?: string): void {
    const call = callName ?? this.last.call[r];
    const loc = loc0 ?? this.last.loc[r];
    const what = name ? `${kind} ${name}` : kind === "datatype" ? "derived datatype" : kind === "comm" ? `communicator ${id}` : kind === "op" ? "user op" : kind === "group" ? "group" : `${kind} ${id}`;
    this.objects.set(`${kind}|${id}|${r}`, { rank: r, what, call, loc });
  }

  private close(kind: string, id: string, rank: number): void {
    this.objects.delete(`${kind}|${id}|${rank}`);
  }

  private onEpoch(rec: EpochRecord): void {
    // Flushes, fences and syncs open or close nothing (most epoch records of a lock loop).
    if (!opensOrCloses(rec.kind)) return;
    const win = rec.win;
    const m = (this.epochs[rec.rank] ??= new Map());
    let s = m.get(win);
    if (s === undefined) m.set(win, (s = { locks: 0, lockAll: false, access: false, exposure: false }));
    switch (rec.kind) {
      case "lock":
        s.locks++;
        break;
      case "unlock":
        if (s.locks > 0) s.locks--;
        break;
      case "lock_all":
        s.lockAll = true;
        break;
      case "unlock_all":
        s.lockAll = false;
        break;
      case "start":
        s.access = true;
        break;
      case "complete":
        s.access = false;
        break;
      case "post":
        s.exposure = true;
        break;
      case "wait":
        s.exposure = false;
        break;
    }
  }

  /** MPI 4.1 §12.2.5: a window must not be freed while an epoch on it is open. */
  private checkFree(rank: number, win: string, loc: SourceLoc | undefined): void {
    const s = this.epochs[rank]?.get(win);
    if (s === undefined) return;
    const what = s.lockAll ? "a Lock_all epoch" : s.locks > 0 ? "a Lock epoch" : s.access ? "a Start (access) epoch" : s.exposure ? "a Post (exposure) epoch" : null;
    if (what === null) return;
    this.findings.add(
      diagnostic("resource-leak", `rank ${rank} frees window ${win} at ${short(loc)} while ${what} is still open (MPI 4.1 §12.2.5)`, [rank], {
        accesses: [access("Win.Free", rank, loc, { window: win })],
        loc,
        where: access("", rank, loc).where,
      }),
    );
  }

  finish(world?: World): Diagnostic[] {
    const clean = world === undefined || world.ranks.every((s) => s.status === "done");
    if (clean) {
      for (const q of this.requests.values().sort((a, b) => a.order - b.order)) {
        const why = q.persistent ? "was never freed (Request.Free)" : "was never completed by Wait/Test (or freed)";
        this.report(q, `the ${q.persistent ? "persistent " : ""}request that rank ${q.rank} made with ${short1(q.call)} at ${short(q.loc)} ${why}`);
      }
      if (world !== undefined) this.pendingAtEnd(world);
      // One diagnostic per object and creation site, naming every rank that kept it.
      const byObj = new Map<string, Held[]>();
      for (const [k, h] of this.objects) {
        // Datatypes are per-rank objects: group them by where they were made; the rest by object too.
        const obj = k.startsWith("datatype|") || k.startsWith("op|") || k.startsWith("group|") ? k.slice(0, k.indexOf("|")) : k.slice(0, k.lastIndexOf("|"));
        const key = `${obj}|${h.loc ? short(h.loc) : ""}`;
        const list = byObj.get(key);
        if (list === undefined) byObj.set(key, [h]);
        else list.push(h);
      }
      for (const hs of byObj.values()) {
        hs.sort((a, b) => a.rank - b.rank);
        const h = hs[0];
        const ranks = [...new Set(hs.map((x) => x.rank))];
        const how = h.what.startsWith("file") ? "closed" : "freed";
        ranks.sort((a, b) => a - b);
        this.report(h, `the ${h.what} created by ${short1(h.call)} at ${short(h.loc)} was never ${how} by rank${ranks.length > 1 ? "s" : ""} ${ranks.join(", ")}`, ranks);
      }
    }
    return this.findings.list;
  }

  /**
   * MPI 4.1 §11.2.2 (MPI_Finalize): every communication a process takes part in must be complete
   * at the end — a message sent and never received, or a receive posted and never matched, is an
   * error whatever the buffering (eager sends complete locally, so only rendezvous would show it
   * as a deadlock). A request freed after it started (§3.7.3) must still see its message matched.
   */
  private pendingAtEnd(world: World): void {
    const p2p = world.subsystems.get("p2p") as P2P | undefined;
    if (p2p === undefined) return;
    for (let dst = 0; dst < world.size; dst++) {
      const box = p2p.inbox(dst);
      for (const m of box.msgs) {
        const h = this.madeBy.get(m.sreq.id) ?? { rank: m.src, what: "request", call: "send", loc: m.loc };
        this.report(
          { ...h, what: "message", loc: h.loc ?? m.loc },
          `the message rank ${m.src} sent with ${short1(h.call)} at ${short(h.loc ?? m.loc)} (tag ${m.tag} on ${m.ctx.name}) was never received by rank ${dst} (MPI 4.1 §11.2.2: every message must be received before the end)`,
          [m.src, dst],
        );
      }
      for (const r of box.recvs) {
        // An unwaited receive is already reported as a leaked request.
        if (this.requests.has(r.req.id)) continue;
        const h = this.madeBy.get(r.req.id) ?? { rank: dst, what: "request", call: "receive", loc: r.loc };
        this.report(
          { ...h, what: "receive", loc: h.loc ?? r.loc },
          `the receive rank ${dst} posted with ${short1(h.call)} at ${short(h.loc ?? r.loc)} was never matched by a message (MPI 4.1 §11.2.2)`,
        );
      }
    }
  }

  private report(h: Held, message: string, ranks = [h.rank]): void {
    this.findings.add(
      diagnostic("resource-leak", message, ranks, {
        accesses: [access(short1(h.call), h.rank, h.loc)],
        loc: h.loc,
        where: access("", h.rank, h.loc).where,
      }),
      `resource-leak|${h.what.split(" ")[0]}|${h.loc ? short(h.loc) : h.call}|${ranks.join(",")}`,
    );
  }
}

/** "Comm.Send_init" → "Send_init". */
function short1(call: string): string {
  return call.slice(call.indexOf(".") + 1);
}
