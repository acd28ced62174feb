/**
 * The TUI's driver: owns the current Session and the path (the non-default choices, including
 * those still ahead when a token was loaded), and turns each key's intent into scheduler work.
 * The world cannot be rewound, so stepping back and toggling buffering replay the path from the
 * start in a fresh Session — deterministic, so the same state comes back.
 */
import type { Program } from "../../core/program.ts";
import type { Buffering } from "../../core/world.ts";
import { UsageError } from "../../core/errors.ts";
import type { EnabledSet, SimEvent } from "../../core/events.ts";
import type { World } from "../../core/world.ts";
import { Session } from "../../scheduler/session.ts";
import type { RunOptions, RunResult } from "../../scheduler/run.ts";
import type { Choice, Strategy } from "../../scheduler/strategy.ts";
import { run } from "../../index.ts";
import { DEFAULT_EAGER_LIMIT, checkTokenFor, decodeToken } from "../../scheduler/token.ts";
import { RankTracker } from "./tracker.ts";
import { takeSnapshot, type RunStatus, type Snapshot } from "./snapshot.ts";
import type { SvgInput } from "../svg/index.ts";
import type { Diagnostic } from "../../core/diagnostic.ts";
import { createCheckers, type CheckerSet } from "../../checkers/index.ts";

type Checkers = CheckerSet & { attach(size: number): void };

/** Follows a path of choices (by step); the default (oldest enabled event) everywhere else. */
class PathStrategy implements Strategy {
  readonly name = "tui";
  byStep = new Map<number, Choice>();
  constructor(path: readonly Choice[]) {
    this.set(path);
  }
  set(path: readonly Choice[]): void {
    this.byStep = new Map(path.map((c) => [c.step, c]));
  }
  expected(enabled: EnabledSet, step: number): SimEvent {
    const c = this.byStep.get(step);
    return (c && enabled.find(c.kind as never, c.rank, c.seq)) || enabled.oldest()!;
  }
  choose(enabled: EnabledSet, world: World): SimEvent {
    return this.expected(enabled, world.step);
  }
}

export interface DriverOptions {
  program: Program;
  ranks?: number;
  /** Seed of the random schedule the session opens with (like `mpisim run --seed`); default 0. */
  seed?: number;
  /** A schedule token to open (at its first diagnostic when it fails). */
  schedule?: string;
  buffering?: Buffering;
  maxSteps?: number;
  /** Extra run options for every session (observers, I/O setup); called once per session. */
  runOptions?: () => Partial<RunOptions>;
  /** Run the default checkers (as `mpisim run` does); default true. */
  checkers?: boolean;
}

export class TuiDriver {
  private path: Choice[] = [];
  private ranks: number;
  private buffering: Buffering;
  private eagerLimit = DEFAULT_EAGER_LIMIT;
  private session!: Session;
  private tracker!: RankTracker;
  private strategy!: PathStrategy;
  private result: RunResult | undefined;
  /**
   * The checkers of the current session: `full` reports at the end like index.run(); `live` has
   * the end-of-run kinds (leaks, no-progress) left out, so its findings can be read after every
   * step ("diagnostics so far", run to the next diagnostic).
   */
  private checkers: { full: Checkers; live: Checkers } | undefined;

  private constructor(private readonly opts: DriverOptions) {
    this.ranks = opts.ranks ?? opts.program.ranks ?? 2;
    this.buffering = opts.buffering ?? "eager";
  }

  /**
   * Open a program: the path comes from the token, or from a seeded random run. When that run
   * reports a diagnostic the TUI opens right after the step that produced it (at the end for
   * end-of-run diagnostics such as a deadlock); otherwise at the start.
   */
  static async open(opts: DriverOptions): Promise<TuiDriver> {
    const d = new TuiDriver(opts);
    if (opts.schedule !== undefined) {
      const s = decodeToken(opts.schedule);
      checkTokenFor(s, opts.program.hash, opts.program.name);
      if (opts.ranks !== undefined && opts.ranks !== s.ranks) throw new UsageError(`schedule token is for ${s.ranks} ranks, not ${opts.ranks}`);
      d.ranks = s.ranks;
      d.buffering = s.buffering;
      d.eagerLimit = s.eagerLimit;
      d.path = s.choices;
    } else {
      // The same run as `mpisim run --seed S` (checkers included: no-progress ends a spinning run).
      const probe = await run(opts.program, { ...d.baseOptions(), seed: opts.seed ?? 0, strategy: "random", checkers: opts.checkers !== false });
      d.path = decodeToken(probe.schedule).choices;
    }
    d.fresh();
    await d.runUntil(() => d.diagnostics().length > 0);
    if (d.diagnostics().length === 0) d.fresh();
    return d;
  }

  private baseOptions(): RunOptions {
    return { ...(this.opts.runOptions?.() ?? {}), ranks: this.ranks, buffering: this.buffering, eagerLimit: this.eagerLimit, maxSteps: this.opts.maxSteps };
  }

  /** A new session at step 0 following the path. */
  private fresh(): void {
    const base = this.baseOptions();
    this.tracker = new RankTracker(this.ranks);
    this.strategy = new PathStrategy(this.path);
    const observers = [...(base.observers ?? []), this.tracker];
    let setup = base.setup;
    this.checkers = undefined;
    if (this.opts.checkers !== false) {
      const c = { full: createCheckers(), live: createCheckers({ disable: ["resource-leak", "no-progress"] }) };
      this.checkers = c;
      observers.push(c.full, c.live);
      setup = (world) => {
        c.full.attach(world.size);
        c.live.attach(world.size);
        base.setup?.(world);
      };
    }
    this.session = new Session(this.opts.program, { ...base, strategy: this.strategy, observers, setup });
    this.result = undefined;
  }

  /** Run the session until `until` (or a checker stops it, as no-progress does), then settle. */
  private async runUntil(until?: () => boolean): Promise<void> {
    const c = this.checkers;
    await this.session.run(() => (c?.full.stop ?? false) || (until?.() ?? false));
    if (c?.full.stop) this.session.status = "step-limit";
    this.settle();
  }

  /** When the run is over, end it (deadlock detection, leaks, check, the checkers' findings) once. */
  private settle(): void {
    if (this.result || !this.session.done) return;
    const result = this.session.finish();
    for (const d of this.checkers?.full.finish(result.world) ?? []) {
      d.schedule ??= result.schedule;
      result.diagnostics.push(d);
    }
    this.result = result;
  }

  get step(): number {
    return this.session.world.step;
  }

  get done(): boolean {
    return this.session.done;
  }

  /** Diagnostics so far: the world's and the checkers' findings up to now, by step. */
  diagnostics(): Diagnostic[] {
    if (this.result) return this.result.diagnostics;
    const live = this.checkers?.live.finish() ?? [];
    if (live.length === 0) return this.session.world.diagnostics;
    return [...this.session.world.diagnostics, ...live].sort((a, b) => (a.step ?? Infinity) - (b.step ?? Infinity));
  }

  status(): RunStatus {
    return this.result?.status ?? "running";
  }

  snapshot(): Snapshot {
    return takeSnapshot(this.session, this.tracker, this.status(), this.diagnostics());
  }

  /** Index in the canonical enabled order of the event the path fires next (what Enter fires by default). */
  suggested(): number {
    if (this.session.done) return 0;
    const ev = this.strategy.expected(this.session.world.enabled, this.session.world.step);
    return Math.max(0, this.session.enabled().indexOf(ev));
  }

  /** The token of the path up to now (what `mpisim replay` needs to get here and on to the end the same way). */
  token(): string {
    return this.session.token();
  }

  /** Fire the enabled event at `index` of the canonical order. Diverging from the path drops the rest of it. */
  async fire(index: number): Promise<void> {
    if (this.session.done) return;
    const en = this.session.enabled();
    const ev = en[Math.max(0, Math.min(index, en.length - 1))];
    if (!ev) return;
    const step = this.session.world.step;
    if (ev !== this.strategy.expected(this.session.world.enabled, step)) {
      this.path = this.path.filter((c) => c.step < step);
      this.strategy.set(this.path);
    }
    await this.session.step(ev);
    // Keep the choice just made in the path, so step back / buffering toggles come back to it.
    const last = this.session.choices[this.session.choices.length - 1];
    if (last && last.step === step && !this.path.some((c) => c.step === step)) {
      this.path = [...this.path, last].sort((a, b) => a.step - b.step);
      this.strategy.set(this.path);
    }
    this.settle();
  }

  /** Replay the path to `target` steps in a fresh session (or as far as the run goes). */
  private async replayTo(target: number): Promise<void> {
    this.fresh();
    if (target > 0) await this.runUntil(() => this.session.world.step >= target);
  }

  /** Step back: the state after step n−1, by replaying the path. */
  async back(): Promise<void> {
    const n = this.step;
    if (n === 0) return;
    await this.replayTo(n - 1);
  }

  /** Run until a new diagnostic is reported (or the run ends; end-of-run diagnostics count). */
  async runToDiagnostic(): Promise<boolean> {
    const before = this.diagnostics().length;
    await this.runUntil(() => this.diagnostics().length > before);
    return this.diagnostics().length > before;
  }

  async runToEnd(): Promise<void> {
    await this.runUntil();
  }

  /** Switch eager ↔ rendezvous and replay the path to the same step (the run may now end sooner). */
  async toggleBuffering(): Promise<Buffering> {
    const n = this.step;
    this.buffering = this.buffering === "eager" ? "rendezvous" : "eager";
    await this.replayTo(n);
    return this.buffering;
  }

  /** What the SVG writer needs: the trace and diagnostics so far. */
  svgInput(): SvgInput {
    const w = this.session.world;
    return { ranks: this.ranks, trace: w.trace, diagnostics: this.diagnostics(), program: this.opts.program.name, schedule: this.token(), status: this.status() };
  }
}
