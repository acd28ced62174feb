import { MPIException, type ErrorClass, type SourceLoc } from "./errors.ts";
import { EnabledSet, EventKind, SimEvent, type EventOwner } from "./events.ts";
import type { Diagnostic } from "./diagnostic.ts";
import type { CompleteRecord } from "./trace.ts";
import { currentCallLoc, installRuntime } from "./instrument-runtime.ts";
import { WorldHooks, type HookedWorld } from "./hooks.ts";
import { forgetByteView } from "./datatype/buffer.ts";
import { mpiError, reportRankFailure, reportUnawaited, unreported } from "./rank-errors.ts";
import { WorldRecorder } from "./world-recorder.ts";
import type { PendingCall, RankState, Subsystem } from "./world-types.ts";

export { RankState, TouchMode, type Buffering, type PendingCall, type RankStatus, type Subsystem, type Touch, type WorldOptions } from "./world-types.ts";
export { userFrame } from "./rank-errors.ts";

/**
 * The simulated MPI world: the ranks, the enabled events, the trace. It decides nothing: the
 * scheduler (scheduler/) picks which enabled event fires next.
 */
export class World extends WorldRecorder implements EventOwner, HookedWorld {
  readonly enabled = new EnabledSet();
  aborted = false;
  abortReason: string | undefined;
  /**
   * What to run once the resumed rank parks (or finishes): the scheduler's next step, queued as a
   * microtask (see park()). Set by fire() for a resume event.
   */
  private onPark: (() => void) | null = null;
  private startFn: ((rank: number) => Promise<void> | void) | null = null;
  /** This world's side of the process-wide hooks (core/hooks.ts): Session runs events through it. */
  readonly hooks: WorldHooks = new WorldHooks(this);
  private nextReqId = 0;
  /**
   * The scheduler's watchdog slot (scheduler/watchdog.ts), or null: [0] counts hand-offs, [1] is
   * the running rank + 1 (0 between steps). Written at each hand-off, never read here.
   */
  heartbeat: Int32Array | null = null;

  // ---------------------------------------------------------------- ranks

  /** The rank making the current call; throws when MPI is called outside a running rank. */
  caller(call: string): RankState {
    const r = this.current;
    if (r < 0) {
      throw new MPIException("ERR_OTHER", `${call} called outside a running rank (from a timer or after the run ended?)`, call);
    }
    return this.ranks[r];
  }

  /** Build an MPIException for the current caller and record the mpi-error diagnostic. */
  error(errorClass: ErrorClass, message: string, call: string): MPIException {
    return mpiError(this, this.current, errorClass, message, call, currentCallLoc());
  }

  /** Build an MPIException for `rank` (raised later, e.g. at its Wait) and record the diagnostic now. */
  errorFor(rank: number, errorClass: ErrorClass, message: string, call: string, loc: SourceLoc | undefined): MPIException {
    return mpiError(this, rank, errorClass, message, call, loc);
  }

  /**
   * Take an exception raised by a lower layer (e.g. the datatype engine) for the current caller:
   * an MPIException not yet reported gets the rank and location and becomes a diagnostic.
   */
  adopt(e: unknown): unknown {
    return unreported(e) ? this.error(e.errorClass, e.message.replace(/^ERR_[A-Z_]+: /, ""), e.call) : e;
  }

  /** Record a local (non-blocking) call in the trace; returns the call id. */
  localCall(call: string, args?: string, extra?: { reqs?: number[]; comm?: string }): number {
    const st = this.ranks[this.current];
    const id = st.callSeq++;
    st.clock += this.opts.cost.overhead;
    if (this.recording) {
      this.emit({ t: "call", step: this.step, rank: st.rank, time: st.clock, id, call, loc: currentCallLoc(), args, ...extra });
    }
    return id;
  }

  /**
   * Park the running rank on a blocking call: a scheduling point. The returned promise settles
   * only when the scheduler picks this rank's resume event.
   */
  block<T>(pending: PendingCall<T>, args?: string, extra?: { reqs?: number[]; comm?: string }, before?: () => void): Promise<T> {
    const st = this.caller(pending.call);
    if (st.status !== "running") {
      throw this.error(
        "ERR_OTHER",
        `${pending.call} issued while ${st.pending?.call ?? "another call"} is still pending (a blocking MPI call that was not awaited?)`,
        pending.call,
      );
    }
    const id = st.callSeq++;
    st.clock += this.opts.cost.overhead;
    const loc = currentCallLoc();
    if (this.recording) {
      this.emit({ t: "call", step: this.step, rank: st.rank, time: st.clock, id, call: pending.call, loc, args, blocking: true, ...extra });
    }
    // Work that must follow the call record but precede parking (e.g. joining a collective slot).
    if (before) before();
    st.pending = pending as PendingCall;
    st.pendingId = id;
    st.pendingLoc = loc;
    st.status = "blocked";
    st.resumeEv = new SimEvent(EventKind.Resume, st.rank, id, this, st);
    const p = new Promise<T>(takeResolvers);
    st.resolve = takenResolve;
    st.reject = takenReject;
    dropResolvers();
    st.lastBlock = p;
    st.lastBlockCall = pending.call;
    this.poke(st.rank);
    this.park();
    return p;
  }

  /** Re-evaluate whether a blocked rank's call can complete, and enable/disable its resume event. */
  poke(rank: number): void {
    const st = this.ranks[rank];
    if (st.status !== "blocked" && st.status !== "new") return;
    const ev = st.resumeEv;
    if (!ev) return;
    const ready = st.status === "new" || st.pending!.ready();
    if (ready) this.enabled.add(ev);
    else this.enabled.remove(ev);
  }

  pokeAll(ranks: Iterable<number>): void {
    for (const r of ranks) this.poke(r);
  }

  private park(): void {
    const r = this.onPark;
    this.onPark = null;
    this.current = -1;
    const hb = this.heartbeat;
    if (hb !== null) {
      hb[0]++;
      hb[1] = 0;
    }
    this.hooks.leave();
    // A microtask, where a promise the scheduler awaited would have resumed it: the rank's own
    // code goes on synchronously after this call (up to its await) before the scheduler does.
    // A callback instead of a promise per step: no promise, no async-function resumption.
    if (r !== null) void RESOLVED.then(r);
  }

  /** Prepare the ranks to start: each gets a "start" resume event. */
  start(startFn: (rank: number) => Promise<void> | void): void {
    installRuntime();
    this.startFn = startFn;
    for (const st of this.ranks) {
      st.pending = START_CALL;
      st.pendingId = st.callSeq++;
      st.resumeEv = new SimEvent(EventKind.Resume, st.rank, st.pendingId, this, st);
      this.enabled.add(st.resumeEv);
    }
  }

  /**
   * Fire one enabled event. Returns false when the world is quiescent again at once; true for a
   * resume: the world is quiescent once the rank has parked on its next call or finished, and
   * then (in a microtask) `afterPark` runs. It must not throw.
   */
  fire(ev: SimEvent, afterPark: (() => void) | null = null): boolean {
    this.enabled.remove(ev);
    this.step++;
    if (ev.kind === EventKind.Resume) {
      this.onPark = afterPark;
      this.resume(ev.data as RankState);
      return true;
    }
    ev.owner.fire(ev);
    return false;
  }

  // EventOwner for resume events
  describe(ev: SimEvent): string {
    const st = ev.data as RankState;
    return `resume rank ${st.rank}: ${st.pending?.call ?? "?"}`;
  }

  private resume(st: RankState): void {
    const pending = st.pending!;
    const wasNew = st.status === "new";
    st.pending = null;
    st.resumeEv = null;
    st.status = "running";
    this.current = st.rank;
    const hb = this.heartbeat;
    if (hb !== null) {
      hb[0]++;
      hb[1] = st.rank + 1;
    }
    this.hooks.enter();
    let value: unknown;
    let error: unknown;
    let failed = false;
    if (!wasNew) {
      try {
        value = pending.complete();
      } catch (e) {
        error = e;
        failed = true;
      }
      if (this.recording) {
        const rec: CompleteRecord = { t: "complete", step: this.step, rank: st.rank, time: st.clock, id: st.pendingId, call: pending.call };
        // Optional fields added in place, in this order (key order is part of the trace hash).
        if (failed) rec.error = String((error as Error)?.message ?? error);
        if (pending.poll === true) rec.poll = true;
        this.emit(rec);
      }
    }
    if (wasNew) {
      let p: Promise<void> | void;
      try {
        p = this.startFn!(st.rank);
      } catch (e) {
        this.rankFailed(st, e);
        return;
      }
      Promise.resolve(p).then(
        () => this.rankDone(st),
        (e) => this.rankFailed(st, e),
      );
    } else if (failed) st.reject!(error);
    else st.resolve!(value);
  }

  private rankDone(st: RankState): void {
    if (st.status === "blocked") {
      // The rank's function returned while a blocking call was still pending: an un-awaited call.
      this.enabled.remove(st.resumeEv!);
      reportUnawaited(this, st);
    }
    st.status = "done";
    st.pending = null;
    if (this.current === st.rank || this.current === -1) this.park();
  }

  private rankFailed(st: RankState, e: unknown): void {
    reportRankFailure(this, st, e);
    if (st.resumeEv) this.enabled.remove(st.resumeEv);
    st.status = "failed";
    st.pending = null;
    if (this.opts.onRankError === "abort") this.abort(`rank ${st.rank} failed`);
    if (this.current === st.rank || this.current === -1) this.park();
  }

  /**
   * The running rank's code was stopped from outside (the scheduler's watchdog cut a spin short):
   * report why and end the run as MPI_Abort would. The rank never parks, so undo what its resume set.
   */
  interrupt(d: Diagnostic): void {
    const st = this.ranks[this.current];
    if (st !== undefined) st.status = "aborted";
    this.report(d);
    this.abort(d.message);
    this.onPark = null;
    this.park();
  }

  /** End the run: nothing more is scheduled (MPI_Abort, or a rank died). */
  abort(reason: string): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    for (const st of this.ranks) {
      if (st.status === "blocked" || st.status === "new") {
        if (st.resumeEv) this.enabled.remove(st.resumeEv);
        st.status = "aborted";
      }
    }
  }

  /** Called once after the last step. */
  finish(): void {
    forgetByteView();
    for (const s of this.subsystems.values()) (s as Subsystem).finish?.(this);
  }

  // ---------------------------------------------------------------- requests and reports

  newRequestId(): number {
    return this.nextReqId++;
  }

  /** Ranks blocked right now, with what they wait for (for deadlock reports). */
  blockedRanks(): RankState[] {
    return this.ranks.filter((s) => s.status === "blocked");
  }
}

const RESOLVED = Promise.resolve();

/**
 * One executor for every promise World makes (a rank's call): it hands the resolvers over through
 * these two variables, read right after `new Promise` returns (the executor runs synchronously).
 * A closure per promise, capturing the rank, was an allocation per step on the hottest path.
 */
function nothing(): void {}
let takenResolve: (v: unknown) => void = nothing;
let takenReject: (e: unknown) => void = nothing;
function takeResolvers(res: (v: never) => void, rej: (e: unknown) => void): void {
  takenResolve = res as (v: unknown) => void;
  takenReject = rej;
}
/** Forget the last resolvers taken (they would keep the last run's promise alive). */
function dropResolvers(): void {
  takenResolve = nothing;
  takenReject = nothing;
}

/**
 * The pseudo-call every rank is parked on before it starts. One shared object: arrow-function
 * properties would each cost a __name() (tsx keepNames) per rank per run.
 */
const START_CALL: PendingCall = {
  call: "start",
  ready() {
    return true;
  },
  complete() {
    return undefined;
  },
};
