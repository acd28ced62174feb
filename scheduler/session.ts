import { dirname } from "node:path";
import { formatLoc, UsageError } from "../core/errors.ts";
import { createNamespace } from "../core/api.ts";
import { World, type Buffering } from "../core/world.ts";
import type { SimEvent } from "../core/events.ts";
import type { Program } from "../core/program.ts";
import { hashTrace } from "../core/trace.ts";
import { reportDeadlock } from "./deadlock.ts";
import { RandomStrategy, RoundRobinStrategy, type Strategy } from "./strategy.ts";
import { FollowStrategy, RecordedPath } from "./path.ts";
import { DEFAULT_EAGER_LIMIT, encodeToken, pathOfToken } from "./token.ts";
import type { RunOptions, RunResult } from "./run.ts";
import { SpinGuard } from "./watchdog.ts";
// V8 tuned for many short runs before the first one allocates (scheduler/v8-tuning.ts).
import "./v8-tuning.ts";

export function makeStrategy(opts: RunOptions): Strategy {
  const s = opts.strategy ?? "random";
  if (typeof s !== "string") return s;
  if (s === "random") return new RandomStrategy(opts.seed ?? 0);
  if (s === "round-robin") return new RoundRobinStrategy();
  throw new UsageError(`unknown strategy "${String(s)}" (expected random or round-robin)`);
}

/**
 * One run of a program, driven one event at a time. `runProgram` is `new Session(…).run()` then
 * `finish()`; the TUI calls `step(ev)` with the event the user picked and reads the world between
 * steps. The loop lives only here so both drivers schedule identically.
 */
export class Session {
  readonly world: World;
  /** The schedule so far: the run's options and the non-default branches taken (token() serialises it). */
  readonly path: RecordedPath;
  /** "running" until the run is over (no event enabled, aborted, or the step limit hit). */
  status: RunResult["status"] | "running" = "running";
  /** The event fired by the last step. */
  lastEvent: SimEvent | undefined;
  private readonly strategy: Strategy;
  private readonly maxSteps: number;
  private readonly guard: SpinGuard | undefined;
  private result: RunResult | undefined;

  constructor(
    readonly program: Program,
    opts: RunOptions = {},
  ) {
    let ranks = opts.ranks ?? program.ranks ?? 2;
    let buffering: Buffering = opts.buffering ?? "eager";
    let eagerLimit = opts.eagerLimit ?? DEFAULT_EAGER_LIMIT;
    if (opts.schedule !== undefined) {
      const s = pathOfToken(opts.schedule, program, opts.ranks);
      ranks = s.ranks;
      buffering = s.buffering;
      eagerLimit = s.eagerLimit;
      this.strategy = new FollowStrategy(s.branches);
    } else this.strategy = makeStrategy(opts);
    if (!Number.isInteger(ranks) || ranks < 1) throw new UsageError(`rank count must be a positive integer, got ${ranks}`);
    this.path = new RecordedPath(program.hash, ranks, buffering, eagerLimit);
    this.maxSteps = opts.maxSteps ?? 2_000_000;

    const world = new World({
      ranks,
      buffering,
      eagerLimit,
      keepTrace: opts.keepTrace ?? true,
      onRankError: opts.onRankError ?? "abort",
      argv: [program.name, ...(opts.argv ?? [])],
      ...(opts.cost ? { cost: opts.cost } : {}),
    });
    this.world = world;
    this.guard = SpinGuard.for(world, opts.watchdog);
    this.strategy.begin?.({ path: this.path, world });
    for (const o of opts.observers ?? []) world.addObserver(o);
    opts.setup?.(world);
    const main = program.main as (mpi: unknown) => Promise<void> | void;
    world.start((rank) => {
      const ns = createNamespace(world, rank);
      world.ranks[rank].mpi = ns;
      return main(ns);
    });
  }

  /** The enabled events in canonical order (rank, kind, seq). */
  enabled(): SimEvent[] {
    return this.world.enabled.canonical();
  }

  /** True when no further step can be fired (call `finish()` to get the result). */
  get done(): boolean {
    return this.status !== "running" || this.world.aborted || this.world.enabled.size === 0;
  }

  get ranks(): number {
    return this.path.ranks;
  }

  get buffering(): Buffering {
    return this.path.buffering;
  }

  get eagerLimit(): number {
    return this.path.eagerLimit;
  }

  /** Schedule token of the path so far. */
  token(): string {
    return encodeToken(this.path);
  }

  /**
   * Fire one event: `ev` when given (it must be enabled), else the strategy's pick. Returns false
   * when nothing could be fired (the run is over).
   */
  async step(ev?: SimEvent): Promise<boolean> {
    if (ev && !ev.enabled) throw new UsageError(`event ${ev.key} is not enabled`);
    let fired = false;
    await this.guarded(async () => (fired = await this.loop(1, ev, undefined)));
    return fired;
  }

  /**
   * Fire events until the run is over, or until `until` returns true after a step (checked after
   * every step; keep it cheap). `limit` caps the number of steps of this call.
   */
  async run(until?: (s: Session) => boolean, limit = Infinity): Promise<void> {
    await this.guarded(() => this.loop(limit, undefined, until));
  }

  /**
   * Fire events with the process-wide hooks (console, instrumentation) pointing at this world
   * (core/hooks.ts), under the watchdog (scheduler/watchdog.ts) when it is on.
   */
  private guarded(work: () => Promise<unknown>): Promise<unknown> {
    const guard = this.guard;
    return this.world.hooks.run(guard === undefined ? work : () => guard.watch(work));
  }

  /**
   * The step loop. A resume hands control to the rank's code, which runs in microtasks until it
   * parks on its next call; the loop goes on in the callback the world queues then (World.fire):
   * a callback rather than an awaited promise per step, the hottest path of every run.
   */
  private loop(limit: number, first: SimEvent | undefined, until: ((s: Session) => boolean) | undefined): Promise<boolean> {
    const world = this.world;
    const enabled = world.enabled;
    const strategy = this.strategy;
    const path = this.path;
    let fired = 0;
    let resumed: SimEvent | undefined;
    return new Promise<boolean>((resolve, reject) => {
      // One step's end: false when the loop goes on.
      const stepped = (ev: SimEvent): boolean => {
        strategy.fired?.(ev, world);
        fired++;
        return until !== undefined && until(this);
      };
      const next = (): void => {
        try {
          while (fired < limit && this.status === "running" && !world.aborted) {
            const n = enabled.size;
            if (n === 0) break;
            if (world.step >= this.maxSteps) {
              this.stepLimit();
              break;
            }
            let ev: SimEvent;
            if (first !== undefined) {
              ev = first;
              first = undefined;
              if (n > 1 && ev !== enabled.oldest()) path.record(world.step, ev);
            } else if (n === 1 && strategy.everyStep !== true) ev = enabled.items[0];
            else {
              ev = strategy.choose(enabled, world);
              if (strategy.halted === true) break;
              if (n > 1 && ev !== enabled.oldest()) path.record(world.step, ev);
            }
            this.lastEvent = ev;
            if (world.fire(ev, afterPark)) {
              resumed = ev;
              return;
            }
            if (stepped(ev)) break;
          }
          resolve(fired > 0);
        } catch (e) {
          reject(e);
        }
      };
      const afterPark = (): void => {
        try {
          if (stepped(resumed!)) resolve(true);
          else next();
        } catch (e) {
          reject(e);
        }
      };
      next();
    });
  }

  private stepLimit(): void {
    const world = this.world;
    this.status = "step-limit";
    world.report({
      kind: "no-progress",
      message: `the run did not finish within ${this.maxSteps} scheduler steps (a rank spinning on Test/Iprobe/a lock loop while nothing else progresses?)`,
      ranks: world.ranks.filter((s) => s.status === "blocked").map((s) => s.rank),
      pending: world.blockedRanks().map((s) => ({ rank: s.rank, call: s.pending?.call ?? "?", where: s.pendingLoc ? formatLoc(s.pendingLoc) : undefined })),
    });
  }

  /** End the run (deadlock detection, leak reports, the token, `check`): idempotent. */
  finish(): RunResult {
    if (this.result) return this.result;
    const world = this.world;
    let status: RunResult["status"] = this.status === "running" ? "ok" : this.status;
    if (world.aborted) status = "aborted";
    else if (status === "ok" && world.blockedRanks().length > 0) {
      status = "deadlock";
      reportDeadlock(world);
    }
    this.status = status;
    world.finish();
    // A long run's token is made when first read: a clean run's is often never read, and a long
    // random run's path is tens of thousands of branches to encode (the path no longer changes).
    // A short one's is made now: a getter is dearer than encoding a few hundred branches.
    const path = this.path;
    const lazy = path.length > LAZY_TOKEN_BRANCHES && world.diagnostics.length === 0;
    const schedule = lazy ? "" : encodeToken(path);
    for (const d of world.diagnostics) d.schedule ??= schedule;
    const result: RunResult = {
      program: this.program.name,
      ranks: this.ranks,
      outputs: world.ranks.map((s) => s.output),
      diagnostics: world.diagnostics,
      schedule,
      trace: world.trace,
      traceHash: hashTrace(world.trace, this.program.path === undefined ? undefined : dirname(this.program.path)),
      status,
      steps: world.step,
      virtualTime: Math.max(...world.ranks.map((s) => s.clock)),
      world,
    };
    if (lazy) {
      let made: string | undefined;
      // Redefined in place: the key keeps its position (JSON output order), and stays enumerable.
      Object.defineProperty(result, "schedule", { enumerable: true, configurable: true, get: () => (made ??= encodeToken(path)), set: (v: string) => void (made = v) });
    }
    if (this.program.check) runCheck(this.program, result);
    this.result = result;
    return result;
  }

  get finished(): boolean {
    return this.result !== undefined;
  }
}

/** Past this many branches a run's token is made when first read (RunResult.schedule). */
const LAZY_TOKEN_BRANCHES = 4096;

function runCheck(program: Program, result: RunResult): void {
  let failure: string | undefined;
  try {
    const r = (program.check as (res: RunResult) => unknown)(result);
    if (r === false) failure = "check(result) returned false";
  } catch (e) {
    failure = `check(result) threw: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (failure) result.diagnostics.push({ kind: "property", message: failure, ranks: [], schedule: result.schedule });
}
