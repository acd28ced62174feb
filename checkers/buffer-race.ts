/**
 * buffer-race (SPEC §4): MPI 4.1 §3.7.2 — "the sender should not modify any part of the send
 * buffer after a nonblocking send operation is called, until the send completes", and the
 * receive buffer must not be accessed until the receive completes. Completion, for the user, is
 * the Wait/Test that returns it (the `wait` record), whatever the transport did before. Persistent
 * requests (§3.9) own their buffers from each Start to the Wait of that instance.
 */
import type { Diagnostic } from "../core/diagnostic.ts";
import type { SourceLoc } from "../core/errors.ts";
import type { AccessRecord, RequestRecord, TraceRecord } from "../core/trace.ts";
import { type Checker, type Cursor, Findings, access, diagnostic, short } from "./checker.ts";

interface Use {
  req: number;
  buf: string;
  lo: number;
  hi: number;
  /** the operation writes the buffer (receive) */
  write: boolean;
  call: string;
  kind: string;
  loc: SourceLoc | undefined;
}

/** Request kinds whose buffers this checker watches (RMA's have their own, local-scope rma-race). */
const KINDS = new Set(["send", "recv", "psend", "precv", "io", "coll"]);

export class BufferRaceChecker implements Checker {
  /** per rank: buffers of its active requests */
  private active: Use[][];
  private lastCall: string[];
  private lastLoc: (SourceLoc | undefined)[];
  private readonly findings: Findings;

  constructor(size: number, cursor?: Cursor) {
    this.findings = new Findings(cursor);
    this.active = Array.from({ length: size }, () => []);
    this.lastCall = new Array<string>(size).fill("");
    this.lastLoc = new Array<SourceLoc | undefined>(size).fill(undefined);
  }

  onRecord(rec: TraceRecord): void {
    switch (rec.t) {
      case "call":
        this.lastCall[rec.rank] = rec.call;
        this.lastLoc[rec.rank] = rec.loc;
        return;
      case "request":
        this.onRequest(rec);
        return;
      case "load":
      case "store":
        if (this.active[rec.rank].length > 0) this.onAccess(rec);
        return;
      default:
        return;
    }
  }

  private onRequest(rec: RequestRecord): void {
    const list = this.active[rec.rank];
    if (rec.what === "use") {
      if (!KINDS.has(rec.kind) || rec.buf === undefined || rec.range === undefined) return;
      const call = this.lastCall[rec.rank];
      list.push({
        req: rec.req, buf: rec.buf, lo: rec.range[0], hi: rec.range[1], write: rec.access !== "read",
        call: call.slice(call.indexOf(".") + 1), kind: rec.kind, loc: this.lastLoc[rec.rank],
      });
    } else if (rec.what === "wait" || rec.what === "free" || rec.what === "cancel") {
      if (list.length === 0) return;
      let w = 0;
      for (let i = 0; i < list.length; i++) if (list[i].req !== rec.req) list[w++] = list[i];
      list.length = w;
    }
  }

  private onAccess(rec: AccessRecord): void {
    const store = rec.t === "store";
    const lo = rec.off;
    const hi = lo + rec.len;
    for (const u of this.active[rec.rank]) {
      if (u.buf !== rec.buf || hi <= u.lo || lo >= u.hi || (!store && !u.write)) continue;
      const io = u.kind === "io";
      const what = io ? "buffer" : u.write ? "receive buffer" : "send buffer";
      const kind = store ? "STORE" : "LOAD";
      const rule = io ? "MPI 4.1 §14.4.1: a nonblocking data access owns its buffer until completed" : "MPI 4.1 §3.7.2";
      this.findings.add(
        diagnostic(
          "buffer-race",
          `rank ${rec.rank} ${store ? "modifies" : "reads"} the ${what} of ${u.call} (${short(u.loc)}) at ${short(rec.loc)} while the request is active; wait for it first (${rule})`,
          [rec.rank],
          {
            predicted: false,
            accesses: [
              access(u.call, rec.rank, u.loc, { bytes: [u.lo, u.hi], mode: u.write ? "write" : "read" }),
              access(kind, rec.rank, rec.loc, { bytes: [Math.max(lo, u.lo), Math.min(hi, u.hi)], mode: store ? "write" : "read" }),
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
