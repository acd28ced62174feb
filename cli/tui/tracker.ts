import type { TraceObserver, TraceRecord } from "../../core/trace.ts";
import { formatLoc } from "../../core/errors.ts";
import { logLine, type LogLine } from "./snapshot.ts";

interface RankState {
  lastCall?: string;
  lastWhere?: string;
  /** active request id → label */
  reqs: Map<number, string>;
  /** epoch key → label, in the order opened */
  epochs: Map<string, string>;
}

const NOT_CREATING = /(Wait|Test|Free|Cancel|Get_status)/;

/**
 * Follows the trace of one TUI session (a TraceObserver): what each rank called last, its active
 * requests, the epochs and locks it holds, and the event log. Kept from the records alone, like
 * the checkers, so it needs nothing from the subsystems' internals.
 */
export class RankTracker implements TraceObserver {
  readonly log: LogLine[] = [];
  private readonly states: RankState[];

  constructor(ranks: number) {
    this.states = Array.from({ length: ranks }, () => ({ reqs: new Map(), epochs: new Map() }));
  }

  rank(r: number): { lastCall?: string; lastWhere?: string; requests: () => string[]; epochs: () => string[] } {
    const s = this.states[r];
    return {
      lastCall: s.lastCall,
      lastWhere: s.lastWhere,
      requests: () => [...s.reqs].map(([id, label]) => `req ${id} ${label}`),
      epochs: () => [...s.epochs.values()],
    };
  }

  onRecord(rec: TraceRecord): void {
    const line = logLine(rec);
    if (line) this.log.push(line);
    if (this.log.length > 4000) this.log.splice(0, 2000);
    const s = this.states[rec.rank];
    if (!s) return;
    switch (rec.t) {
      case "call":
        s.lastCall = rec.call;
        s.lastWhere = rec.loc ? formatLoc(rec.loc) : undefined;
        if (!rec.blocking && rec.reqs && !NOT_CREATING.test(rec.call)) {
          for (const q of rec.reqs) s.reqs.set(q, rec.call.replace(/^(Comm|Win|File|Prequest)\./, ""));
        }
        break;
      case "request":
        if (rec.what === "start") s.reqs.set(rec.req, `${rec.kind} (persistent)`);
        else s.reqs.delete(rec.req);
        break;
      case "epoch": {
        const win = rec.win;
        const kind = rec.kind;
        const t = rec.target;
        if (kind === "fence") s.epochs.set(`fence:${win}`, `fence epoch ${win}`);
        else if (kind === "lock") s.epochs.set(`lock:${win}:${String(t)}`, `lock ${rec.lockType === "exclusive" ? "excl" : "shared"}→${String(t)} ${win}`);
        else if (kind === "unlock") s.epochs.delete(`lock:${win}:${String(t)}`);
        else if (kind === "lock_all") s.epochs.set(`lockall:${win}`, `lock_all ${win}`);
        else if (kind === "unlock_all") s.epochs.delete(`lockall:${win}`);
        else if (kind === "start") s.epochs.set(`start:${win}`, `access epoch ${win}`);
        else if (kind === "complete") s.epochs.delete(`start:${win}`);
        else if (kind === "post") s.epochs.set(`post:${win}`, `exposure epoch ${win}`);
        else if (kind === "wait") s.epochs.delete(`post:${win}`);
        break;
      }
      case "win-free": {
        const win = rec.win;
        for (const k of [...s.epochs.keys()]) if (k.split(":")[1] === win) s.epochs.delete(k);
        break;
      }
    }
  }
}
