import { format } from "node:util";
import { join, sep } from "node:path";
import { InternalError, MPIException, formatLoc, type ErrorClass, type SourceLoc } from "./errors.ts";
import { EnabledSet, EventKind, SimEvent, type EventOwner } from "./events.ts";
import type { Diagnostic } from "./diagnostic.ts";
import type { TraceObserver, TraceRecord } from "./trace.ts";
import { currentCallLoc, setAccessSink, installRuntime, watchesChanged, userMessage, promiseHandleMessage, type AccessSink } from "./instrument-runtime.ts";
import { Datatype } from "./datatype/datatype.ts";
import { DEFAULT_COST, type CostModel } from "./cost.ts";
import { OWN_EXT, OWN_ROOT } from "./self.ts";

/** How standard-mode sends behave (SPEC §3). */
export type Buffering = "eager" | "rendezvous";

/**
 * How an event touches an object (see World.touch): reads commute with reads, adds (commutative
 * updates: "one more request completed", "one more message queued") with adds; all else conflicts.
 */
export const TouchMode = { Read: 0, Write: 1, Add: 2 } as const;
export type TouchMode = (typeof TouchMode)[keyof typeof TouchMode];

/** One object (byte range [lo, hi) of it) that a firing event touched: DPOR's dependency relation. */
export interface Touch {
  obj: string;
  mode: TouchMode;
  lo: number;
  hi: number;
  /** Touches of one group never conflict with each other (the joins of one collective: core/collective.ts). */
  group?: string;
}

export interface WorldOptions {
  ranks: number;
  buffering: Buffering;
  /** Eager mode: standard sends up to this many bytes complete locally (buffered). */
  eagerLimit: number;
  cost: CostModel;
  /** Keep the trace in memory (RunResult.trace). Observers see it either way. */
  keepTrace: boolean;
  /** What happens when a rank dies of an uncaught exception: end the run (like MPI_Abort), or let the others go on. */
  onRankError: "abort" | "continue";
  /** What each rank's MPI.argv holds, like Python's sys.argv: the program, then its arguments. */
  argv: readonly string[];
}

/** A blocking call a rank is parked on. */
export interface PendingCall<T = unknown> {
  /** The MPI call, e.g. "Comm.Recv". */
  readonly call: string;
  /** Can the call complete now? Re-evaluated whenever the rank is poked. */
  ready(): boolean;
  /** Finish the call when the scheduler resumes the rank; may throw an MPIException. */
  complete(): T;
  /** World ranks this call is waiting for (for the deadlock's wait-for graph). */
  waitsFor?(): number[];
  /** Longer description for deadlock reports ("Recv from 1 tag 0 on COMM_WORLD"). */
  describe?(): string;
  /** Set for polls (Test*, Iprobe) that returned "nothing yet": used by no-progress detection. */
  poll?: boolean;
}

export type RankStatus = "new" | "running" | "blocked" | "done" | "failed" | "aborted";

export class RankState {
  status: RankStatus = "new";
  pending: PendingCall | null = null;
  pendingId = -1;
  pendingLoc: SourceLoc | undefined = undefined;
  resumeEv: SimEvent | null = null;
  /** Per-rank counters: call index, and counters the subsystems use for event identities. */
  callSeq = 0;
  msgSeq = 0;
  opSeq = 0;
  ioSeq = 0;
  reqSeq = 0;
  /** Footprint names of memory first shown by this rank's call number memCall (World.memName). */
  memSeq = 0;
  memCall = -1;
  resolve: ((v: unknown) => void) | null = null;
  reject: ((e: unknown) => void) | null = null;
  /** The Promise of the last blocking call and that call: names an un-awaited call used as a handle. */
  lastBlock: Promise<unknown> | null = null;
  lastBlockCall = "";
  /** Virtual clock, seconds. */
  clock = 0;
  /** The rank's MPI namespace (built lazily by the API layer). */
  mpi: unknown = null;
  output: string[] = [];
  constructor(readonly rank: number) {}
}

/** Subsystems (p2p, collectives, RMA, I/O) register to be told when the run ends. */
export interface Subsystem {
  /** Called once when every rank has finished (or the run was cut short): report leaks etc. */
  finish?(world: World): void;
}

/**
 * The simulated MPI world: the ranks, the enabled events, the trace. It decides nothing: the
 * scheduler (scheduler/) picks which enabled event fires next.
 */
export class World implements EventOwner, AccessSink {
  readonly ranks: RankState[];
  readonly size: number;
  readonly enabled = new EnabledSet();
  readonly trace: TraceRecord[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly observers: TraceObserver[] = [];
  /** The rank whose code is running right now, or -1 between steps. */
  current = -1;
  step = 0;
  aborted = false;
  abortReason: string | undefined;
  readonly opts: WorldOptions;
  readonly subsystems = new Map<string, object>();
  /** Whether records are produced at all (trace kept or observed). */
  recording: boolean;
  private parkResolve: (() => void) | null = null;
  private startFn: ((rank: number) => Promise<void> | void) | null = null;
  /** Deterministic ids for ArrayBuffers seen by the trace. */
  private bufferIds = new WeakMap<ArrayBufferLike, string>();
  private bufferCount = 0;
  /** How many reasons each ArrayBuffer is watched for (window memory, active request, RMA op). */
  private watched = new WeakMap<ArrayBufferLike, number>();
  private nextReqId = 0;
  /**
   * While a scheduler sets this to an array (DPOR, scheduler/dpor.ts), subsystems append what the
   * firing event touches through `touch()`; null (and free) otherwise.
   */
  footprint: Touch[] | null = null;
  /** Names of memory for footprints (window memory named by its window), see nameMemory(). */
  private memNames = new WeakMap<ArrayBufferLike, string>();
  /**
   * The scheduler's watchdog slot (scheduler/watchdog.ts), or null: [0] counts hand-offs, [1] is
   * the running rank + 1 (0 between steps). Written at each hand-off, never read here.
   */
  heartbeat: Int32Array | null = null;

  constructor(opts: Partial<WorldOptions> & { ranks: number }) {
    if (!Number.isInteger(opts.ranks) || opts.ranks < 1) throw new InternalError(`bad rank count ${opts.ranks}`);
    this.opts = {
      buffering: "eager",
      eagerLimit: 65536,
      cost: DEFAULT_COST,
      keepTrace: true,
      onRankError: "abort",
      argv: [],
      ...opts,
    };
    this.size = opts.ranks;
    this.ranks = Array.from({ length: opts.ranks }, (_, r) => new RankState(r));
    this.recording = this.opts.keepTrace;
  }

  addObserver(o: TraceObserver): void {
    this.observers.push(o);
    this.recording = true;
  }

  /** Get or create a subsystem (one per world), e.g. the p2p engine. */
  sub<T extends object>(name: string, make: () => T): T {
    let s = this.subsystems.get(name) as T | undefined;
    if (!s) {
      s = make();
      this.subsystems.set(name, s);
    }
    return s;
  }

  // ---------------------------------------------------------------- trace

  emit(rec: TraceRecord): void {
    if (this.opts.keepTrace) this.trace.push(rec);
    for (let i = 0; i < this.observers.length; i++) this.observers[i].onRecord(rec);
  }

  /** The rank's virtual time now. */
  now(rank: number): number {
    return this.ranks[rank].clock;
  }

  report(d: Diagnostic): void {
    d.step ??= this.step;
    this.diagnostics.push(d);
    if (this.recording) this.emit({ t: "diagnostic", step: this.step, rank: d.ranks[0] ?? -1, time: 0, diagnostic: d });
  }

  print(rank: number, text: string): void {
    const st = this.ranks[rank];
    for (const line of text.split("\n")) {
      st.output.push(line);
      if (this.recording) this.emit({ t: "output", step: this.step, rank, time: st.clock, text: line });
    }
  }

  /**
   * Record that the event firing now touches `obj` (bytes [lo, hi) of it). Names must come from
   * the program's structure (ranks, per-rank counters, window/file names), never from object
   * identity or global counters, so they mean the same thing in every schedule.
   */
  touch(obj: string, mode: TouchMode, lo = 0, hi = Infinity): void {
    const f = this.footprint;
    if (f !== null) f.push({ obj, mode, lo, hi });
  }

  /** Give memory a schedule-independent name for footprints (e.g. "win3@1" for rank 1's window memory). */
  nameMemory(buf: ArrayBufferLike, name: string): void {
    this.memNames.set(buf, name);
  }

  /**
   * The footprint name of memory: its given name, else one made at first sight from the rank that
   * saw it and that rank's own count (trace buffer ids are left alone: footprints must not change traces).
   */
  memName(buf: ArrayBufferLike, owner: number): string {
    return this.memNames.get(buf) ?? this.nameAtSight(buf, owner);
  }

  /**
   * Name memory after the rank's call that first showed it (its own call index is the same in
   * every schedule): `mem:<rank>:<call>:<k>`. Done when a rank's own code hands memory to MPI
   * (watch, bufferId), so names do not depend on which event touches the memory first.
   */
  private nameAtSight(buf: ArrayBufferLike, rank: number): string {
    const st = this.ranks[rank];
    if (!st) return "mem:?";
    if (st.memCall !== st.callSeq) {
      st.memCall = st.callSeq;
      st.memSeq = 0;
    }
    const n = `mem:${rank}:${st.callSeq}:${st.memSeq++}`;
    this.memNames.set(buf, n);
    return n;
  }

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
    return this.errorFor(this.current, errorClass, message, call, currentCallLoc());
  }

  /** Build an MPIException for `rank` (raised later, e.g. at its Wait) and record the diagnostic now. */
  errorFor(rank: number, errorClass: ErrorClass, message: string, call: string, loc: SourceLoc | undefined): MPIException {
    const e = new MPIException(errorClass, message, call, rank, loc);
    this.report({
      kind: "mpi-error",
      message: `rank ${rank}: ${call}: ${errorClass}: ${message}`,
      ranks: rank >= 0 ? [rank] : [],
      errorClass,
      call,
      loc,
      where: loc ? formatLoc(loc) : undefined,
    });
    (e as MPIException & { reported?: boolean }).reported = true;
    return e;
  }

  /**
   * Take an exception raised by a lower layer (e.g. the datatype engine) for the current caller:
   * an MPIException not yet reported gets the rank and location and becomes a diagnostic.
   */
  adopt(e: unknown): unknown {
    if (e instanceof MPIException && !(e as MPIException & { reported?: boolean }).reported) {
      const r = this.error(e.errorClass, e.message.replace(/^ERR_[A-Z_]+: /, ""), e.call);
      return r;
    }
    return e;
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
    const p = new Promise<T>((res, rej) => {
      st.resolve = res as (v: unknown) => void;
      st.reject = rej;
    });
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
    const r = this.parkResolve;
    this.parkResolve = null;
    this.current = -1;
    const hb = this.heartbeat;
    if (hb !== null) {
      hb[0]++;
      hb[1] = 0;
    }
    setAccessSink(null);
    Datatype.lifecycle = null;
    if (r) r();
  }

  /** Deterministic ids of the derived datatypes the ranks make ("r<rank>t<n>"). */
  private datatypeIds = new WeakMap<Datatype, string>();
  private datatypeCount = 0;

  /** Datatype.lifecycle while a rank of this world runs: alloc/free records of derived datatypes. */
  private readonly datatypeLife = (what: "create" | "free", dt: Datatype): void => {
    const rank = this.current;
    if (rank < 0) return;
    let id = this.datatypeIds.get(dt);
    if (id === undefined) {
      id = `r${rank}t${this.datatypeCount++}`;
      this.datatypeIds.set(dt, id);
    }
    this.emit({ t: what === "create" ? "alloc" : "free", step: this.step, rank, time: this.ranks[rank].clock, kind: "datatype", id, combiner: dt.combiner, loc: currentCallLoc() });
  };

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
   * Fire one enabled event. Resolves once the world is quiescent again: for a resume, when the
   * rank has parked on its next call or finished.
   */
  fire(ev: SimEvent): Promise<void> | void {
    this.enabled.remove(ev);
    this.step++;
    if (ev.kind === EventKind.Resume) return this.resume(ev.data as RankState);
    ev.owner.fire(ev);
  }

  // EventOwner for resume events
  describe(ev: SimEvent): string {
    const st = ev.data as RankState;
    return `resume rank ${st.rank}: ${st.pending?.call ?? "?"}`;
  }

  private resume(st: RankState): Promise<void> {
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
    setAccessSink(this);
    if (this.recording) Datatype.lifecycle = this.datatypeLife;
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
        this.emit({
          t: "complete",
          step: this.step,
          rank: st.rank,
          time: st.clock,
          id: st.pendingId,
          call: pending.call,
          ...(failed ? { error: String((error as Error)?.message ?? error) } : {}),
          ...(pending.poll === true ? { poll: true } : {}),
        });
      }
    }
    return new Promise<void>((res) => {
      this.parkResolve = res;
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
    });
  }

  private rankDone(st: RankState): void {
    if (st.status === "blocked") {
      // The rank's function returned while a blocking call was still pending: an un-awaited call.
      this.enabled.remove(st.resumeEv!);
      this.report({
        kind: "mpi-error",
        message: `rank ${st.rank} finished while ${st.pending?.call} was still pending (a blocking MPI call that was not awaited?)`,
        ranks: [st.rank],
        errorClass: "ERR_PENDING",
        call: st.pending?.call,
        loc: st.pendingLoc,
        where: st.pendingLoc ? formatLoc(st.pendingLoc) : undefined,
      });
    }
    st.status = "done";
    st.pending = null;
    if (this.current === st.rank || this.current === -1) this.park();
  }

  private rankFailed(st: RankState, e: unknown): void {
    const reported = e instanceof MPIException && (e as MPIException & { reported?: boolean }).reported;
    if (!reported) {
      if (e instanceof MPIException) {
        this.report({
          kind: "mpi-error",
          message: `rank ${st.rank}: ${e.call}: ${e.message}`,
          ranks: [st.rank],
          errorClass: e.errorClass,
          call: e.call,
          loc: e.loc,
          where: e.loc ? formatLoc(e.loc) : undefined,
        });
      } else {
        const err = e instanceof Error ? e : new Error(String(e));
        const loc = userFrame(err);
        this.report({
          kind: "rank-exception",
          message: `rank ${st.rank} threw ${err.name}: ${promiseHandleMessage(err, st.lastBlock, st.lastBlockCall) ?? userMessage(err.message)}`,
          ranks: [st.rank],
          loc,
          where: loc ? formatLoc(loc) : undefined,
        });
      }
    }
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
    this.parkResolve = null;
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
    for (const s of this.subsystems.values()) (s as Subsystem).finish?.(this);
  }

  // ---------------------------------------------------------------- requests and buffers

  newRequestId(): number {
    return this.nextReqId++;
  }

  bufferId(buf: ArrayBufferLike, owner: number): string {
    if (this.footprint !== null && this.current === owner && !this.memNames.has(buf)) this.nameAtSight(buf, owner);
    let id = this.bufferIds.get(buf);
    if (!id) {
      id = `r${owner}b${this.bufferCount++}`;
      this.bufferIds.set(buf, id);
    }
    return id;
  }

  watch(buf: ArrayBufferLike): void {
    if (this.footprint !== null && this.current >= 0 && !this.memNames.has(buf)) this.nameAtSight(buf, this.current);
    const n = this.watched.get(buf) ?? 0;
    this.watched.set(buf, n + 1);
    // The hooks cache watches() per view; an MPI call from uninstrumented code sets no marker.
    if (n === 0) watchesChanged();
  }

  unwatch(buf: ArrayBufferLike): void {
    const n = (this.watched.get(buf) ?? 0) - 1;
    if (n <= 0) {
      this.watched.delete(buf);
      watchesChanged();
    } else this.watched.set(buf, n);
  }

  // AccessSink: instrumented loads and stores of the running rank.
  watches(buffer: ArrayBufferLike): boolean {
    return (this.recording || this.footprint !== null) && this.watched.has(buffer);
  }

  access(kind: "load" | "store", buffer: ArrayBufferLike, byteOffset: number, byteLength: number, loc: SourceLoc | undefined): void {
    const rank = this.current;
    if (rank < 0) return;
    if (this.footprint !== null) this.touch(this.memName(buffer, rank), kind === "store" ? TouchMode.Write : TouchMode.Read, byteOffset, byteOffset + byteLength);
    if (!this.recording) return;
    this.emit({ t: kind, step: this.step, rank, time: this.ranks[rank].clock, buf: this.bufferId(buffer, rank), off: byteOffset, len: byteLength, loc });
  }

  /** Ranks blocked right now, with what they wait for (for deadlock reports). */
  blockedRanks(): RankState[] {
    return this.ranks.filter((s) => s.status === "blocked");
  }
}

/** mpisim's own source folders: frames there are not the user's code. */
const INTERNAL_DIRS = ["core", "scheduler", "checkers", "cli", "bin"].map((d) => join(OWN_ROOT, d) + sep).concat([join(OWN_ROOT, `index${OWN_EXT}`)]);

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

/** The first stack frame that is the user's code (not mpisim's, not node's). */
export function userFrame(err: Error): SourceLoc | undefined {
  const stack = err.stack ?? "";
  for (const line of stack.split("\n").slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1];
    if (file.startsWith("node:") || file.includes("/node_modules/") || INTERNAL_DIRS.some((d) => file.replace(/^file:\/\//, "").startsWith(d))) continue;
    return { file: file.replace(/^file:\/\//, ""), line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/** console.log inside a rank goes to that rank's output (SPEC §1). */
export function formatConsoleArgs(args: unknown[]): string {
  return format(...(args as [unknown, ...unknown[]]));
}
