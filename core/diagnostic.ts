import type { SourceLoc } from "./errors.ts";

/** The stable diagnostic kinds of SPEC §4. */
export type DiagnosticKind =
  | "rma-race"
  | "lost-update"
  | "file-conflict"
  | "buffer-race"
  | "message-race"
  | "deadlock"
  | "collective-mismatch"
  | "mpi-error"
  | "resource-leak"
  | "rank-exception"
  | "no-progress"
  | "property";

/** One side of a conflict, or one call involved in a diagnostic. */
export interface Access {
  /** The operation: an MPI call name ("Put", "Accumulate", "Write_at") or "LOAD" / "STORE". */
  op: string;
  rank: number;
  /** Window, file or communicator name, when the access is on one. */
  window?: string;
  file?: string;
  comm?: string;
  /** Byte range [start, end) in the window / file / buffer. */
  bytes?: [number, number];
  /** The user's source location, and its `file:line:column` form. */
  loc?: SourceLoc;
  where?: string;
  /** "read" or "write" (or "atomic-write" for accumulate-family operations). */
  mode?: string;
}

export interface Diagnostic {
  kind: DiagnosticKind;
  /** One readable sentence. */
  message: string;
  ranks: number[];
  accesses?: Access[];
  /** For rma-race: "local" (op vs its own origin/result buffer) or "remote" (vs target memory). */
  scope?: "local" | "remote";
  /** True when the problem is possible in some schedule but did not happen in this one. */
  predicted?: boolean;
  /** For mpi-error: the MPI error class, e.g. "ERR_TRUNCATE". */
  errorClass?: string;
  call?: string;
  loc?: SourceLoc;
  where?: string;
  /** For deadlock: the wait-for cycle (ranks) and each blocked rank's pending call. */
  cycle?: number[];
  pending?: { rank: number; call: string; where?: string; waitsFor?: number[] }[];
  /**
   * For deadlock: the stall exists only because standard-mode sends were not buffered (an unsafe
   * program, MPI 4.1 §3.5), and the buffering mode it happened under (the token carries it too).
   */
  reliesOnBuffering?: boolean;
  buffering?: "eager" | "rendezvous";
  /** The schedule token that reproduces it (filled in by the runner). */
  schedule?: string;
  /** no-progress found by the wall-clock watchdog: its limit in seconds (such a run is not shrunk: each try costs the limit). */
  watchdog?: number;
  /** Index into the trace where it was found. */
  step?: number;
  /**
   * A finding that does not fail `check` (RunResult.notes, ExploreReport.notes): a wildcard race
   * whose other matching was run and changed nothing observable (scheduler/wildcard.ts).
   */
  note?: boolean;
  /** For message-race: the message the wildcard receive matched and the other one ("src:seq"). */
  matching?: { matched: string; other: string };
}
