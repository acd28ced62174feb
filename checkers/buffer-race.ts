/**
 * buffer-race (SPEC §4): MPI 4.1 §3.7.2 — "the sender should not modify any part of the send
 * buffer after a nonblocking send operation is called, until the send completes", and the
 * receive buffer must not be accessed until the receive completes. Completion, for the user, is
 * the Wait/Test that returns it (the `wait` record), whatever the transport did before. Persistent
 * requests (§3.9) own their buffers from each Start to the Wait of that instance. The buffer is
 * the locations the datatype names: a store into the gap of a strided type is not a race.
 */
import type { Diagnostic } from "../core/diagnostic.ts";
import type { SourceLoc } from "../core/errors.ts";
import { localRuns, type RmaIssueRecord } from "../core/rma/records.ts";
import type { AccessRecord, RequestRecord } from "../core/trace.ts";
import { type Checker, type Cursor, Findings, type LastCalls, access, diagnostic, short, listsPerRank } from "./checker.ts";
import type { Handlers } from "./dispatch.ts";

interface Use {
  req: number;
  buf: string;
  lo: number;
  hi: number;
  /** a non-contiguous datatype's runs inside [lo, hi): its gaps are not the operation's */
  segs: [number, number][] | null;
  /** the operation writes the buffer (receive) */
  write: boolean;
  /** the call that made the request, as recorded ("Comm.Isend"; shortened only for a report) */
  call: string;
  kind: string;
  loc: SourceLoc | undefined;
}

/** A Use with every field in place (one shape for all of them), filled by its first request. */
function blankUse(): Use {
  return { req: -1, buf: "", lo: 0, hi: 0, segs: null, write: false, call: "", kind: "", loc: undefined };
}

/** Request kinds whose buffers this checker watches (RMA's have their own, local-scope rma-race). */
const KINDS = new Set(["send", "recv", "psend", "precv", "io", "coll"]);

export class BufferRaceChecker implements Checker {
  /** per rank: buffers of its active requests */
  private active: Use[][];
  /**
   * Uses whose request was waited for, to be filled again: a use lives as long as its request,
   * past a scavenge at thousands of ranks, and an object per use was promoted garbage.
   */
  private spare: Use[] = [];
  private readonly last: LastCalls;
  private readonly findings: Findings;

  constructor(size: number, cursor: Cursor) {
    this.findings = new Findings(cursor);
    this.active = listsPerRank(size);
    this.last = cursor.last;
  }

  readonly handlers: Handlers = {
    request: (rec) => this.onRequest(rec),
    load: (rec) => this.onLocal(rec),
    store: (rec) => this.onLocal(rec),
    "rma-issue": (rec) => this.onIssue(rec),
  };

  private onLocal(rec: AccessRecord): void {
    if (this.active[rec.rank].length > 0) this.onAccess(rec.rank, rec.buf, rec.off, rec.off + rec.len, rec.t === "store", rec.loc, rec.t === "store" ? "STORE" : "LOAD");
  }

  /** An RMA operation reads its origin/compare buffers and writes its result buffer (MPI 4.1 §12.3). */
  private onIssue(rec: RmaIssueRecord): void {
    if (this.active[rec.rank].length === 0) return;
    for (const u of localRuns(rec)) for (const [lo, hi] of u.runs) this.onAccess(rec.rank, u.buf, lo, hi, u.write, rec.loc, rec.op);
  }

  private onRequest(rec: RequestRecord): void {
    // The rank's list is read only for the records that change it: a completion or a start does
    // not (at thousands of ranks the list is a cache miss).
    if (rec.what === "use") {
      const list = this.active[rec.rank];
      if (!KINDS.has(rec.kind) || rec.buf === undefined || rec.range === undefined) return;
      // Kept while the request is active: made of what the records already hold (no string per use).
      const u = this.spare.pop() ?? blankUse();
      u.req = rec.req;
      u.buf = rec.buf;
      u.lo = rec.range[0];
      u.hi = rec.range[1];
      u.segs = rec.segs ?? null;
      u.write = rec.access !== "read";
      u.call = this.last.call[rec.rank];
      u.kind = rec.kind;
      u.loc = this.last.loc[rec.rank];
      list.push(u);
    } else if (rec.what === "wait" || rec.what === "free" || rec.what === "cancel") {
      const list = this.active[rec.rank];
      if (list.length === 0) return;
      let w = 0;
      for (let i = 0; i < list.length; i++) {
        const u = list[i];
        if (u.req !== rec.req) list[w++] = u;
        else {
          u.segs = null;
          u.loc = undefined;
          this.spare.push(u);
        }
      }
      list.length = w;
    }
  }

  /** An access by the owner (a load/store, or another MPI call) to buffer bytes [lo, hi). */
  private onAccess(rank: number, buf: string, lo: number, hi: number, store: boolean, loc: SourceLoc | undefined, kind: string): void {
    for (const u of this.active[rank]) {
      if (u.buf !== buf || hi <= u.lo || lo >= u.hi || (!store && !u.write)) continue;
      const run = u.segs === null ? [u.lo, u.hi] : u.segs.find(([a, b]) => lo < b && hi > a);
      if (run === undefined) continue;
      const io = u.kind === "io";
      const what = io ? "buffer" : u.write ? "receive buffer" : "send buffer";
      const call = u.call.slice(u.call.indexOf(".") + 1);
      const rule = io ? "MPI 4.1 §14.4.1: a nonblocking data access owns its buffer until completed" : "MPI 4.1 §3.7.2";
      this.findings.add(
        diagnostic(
          "buffer-race",
          `rank ${rank} ${store ? "modifies" : "reads"} the ${what} of ${call} (${short(u.loc)}) ${kind === "STORE" || kind === "LOAD" ? "" : `with ${kind} `}at ${short(loc)} while the request is active; wait for it first (${rule})`,
          [rank],
          {
            predicted: false,
            accesses: [
              access(call, rank, u.loc, { bytes: [u.lo, u.hi], mode: u.write ? "write" : "read" }),
              access(kind, rank, loc, { bytes: [Math.max(lo, run[0]), Math.min(hi, run[1])], mode: store ? "write" : "read" }),
            ],
          },
        ),
      );
    }
  }

  finish(): Diagnostic[] {
    return this.findings.list;
  }
}
