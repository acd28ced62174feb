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
import type { RmaApplyRecord, RmaIssueRecord } from "../core/rma/records.ts";
import type { CompleteRecord, RecordBase, RequestRecord } from "../core/trace.ts";
import { type Checker, type Cursor, Findings, type LastCalls, access, diagnostic, short } from "./checker.ts";
import type { Handlers } from "./dispatch.ts";
import { formatLoc } from "../core/errors.ts";
import { IntList } from "../core/int-list.ts";
import { callDecl } from "../core/footprint-decl.ts";

export class NoProgressChecker implements Checker {
  private lastProgressStep = 0;
  private step = 0;
  /**
   * Ranks that polled since the last progress (in the order they started), and per rank its
   * latest poll and where: arrays by rank, since progress clears them at almost every step.
   */
  private readonly spinning = new IntList();
  private readonly isSpinning: Uint8Array;
  private readonly spinCall: string[];
  private readonly spinLoc: (SourceLoc | undefined)[];
  private readonly last: LastCalls;
  private readonly findings: Findings;
  private writeOps = new Set<string>();
  /** Set once reported: the runner may stop the run. */
  stuck = false;

  constructor(
    size: number,
    readonly bound: number,
    cursor: Cursor,
  ) {
    this.findings = new Findings(cursor);
    this.last = cursor.last;
    this.isSpinning = new Uint8Array(size);
    this.spinCall = new Array<string>(size).fill("");
    this.spinLoc = new Array<SourceLoc | undefined>(size).fill(undefined);
  }

  /**
   * The records it reads; the kinds left out (epoch, load, store, rma-complete, win-*, file-visible…)
   * count as neither a spin nor progress. Note: a store to watched memory is not read here,
   * though the list above names it.
   */
  readonly handlers: Handlers = {
    complete: (rec) => this.onComplete(rec),
    request: (rec) => this.onRequest(rec),
    "rma-issue": (rec) => this.onIssue(rec),
    "rma-apply": (rec) => this.onApply(rec),
    deliver: (rec) => this.progress(rec),
    sync: (rec) => this.progress(rec),
    "file-open": (rec) => this.progress(rec),
    "file-close": (rec) => this.progress(rec),
    "file-write": (rec) => this.progress(rec),
    "file-read": (rec) => this.progress(rec),
    "file-sync": (rec) => this.progress(rec),
  };

  private onComplete(rec: CompleteRecord): void {
    // A poll that came back empty (rec.poll), or a call whose owner declares that returning is not
    // progress (polls, the steps of a lock–get loop: core/footprint-decl.ts).
    if (rec.poll === true || callDecl(rec.call).spin) {
      const r = rec.rank;
      this.step = rec.step;
      if (this.isSpinning[r] === 0) {
        this.isSpinning[r] = 1;
        this.spinning.push(r);
      }
      this.spinCall[r] = this.last.call[r];
      this.spinLoc[r] = this.last.loc[r];
      if (!this.stuck && this.step - this.lastProgressStep > this.bound) this.report();
      return;
    }
    this.progress(rec);
  }

  private onRequest(rec: RequestRecord): void {
    if (rec.what === "complete" && rec.kind !== "rma") this.progress(rec);
  }

  private onIssue(rec: RmaIssueRecord): void {
    if (writesTarget(rec.op, rec.accOp)) this.writeOps.add(rec.id);
  }

  /** A read (a Get of the flag) landing is part of the spin; a write landing is progress. */
  private onApply(rec: RmaApplyRecord): void {
    if (this.writeOps.delete(rec.id)) this.progress(rec);
  }

  private progress(rec: RecordBase): void {
    this.step = rec.step;
    this.lastProgressStep = this.step;
    const spinning = this.spinning;
    for (let i = 0; i < spinning.length; i++) this.isSpinning[spinning.at(i)] = 0;
    spinning.clear();
  }

  private report(): void {
    this.stuck = true;
    const ranks = this.spinning.toArray().sort((a, b) => a - b);
    const call = this.spinCall, loc = this.spinLoc;
    const pending = ranks.map((r) => ({ rank: r, call: call[r], where: loc[r] ? formatLoc(loc[r]) : undefined }));
    this.findings.add(
      diagnostic(
        "no-progress",
        `no progress for ${this.step - this.lastProgressStep} scheduler steps: ${pending.map((p) => `rank ${p.rank} keeps calling ${p.call} (${short(loc[p.rank])})`).join("; ")}, and nothing it could be waiting for happens`,
        ranks,
        {
          pending,
          step: this.step,
          accesses: ranks.map((r) => access(call[r].slice(call[r].indexOf(".") + 1), r, loc[r])),
          ...(pending[0]?.where ? { where: pending[0].where, loc: loc[ranks[0]] } : {}),
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
