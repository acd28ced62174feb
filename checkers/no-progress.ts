/**
 * no-progress (SPEC §4): ranks spinning — polling with Test/Iprobe/Win.Test, or looping over
 * Lock/Get/Flush/Unlock reading a flag — while nothing else in the world changes. Progress is
 * anything another rank could observe: a message delivered, a write landing in memory (an RMA
 * write applied, a store to watched memory, a file write), a collective completing, a request
 * completing, a non-polling call returning. After `bound` scheduler steps without progress the
 * spinning ranks are reported (once).
 */
import type { Diagnostic } from "../core/diagnostic.ts";
import type { SourceLoc } from "../core/errors.ts";
import type { TraceRecord } from "../core/trace.ts";
import { type Checker, type Cursor, Findings, access, diagnostic, short } from "./checker.ts";
import { formatLoc } from "../core/errors.ts";
import { callDecl } from "../core/footprint-decl.ts";

export class NoProgressChecker implements Checker {
  private lastProgressStep = 0;
  private step = 0;
  /** ranks that polled since the last progress, with where */
  private spinning = new Map<number, { call: string; loc: SourceLoc | undefined }>();
  private lastCall: string[];
  private lastLoc: (SourceLoc | undefined)[];
  private readonly findings: Findings;
  private writeOps = new Set<string>();
  /** Set once reported: the runner may stop the run. */
  stuck = false;

  constructor(
    size: number,
    readonly bound: number,
    cursor?: Cursor,
  ) {
    this.findings = new Findings(cursor);
    this.lastCall = new Array<string>(size).fill("");
    this.lastLoc = new Array<SourceLoc | undefined>(size).fill(undefined);
  }

  onRecord(rec: TraceRecord): void {
    this.step = rec.step;
    switch (rec.t) {
      case "call":
        this.lastCall[rec.rank] = rec.call;
        this.lastLoc[rec.rank] = rec.loc;
        return;
      case "complete":
        // A poll that came back empty (rec.poll), or a call whose owner declares that returning is not
        // progress (polls, the steps of a lock–get loop: core/footprint-decl.ts).
        if (rec.poll === true || callDecl(rec.call).spin) {
          this.spinning.set(rec.rank, { call: this.lastCall[rec.rank], loc: this.lastLoc[rec.rank] });
          if (!this.stuck && this.step - this.lastProgressStep > this.bound) this.report();
          return;
        }
        break;
      case "rma-issue":
        if (writesTarget(rec.op as string, rec.accOp as string | null)) this.writeOps.add(rec.id as string);
        return;
      case "load":
      case "output":
      case "epoch":
      case "rma-complete":
      case "choice":
      case "diagnostic":
        return;
      case "request":
        if (rec.what !== "complete") return;
        if (rec.kind === "rma") return;
        break;
      case "rma-apply":
        // a read (a Get of the flag) landing is part of the spin; a write landing is progress
        if (!this.writeOps.delete(rec.id as string)) return;
        break;
      default:
        break;
    }
    this.lastProgressStep = this.step;
    if (this.spinning.size > 0) this.spinning.clear();
  }

  private report(): void {
    this.stuck = true;
    const ranks = [...this.spinning.keys()].sort((a, b) => a - b);
    const pending = ranks.map((r) => {
      const s = this.spinning.get(r)!;
      return { rank: r, call: s.call, where: s.loc ? formatLoc(s.loc) : undefined };
    });
    this.findings.add(
      diagnostic(
        "no-progress",
        `no progress for ${this.step - this.lastProgressStep} scheduler steps: ${pending.map((p) => `rank ${p.rank} keeps calling ${p.call} (${short(this.spinning.get(p.rank)!.loc)})`).join("; ")}, and nothing it could be waiting for happens`,
        ranks,
        {
          pending,
          step: this.step,
          accesses: ranks.map((r) => access(this.spinning.get(r)!.call.slice(this.spinning.get(r)!.call.indexOf(".") + 1), r, this.spinning.get(r)!.loc)),
          ...(pending[0]?.where ? { where: pending[0].where, loc: this.spinning.get(ranks[0])!.loc } : {}),
        },
      ),
    );
  }

  finish(): Diagnostic[] {
    return this.findings.list;
  }
}

function writesTarget(op: string, accOp: string | null): boolean {
  if (op === "Get" || op === "Rget") return false;
  return accOp !== "MPI_NO_OP";
}
