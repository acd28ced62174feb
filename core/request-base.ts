/**
 * What a request is to the subsystems that carry operations out (p2p, collectives, RMA, I/O):
 * its state, the buffers the operation holds, who it waits on, its completion (`finish`) and the
 * hand-over of that completion to the user (`consume`). mpi4py's MPI.Request, the user's calls on
 * requests, is core/request.ts; waiting on requests is core/request-wait.ts.
 */
import type { ResolvedBuffer } from "./datatype/index.ts";
import { ERROR_CLASSES, MPIException } from "./errors.ts";
import { Status } from "./status.ts";
import { TouchMode, type World } from "./world.ts";
import type { RequestRecord } from "./trace.ts";
import { requestRuns } from "./request-runs.ts";

/** A fresh request's status, copied into a restarted persistent request and for null ones (never mutated). */
export const BLANK_STATUS = new Status();

const NO_PEERS: readonly number[] = [];
function noPeers(): readonly number[] {
  return NO_PEERS;
}

/**
 * peers() of a request that waits on one rank, `peerRank`: shared by every such request (a
 * closure per send and receive was garbage on the hottest path).
 */
export function onePeer(this: RequestBase): readonly number[] {
  return [this.peerRank];
}

export type RequestState = "active" | "complete" | "inactive" | "null";

/** The bytes a buffer argument spans (a ResolvedBuffer is one). */
export interface SpanBuffer {
  buffer: ArrayBufferLike;
  spanStart: number;
  byteLength: number;
}

/**
 * Subsystems create requests active and call `finish` when the operation completes; Wait/Test
 * (core/request.ts) hand the result to the user through `consume`.
 */
export abstract class RequestBase {
  declare state: RequestState;
  /** The status, made when first asked for (a send's never is: one object fewer per message). */
  declare private madeStatus: Status | undefined;
  /** Virtual time at which the operation completed. */
  declare time: number;
  /** Error to raise at Wait/Test (e.g. ERR_TRUNCATE found at delivery). */
  declare error: MPIException | undefined;
  /** Result object for lower-case requests (irecv) and result-returning ops. */
  declare result: unknown;
  /** A persistent request (Prequest): consuming it makes it inactive, not null. */
  declare persistent: boolean;
  /**
   * The ArrayBuffers the operation reads or writes while active (watched for buffer races): the
   * first in a field, any more in an array (an empty array's first push allocates 17 slots, for
   * the one buffer nearly every request has).
   */
  declare private buffer: ArrayBufferLike | null;
  declare private moreBuffers: ArrayBufferLike[] | null;
  /**
   * The world ranks the operation waits on while active (a send its destination, a receive its
   * source or, from ANY_SOURCE, every other member, a collective the members not arrived yet):
   * the deadlock's wait-for graph. Set by the subsystem that carries the operation out.
   */
  declare peers: (this: RequestBase) => readonly number[];
  /** The one rank the operation waits on, for `peers = onePeer` (a send, a receive from one source). */
  declare peerRank: number;
  /** Subsystem hook: try to cancel (return true when cancelled). */
  declare onCancel: ((this: RequestBase) => boolean) | undefined;
  /** The owner's request counter when this one was made (names it in footprints, see fkey). */
  declare private readonly fseq: number;

  declare readonly world: World;
  /** Owner (world rank). */
  declare readonly rank: number;
  declare readonly id: number;
  /** "send", "recv", "coll", "rma", "io", … */
  declare readonly kind: string;

  // The fields are declared (types only) and set here, in the order they always had, not class
  // fields or parameter properties: under ES2022 class fields each is first defined as undefined
  // and then assigned (see SimEvent); a request is made per send and receive.
  constructor(world: World, rank: number, id: number, kind: string) {
    this.world = world;
    this.rank = rank;
    this.id = id;
    this.kind = kind;
    this.state = "active";
    this.madeStatus = undefined;
    this.time = 0;
    this.error = undefined;
    this.result = undefined;
    this.persistent = false;
    this.buffer = null;
    this.moreBuffers = null;
    this.peers = noPeers;
    this.peerRank = -1;
    this.onCancel = undefined;
    this.fseq = world.ranks[rank].reqSeq++;
  }

  /** What the completed operation tells (MPI 4.1 §3.2.5): source, tag, count, error. */
  get status(): Status {
    return (this.madeStatus ??= new Status());
  }

  /**
   * Make the status now, where the request is made: a receive's delivery writes it. Made at its
   * first delivery instead, the construction ran once per request, so the delivery code optimized
   * in one run had never seen it and deoptimized at the next run's first delivery.
   */
  makeStatus(): void {
    this.madeStatus ??= new Status();
  }

  /** A persistent request started again: its status is a fresh one's. */
  protected resetStatus(): void {
    this.madeStatus?.copyFrom(BLANK_STATUS);
  }

  /** Schedule-independent name for footprints: requests are made by their owner, in its program order. */
  get fkey(): string {
    return `req:${this.rank}:${this.fseq}`;
  }

  /** Called by the subsystem that carries the operation out. */
  finish(time: number): void {
    if (this.state !== "active") return;
    this.state = "complete";
    // Completions commute with each other; polls (Test*, Waitany…) read them (scheduler/footprint.ts).
    // The names are built only while a scheduler collects footprints.
    if (this.world.footprint !== null) {
      this.world.touch(this.fkey, TouchMode.Write);
      this.world.touch(`done:${this.rank}`, TouchMode.Add);
    }
    this.time = Math.max(time, 0);
    const w = this.world;
    if (w.recording) {
      w.emit({ t: "request", step: w.step, rank: this.rank, time: w.ranks[this.rank].clock, req: this.id, what: "complete", kind: this.kind });
    }
    w.poke(this.rank);
  }

  /**
   * Watch a buffer the operation reads or writes (bytes [lo, hi) of it) until the user consumes
   * the request (Wait/Test/Free): MPI 4.1 §3.7.2 gives the buffer to the operation until then.
   */
  use(buf: ArrayBufferLike | undefined, lo = 0, hi = buf?.byteLength ?? 0, access: "read" | "write" = "write", segs?: [number, number][] | null): void {
    if (!buf) return;
    const w = this.world;
    if (!w.tracksMemory) return;
    if (this.buffer === null) this.buffer = buf;
    else (this.moreBuffers ??= []).push(buf);
    w.watch(buf);
    if (w.recording) {
      const rec: RequestRecord = {
        t: "request", step: w.step, rank: this.rank, time: w.ranks[this.rank].clock, req: this.id, what: "use", kind: this.kind,
        buf: w.bufferId(buf, this.rank), range: [lo, hi], access,
      };
      if (segs) rec.segs = segs;
      w.emit(rec);
    }
  }

  /**
   * use() for a resolved buffer: its span, and the runs of a non-contiguous datatype, whose gaps
   * the operation leaves alone (a store into a vector's gap is no buffer-race, MPI 4.1 §3.7.2).
   * A buffer known only by its span (no datatype) is watched whole.
   */
  useSpec(spec: SpanBuffer & Partial<Pick<ResolvedBuffer, "datatype" | "count" | "byteOffset">>, access: "read" | "write"): void {
    const w = this.world;
    if (!w.tracksMemory) return;
    const { datatype, count, byteOffset } = spec;
    const segs = w.recording && datatype !== undefined && count !== undefined && byteOffset !== undefined ? requestRuns(datatype, count, byteOffset) : null;
    this.use(spec.buffer, spec.spanStart, spec.spanStart + spec.byteLength, access, segs);
  }

  /** The user is done with the operation's buffers. */
  protected release(): void {
    if (this.buffer === null) return;
    this.world.unwatch(this.buffer);
    this.buffer = null;
    const more = this.moreBuffers;
    if (more === null || more.length === 0) return;
    for (const b of more) this.world.unwatch(b);
    // Emptied in place: a persistent request is consumed once per iteration.
    more.length = 0;
  }

  /** Hand the completion to the user: advance the clock, reset or null the request. */
  consume(status?: Status | null): void {
    if (this.world.footprint !== null) this.world.touch(this.fkey, TouchMode.Read);
    const st = this.world.ranks[this.rank];
    if (this.time > st.clock) st.clock = this.time;
    // Status.Get_error tells the error class of a failed operation (MPI 4.1 §3.2.5, §3.7.5).
    if (this.error instanceof MPIException) this.status.error = ERROR_CLASSES[this.error.errorClass];
    if (status) status.copyFrom(this.madeStatus ?? BLANK_STATUS);
    this.state = this.persistent ? "inactive" : "null";
    this.release();
    const w = this.world;
    if (w.recording) w.emit({ t: "request", step: w.step, rank: this.rank, time: st.clock, req: this.id, what: "wait", kind: this.kind });
    if (this.error) {
      const e = this.error;
      this.error = undefined;
      throw e;
    }
  }

  get done(): boolean {
    return this.state !== "active";
  }

}
