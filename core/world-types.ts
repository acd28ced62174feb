/**
 * The shapes a World is made of: its options, a rank's state, a blocking call a rank is parked
 * on, and what an event touches. core/world.ts re-exports them; they live here so World's file
 * holds only how the world runs.
 */
import type { SourceLoc } from "./errors.ts";
import type { SimEvent } from "./events.ts";
import type { CostModel } from "./cost.ts";
import type { World } from "./world.ts";

/** How standard-mode sends behave (SPEC §3). */
export type Buffering = "eager" | "rendezvous";

export { TouchMode, type Touch } from "./touch.ts";

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
  /** Per-rank count of the group and op handles it made (their ids in alloc/free records). */
  handleSeq = 0;
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
