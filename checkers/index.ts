/**
 * The checkers' public door: `createCheckers()` builds the default set — one happens-before
 * service and the checkers that query it — as one trace observer with `finish(world)`.
 *
 * The set sizes itself on the first record (rank counts are not known before the run starts),
 * dispatches each record to the checkers that want it, and returns their diagnostics at the end,
 * in a stable order (by kind, then by place). It never touches the world.
 */
import type { Diagnostic, DiagnosticKind } from "../core/diagnostic.ts";
import { InternalError } from "../core/errors.ts";
import type { TraceObserver, TraceRecord } from "../core/trace.ts";
import type { World } from "../core/world.ts";
import { BufferRaceChecker } from "./buffer-race.ts";
import type { Checker, Cursor } from "./checker.ts";
import { FileConflictChecker } from "./file-conflict.ts";
import { HappensBefore } from "./hb/hb.ts";
import { LeakChecker } from "./leaks.ts";
import { MessageRaceChecker } from "./message-race.ts";
import { NoProgressChecker } from "./no-progress.ts";
import { RmaChecker } from "./rma/race.ts";

export type { Checker } from "./checker.ts";
export { HappensBefore } from "./hb/hb.ts";

export interface CheckerOptions {
  /** Rank count (default: taken from the world at the first record). */
  ranks?: number;
  /** Kinds to leave out, e.g. ["message-race"]. */
  disable?: DiagnosticKind[];
  /** Scheduler steps without progress before `no-progress` (default 20,000). */
  progressBound?: number;
}

export interface CheckerSet extends TraceObserver {
  /** The diagnostics found, once the run is over. */
  finish(world?: World): Diagnostic[];
  /** A checker asks the runner to stop the run (no-progress found a spin). */
  readonly stop: boolean;
  /** The happens-before service (for tools that want to ask it things). */
  readonly hb: HappensBefore | null;
}

const KIND_ORDER: DiagnosticKind[] = [
  "rma-race", "lost-update", "file-conflict", "buffer-race", "message-race", "resource-leak", "no-progress",
  "deadlock", "collective-mismatch", "mpi-error", "rank-exception", "property",
];

class DefaultCheckers implements CheckerSet {
  hb: HappensBefore | null = null;
  private rma: RmaChecker | null = null;
  private buffers: BufferRaceChecker | null = null;
  private messages: MessageRaceChecker | null = null;
  private files: FileConflictChecker | null = null;
  private leaks: LeakChecker | null = null;
  private progress: NoProgressChecker | null = null;
  private all: Checker[] = [];
  private readonly cursor: Cursor = { step: 0 };
  private broken: Error | null = null;

  constructor(private readonly opts: CheckerOptions) {
    if (opts.ranks !== undefined) this.init(opts.ranks);
  }

  get stop(): boolean {
    return this.progress !== null && this.progress.stuck;
  }

  private init(size: number): void {
    const off = new Set(this.opts.disable ?? []);
    const hb = new HappensBefore(size);
    this.hb = hb;
    const c = this.cursor;
    if (!off.has("rma-race") || !off.has("lost-update")) this.rma = new RmaChecker(hb, size, c);
    if (!off.has("buffer-race")) this.buffers = new BufferRaceChecker(size, c);
    if (!off.has("message-race")) this.messages = new MessageRaceChecker(hb, size, c);
    if (!off.has("file-conflict")) this.files = new FileConflictChecker(hb, c);
    if (!off.has("resource-leak")) this.leaks = new LeakChecker(size, c);
    if (!off.has("no-progress")) this.progress = new NoProgressChecker(size, this.opts.progressBound ?? 20_000, c);
    this.all = [this.rma, this.buffers, this.messages, this.files, this.leaks, this.progress].filter((c): c is NonNullable<typeof c> => c !== null);
  }

  onRecord(rec: TraceRecord): void {
    if (this.hb === null || this.broken !== null) return;
    this.cursor.step = rec.step;
    try {
      this.dispatch(rec);
    } catch (e) {
      // A checker bug must not change the simulated run: stop checking, and say so at the end.
      this.broken = e instanceof Error ? e : new Error(String(e));
    }
  }

  private dispatch(rec: TraceRecord): void {
    this.hb!.onRecord(rec);
    switch (rec.t) {
      case "load":
      case "store":
        this.rma?.onRecord(rec);
        this.buffers?.onRecord(rec);
        return;
      case "call":
        this.rma?.onRecord(rec);
        this.buffers?.onRecord(rec);
        this.files?.onRecord(rec);
        this.leaks?.onRecord(rec);
        this.progress?.onRecord(rec);
        return;
      case "complete":
        this.progress?.onRecord(rec);
        return;
      case "request":
        this.rma?.onRecord(rec);
        this.buffers?.onRecord(rec);
        this.messages?.onRecord(rec);
        this.leaks?.onRecord(rec);
        this.progress?.onRecord(rec);
        return;
      case "deliver":
        this.messages?.onRecord(rec);
        this.leaks?.onRecord(rec);
        this.progress?.onRecord(rec);
        return;
      case "rma-issue":
        this.buffers?.onRecord(rec);
        this.rma?.onRecord(rec);
        this.progress?.onRecord(rec);
        return;
      case "rma-apply":
      case "rma-complete":
        this.rma?.onRecord(rec);
        this.progress?.onRecord(rec);
        return;
      case "epoch":
      case "win-create":
      case "win-free":
      case "win-attach":
      case "win-detach":
        this.rma?.onRecord(rec);
        this.leaks?.onRecord(rec);
        return;
      case "sync":
        this.rma?.onRecord(rec);
        this.progress?.onRecord(rec);
        return;
      case "file-open":
      case "file-close":
        this.files?.onRecord(rec);
        this.leaks?.onRecord(rec);
        this.progress?.onRecord(rec);
        return;
      case "file-write":
      case "file-read":
      case "file-sync":
        this.files?.onRecord(rec);
        this.progress?.onRecord(rec);
        return;
      case "alloc":
      case "free":
      case "diagnostic":
        this.leaks?.onRecord(rec);
        return;
      default:
        return;
    }
  }

  /** Called with the world's size before anything else happens (World.addObserver is too early to know). */
  attach(size: number): void {
    if (this.hb === null) this.init(size);
  }

  finish(world?: World): Diagnostic[] {
    if (this.broken !== null) throw new InternalError(`a checker failed on the trace: ${this.broken.stack ?? this.broken.message}`);
    if (this.hb === null) return [];
    const off = new Set(this.opts.disable ?? []);
    const out: Diagnostic[] = [];
    for (const c of this.all) for (const d of c.finish(world)) if (!off.has(d.kind)) out.push(d);
    return out.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.step ?? 0) - (b.step ?? 0));
  }
}

/** The default checkers, as one trace observer. Pass it to a run and call `finish(world)` after. */
export function createCheckers(opts: CheckerOptions = {}): CheckerSet & { attach(size: number): void } {
  return new DefaultCheckers(opts);
}
