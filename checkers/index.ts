/**
 * The checkers' public door: `createCheckers()` builds the default set — one happens-before
 * service and the checkers that query it — as one trace observer with `finish(world)`.
 *
 * The set sizes itself on the first record (rank counts are not known before the run starts),
 * dispatches each record to the checkers that declare its kind (checkers/dispatch.ts), and returns their diagnostics at the end,
 * in a stable order (by kind, then by place). It never touches the world.
 */
import type { Diagnostic, DiagnosticKind } from "../core/diagnostic.ts";
import { InternalError } from "../core/errors.ts";
import type { TraceObserver, TraceRecord } from "../core/trace.ts";
import type { World } from "../core/world.ts";
import { BufferRaceChecker } from "./buffer-race.ts";
import { type Checker, type Cursor, newCursor } from "./checker.ts";
import { DispatchTable } from "./dispatch.ts";
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
  private progress: NoProgressChecker | null = null;
  private all: Checker[] = [];
  private table: DispatchTable | null = null;
  private cursor: Cursor | null = null;
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
    const c = (this.cursor = newCursor(size));
    const all: Checker[] = [];
    if (!off.has("rma-race") || !off.has("lost-update")) all.push(new RmaChecker(hb, size, c));
    if (!off.has("buffer-race")) all.push(new BufferRaceChecker(size, c));
    if (!off.has("message-race")) all.push(new MessageRaceChecker(hb, size, c));
    if (!off.has("file-conflict")) all.push(new FileConflictChecker(hb, c));
    if (!off.has("resource-leak")) all.push(new LeakChecker(size, c));
    if (!off.has("no-progress")) all.push((this.progress = new NoProgressChecker(size, this.opts.progressBound ?? 20_000, c)));
    this.all = all;
    // The happens-before service sees each record first (the checkers ask it about the point the
    // record is at), then the checkers in this order. The checkers share no state with each other
    // beyond the cursor, which this set keeps (the record's step and position, each rank's latest call).
    this.table = new DispatchTable([hb.handlers, ...all.map((x) => x.handlers)]);
  }

  onRecord(rec: TraceRecord): void {
    if (this.table === null || this.broken !== null) return;
    const c = this.cursor!;
    c.rec = rec;
    c.seq++;
    try {
      // Each rank's latest call, noted once for every checker that names it in a diagnostic.
      const t = rec.t;
      if (t === "call") c.last.note(rec);
      this.table.dispatch(rec, t);
    } catch (e) {
      // A checker bug must not change the simulated run: stop checking, and say so at the end.
      this.broken = e instanceof Error ? e : new Error(String(e));
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
