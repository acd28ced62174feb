/**
 * What a world records, apart from how it runs: the trace and its observers, diagnostics, each
 * rank's output, the footprint of the firing event (DPOR), and the memory it names and watches
 * (core/memory.ts), including the instrumented loads and stores that reach it. World (core/world.ts)
 * extends it with the ranks' life: starting, blocking, resuming, failing.
 */
import { InternalError, type SourceLoc } from "./errors.ts";
import type { Diagnostic } from "./diagnostic.ts";
import type { TraceObserver, TraceRecord } from "./trace.ts";
import { currentCallLoc, watchesChanged } from "./instrument-runtime.ts";
import { DEFAULT_COST } from "./cost.ts";
import { WorldMemory } from "./memory.ts";
import { RankState, TouchMode, type Touch, type WorldOptions } from "./world-types.ts";

export abstract class WorldRecorder {
  readonly ranks: RankState[];
  readonly size: number;
  readonly trace: TraceRecord[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly observers: TraceObserver[] = [];
  /** The rank whose code is running right now, or -1 between steps. */
  current = -1;
  step = 0;
  readonly opts: WorldOptions;
  readonly subsystems = new Map<string, object>();
  /** Whether records are produced at all (trace kept or observed). */
  recording: boolean;
  /** Trace ids, footprint names and watch counts of user memory (core/memory.ts). */
  readonly memory: WorldMemory;
  /**
   * While a scheduler sets this to an array (DPOR, scheduler/dpor.ts), subsystems append what the
   * firing event touches through `touch()`; null (and free) otherwise.
   */
  footprint: Touch[] | null = null;
  /**
   * A scheduler that will collect footprints says so before the run starts (DporRun.begin): then,
   * or while records are produced, user memory handed to MPI is watched (its loads and stores are
   * events). Otherwise nobody asks, and watch counts are not kept.
   */
  collectsFootprints = false;

  /**
   * Whether anyone reads which user memory MPI holds (its trace ids, watch counts, footprint
   * names): records are produced, or DPOR collects footprints. Otherwise callers skip the work,
   * including reading a small typed array's `.buffer` (core/datatype/buffer.ts, SMALL_VIEWS).
   */
  get tracksMemory(): boolean {
    return this.recording || this.collectsFootprints;
  }

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
    this.memory = new WorldMemory(this.ranks);
    this.recording = this.opts.keepTrace;
  }

  /**
   * Whether call records carry their argument text (`args`): it is for people — the kept trace,
   * the TUI, the SVG writer — and no checker reads it, so a run that keeps no trace skips making
   * a string per call. Records keep every field checkers read (`reqs`, `comm`, buffers…).
   */
  get describing(): boolean {
    return this.opts.keepTrace;
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
    // One line, the usual print, without an array to split into.
    if (text.indexOf("\n") < 0) this.printLine(rank, text);
    else for (const line of text.split("\n")) this.printLine(rank, line);
  }

  private printLine(rank: number, text: string): void {
    const st = this.ranks[rank];
    st.output.push(text);
    if (this.recording) this.emit({ t: "output", step: this.step, rank, time: st.clock, text });
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
    this.memory.name(buf, name);
  }

  /** The footprint name of memory (WorldMemory.nameOf). */
  memName(buf: ArrayBufferLike, owner: number): string {
    return this.memory.nameOf(buf, owner);
  }


  /** Deterministic ids of the derived datatypes the ranks make ("r<rank>t<n>"). */
  private datatypeIds = new WeakMap<object, string>();
  private datatypeCount = 0;

  /** A derived datatype made or freed while a rank of this world runs (core/hooks.ts): its alloc/free record. */
  private readonly opIds = new WeakMap<object, string>();

  datatypeEvent(what: "create" | "free", dt: object): void {
    const rank = this.current;
    if (rank < 0 || !this.recording) return;
    let id = this.datatypeIds.get(dt);
    if (id === undefined) {
      id = `r${rank}t${this.datatypeCount++}`;
      this.datatypeIds.set(dt, id);
    }
    const combiner = (dt as { combiner: string }).combiner;
    this.emit({ t: what === "create" ? "alloc" : "free", step: this.step, rank, time: this.ranks[rank].clock, kind: "datatype", id, combiner, loc: currentCallLoc() });
  }

  /** A user op (Op.Create) made or freed while a rank of this world runs: its alloc/free record ("r<rank>o<n>"). */
  opEvent(what: "create" | "free", op: object): void {
    const rank = this.current;
    if (rank < 0 || !this.recording) return;
    let id = this.opIds.get(op);
    if (id === undefined) this.opIds.set(op, (id = `r${rank}o${this.ranks[rank].handleSeq++}`));
    this.emit({ t: what === "create" ? "alloc" : "free", step: this.step, rank, time: this.ranks[rank].clock, kind: "op", id, loc: currentCallLoc() });
  }

  /**
   * A group handle made by `rank` (Comm.Get_group, Group.Incl, …): its alloc record, and the id
   * its free record will carry (MPI 4.1 §7.3: every group handle returned must be freed).
   */
  groupMade(rank: number, call: string): string {
    const id = `r${rank}g${this.ranks[rank].handleSeq++}`;
    if (this.recording) this.emit({ t: "alloc", step: this.step, rank, time: this.ranks[rank].clock, kind: "group", id, call, loc: currentCallLoc() });
    return id;
  }

  groupFreed(rank: number, id: string): void {
    if (this.recording) this.emit({ t: "free", step: this.step, rank, time: this.ranks[rank].clock, kind: "group", id, loc: currentCallLoc() });
  }

  bufferId(buf: ArrayBufferLike, owner: number): string {
    if (this.footprint !== null && this.current === owner) this.memory.nameIfNew(buf, owner);
    return this.memory.traceId(buf, owner);
  }

  watch(buf: ArrayBufferLike): void {
    if (!this.tracksMemory) return;
    if (this.footprint !== null && this.current >= 0) this.memory.nameIfNew(buf, this.current);
    // The hooks cache watches() per view; an MPI call from uninstrumented code sets no marker.
    if (this.memory.watch(buf)) watchesChanged();
  }

  unwatch(buf: ArrayBufferLike): void {
    if (!this.tracksMemory) return;
    if (this.memory.unwatch(buf)) watchesChanged();
  }

  // AccessSink: instrumented loads and stores of the running rank.
  watches(buffer: ArrayBufferLike): boolean {
    return (this.recording || this.footprint !== null) && this.memory.isWatched(buffer);
  }

  access(kind: "load" | "store", buffer: ArrayBufferLike, byteOffset: number, byteLength: number, loc: SourceLoc | undefined): void {
    const rank = this.current;
    if (rank < 0) return;
    if (this.footprint !== null) this.touch(this.memName(buffer, rank), kind === "store" ? TouchMode.Write : TouchMode.Read, byteOffset, byteOffset + byteLength);
    if (!this.recording) return;
    this.emit({ t: kind, step: this.step, rank, time: this.ranks[rank].clock, buf: this.bufferId(buffer, rank), off: byteOffset, len: byteLength, loc });
  }

}
