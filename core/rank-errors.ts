/**
 * How a rank's failures become diagnostics: an MPI error (with its error class, rank, call and
 * the user's source location), an exception that escaped a rank, a rank that returned while a
 * blocking call was still pending. A user's mistake is a diagnostic, never a crash of mpisim.
 */
import { join, sep } from "node:path";
import { MPIException, formatLoc, type ErrorClass, type SourceLoc } from "./errors.ts";
import { promiseHandleMessage, userMessage } from "./instrument-runtime.ts";
import { OWN_EXT, OWN_ROOT } from "./self.ts";
import type { Diagnostic } from "./diagnostic.ts";
import type { RankState } from "./world-types.ts";

type Reported = MPIException & { reported?: boolean };

/** Where rank errors go (World.report). */
interface Reporter {
  report(d: Diagnostic): void;
}

/** Build an MPIException for `rank` (raised now or later, e.g. at its Wait) and record the diagnostic now. */
export function mpiError(w: Reporter, rank: number, errorClass: ErrorClass, message: string, call: string, loc: SourceLoc | undefined): MPIException {
  const e = new MPIException(errorClass, message, call, rank, loc);
  w.report({
    kind: "mpi-error",
    message: `rank ${rank}: ${call}: ${errorClass}: ${message}`,
    ranks: rank >= 0 ? [rank] : [],
    errorClass,
    call,
    loc,
    where: loc ? formatLoc(loc) : undefined,
  });
  (e as Reported).reported = true;
  return e;
}

/** An MPIException raised by a lower layer (e.g. the datatype engine) that no diagnostic names yet. */
export function unreported(e: unknown): e is MPIException {
  return e instanceof MPIException && !(e as Reported).reported;
}

/** The rank's function returned while a blocking call was still pending: an un-awaited call. */
export function reportUnawaited(w: Reporter, st: RankState): void {
  w.report({
    kind: "mpi-error",
    message: `rank ${st.rank} finished while ${st.pending?.call} was still pending (a blocking MPI call that was not awaited?)`,
    ranks: [st.rank],
    errorClass: "ERR_PENDING",
    call: st.pending?.call,
    loc: st.pendingLoc,
    where: st.pendingLoc ? formatLoc(st.pendingLoc) : undefined,
  });
}

/** An exception ended the rank: say what and where, unless it is an MPI error already reported. */
export function reportRankFailure(w: Reporter, st: RankState, e: unknown): void {
  if (!unreported(e) && e instanceof MPIException) return;
  if (e instanceof MPIException) {
    // A handle's own check (Op.Free, Datatype.Free…) knows no call site: take the user's frame.
    const loc = e.loc ?? userFrame(e);
    w.report({
      kind: "mpi-error",
      message: `rank ${st.rank}: ${e.call}: ${e.message}`,
      ranks: [st.rank],
      errorClass: e.errorClass,
      call: e.call,
      loc,
      where: loc ? formatLoc(loc) : undefined,
    });
    return;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const loc = userFrame(err);
  w.report({
    kind: "rank-exception",
    message: `rank ${st.rank} threw ${err.name}: ${promiseHandleMessage(err, st.lastBlock, st.lastBlockCall) ?? userMessage(err.message)}`,
    ranks: [st.rank],
    loc,
    where: loc ? formatLoc(loc) : undefined,
  });
}

/** mpisim's own source folders: frames there are not the user's code. */
const INTERNAL_DIRS = ["core", "scheduler", "checkers", "cli", "bin"].map((d) => join(OWN_ROOT, d) + sep).concat([join(OWN_ROOT, `index${OWN_EXT}`)]);

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
