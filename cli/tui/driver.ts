/**
 * The TUI's driver: owns the current Session and the path (the non-default choices, including
 * those still ahead when a token was loaded), and turns each key's intent into scheduler work.
 * The world cannot be rewound, so stepping back and toggling buffering replay the path from the
 * start in a fresh Session — deterministic, so the same state comes back.
 */
import type { Program } from "../../core/program.ts";
import type { Buffering } from "../../core/world.ts";
import { Session } from "../../scheduler/session.ts";
import type { RunOptions, RunResult } from "../../scheduler/run.ts";
import { FollowStrategy, type Path } from "../../scheduler/path.ts";
import { run } from "../../index.ts";
import { DEFAULT_EAGER_LIMIT, decodeToken, pathOfToken } from "../../scheduler/token.ts";
import { RankTracker } from "./tracker.ts";
import { takeSnapshot, type RunStatus, type Snapshot } from "./snapshot.ts";
import type { SvgInput } from "../svg/index.ts";
import type { Diagnostic } from "../../core/diagnostic.ts";
import { createCheckers, type CheckerSet } from "../../checkers/index.ts";

type Checkers = CheckerSet & { attach(size: number): void };

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
  /** The path being followed and edited (its branches include those still ahead of the session). */
  private path: Path;
  private session!: Session;
  private tracker!: RankTracker;
  private strategy!: FollowStrategy;
  private result: RunResult | undefined;
  /**
   * The checkers of the current session: `full` reports at the end like index.run(); `live` has
   * the end-of-run kinds (leaks, no-progress) left out, so its findings can be read after every
   * step ("diagnostics so far", run to the next diagnostic).
   */
  private checkers: { full: Checkers; live: Checkers } | undefined;

  private constructor(private readonly opts: DriverOptions) {
    const ranks = opts.ranks ?? opts.program.ranks ?? 2;
    this.path = { hash: opts.program.hash, ranks, buffering: opts.buffering ?? "eager", eagerLimit: DEFAULT_EAGER_LIMIT, branches: [] };
  }

  /**
   * Open a program: the path comes from the token, or from a seeded random run. When that run
   * reports a diagnostic the TUI opens right after the step that produced it (at the end for
   * end-of-run diagnostics such as a deadlock); otherwise at the start.
   */
  static async open(opts: DriverOptions): Promise<TuiDriver> {
    const d = new TuiDriver(opts);
    if (opts.schedule !== undefined) {
      d.path = pathOfToken(opts.schedule, opts.program, opts.ranks);
    } else {
      // The same run as `mpisim run --seed S` (checkers included: no-progress ends a spinning run).
      const probe = await run(opts.program, { ...d.baseOptions(), seed: opts.seed ?? 0, strategy: "random", checkers: opts.checkers !== false });
      d.path.branches = decodeToken(probe.schedule).branches;
    }
    d.fresh();
    await d.runUntil(() => d.diagnostics().length > 0);
    if (d.diagnostics().length === 0) d.fresh();
    return d;
  }

  private baseOptions(): RunOptions {
    const { ranks, buffering, eagerLimit } = this.path;
    return { ...(this.opts.runOptions?.() ?? {}), ranks, buffering, eagerLimit, maxSteps: this.opts.maxSteps };
  }

  /** A new session at step 0 following the path. */
  private fresh(): void {
    const base = this.baseOptions();
    this.tracker = new RankTracker(this.path.ranks);
    this.strategy = new FollowStrategy(this.path.branches, undefined, "tui");
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
    return Math.max(0, this.session.enabled().indexOf(this.expected()));
  }

  /** The event the path fires next (the default past its last branch). */
  private expected() {
    const w = this.session.world;
    return this.strategy.expected(w.enabled, w.step) ?? w.enabled.oldest()!;
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
    if (ev !== this.expected()) {
      this.path.branches = this.path.branches.filter((c) => c.step < step);
      this.strategy.follow(this.path.branches);
    }
    await this.session.step(ev);
    // Keep the branch just taken in the path, so step back / buffering toggles come back to it.
    const last = this.session.path.last();
    if (last && last.step === step && !this.path.branches.some((c) => c.step === step)) {
      this.path.branches = [...this.path.branches, last].sort((a, b) => a.step - b.step);
      this.strategy.follow(this.path.branches);
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
    this.path.buffering = this.path.buffering === "eager" ? "rendezvous" : "eager";
    await this.replayTo(n);
    return this.path.buffering;
  }

  /** What the SVG writer needs: the trace and diagnostics so far. */
  svgInput(): SvgInput {
    const w = this.session.world;
    return { ranks: this.path.ranks, trace: w.trace, diagnostics: this.diagnostics(), program: this.opts.program.name, schedule: this.token(), status: this.status() };
  }
}
