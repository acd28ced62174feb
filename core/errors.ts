/**
 * Errors raised to user code. An MPIException is a user's MPI mistake: it carries the MPI error
 * class (MPI 4.1 §9.4, Table 9.1), the rank that made the call, the call's name and, where the
 * program was loaded through mpisim, the user's source location.
 */

/** MPI error classes by name, with the numeric values Open MPI uses (for Get_error_class). */
export const ERROR_CLASSES = {
  SUCCESS: 0,
  ERR_BUFFER: 1,
  ERR_COUNT: 2,
  ERR_TYPE: 3,
  ERR_TAG: 4,
  ERR_COMM: 5,
  ERR_RANK: 6,
  ERR_REQUEST: 7,
  ERR_ROOT: 8,
  ERR_GROUP: 9,
  ERR_OP: 10,
  ERR_TOPOLOGY: 11,
  ERR_DIMS: 12,
  ERR_ARG: 13,
  ERR_UNKNOWN: 14,
  ERR_TRUNCATE: 15,
  ERR_OTHER: 16,
  ERR_INTERN: 17,
  ERR_IN_STATUS: 18,
  ERR_PENDING: 19,
  ERR_ACCESS: 20,
  ERR_AMODE: 21,
  ERR_ASSERT: 22,
  ERR_BAD_FILE: 23,
  ERR_BASE: 24,
  ERR_CONVERSION: 25,
  ERR_DISP: 26,
  ERR_DUP_DATAREP: 27,
  ERR_FILE_EXISTS: 28,
  ERR_FILE_IN_USE: 29,
  ERR_FILE: 30,
  ERR_INFO_KEY: 31,
  ERR_INFO_NOKEY: 32,
  ERR_INFO_VALUE: 33,
  ERR_INFO: 34,
  ERR_IO: 35,
  ERR_KEYVAL: 36,
  ERR_LOCKTYPE: 37,
  ERR_NAME: 38,
  ERR_NO_MEM: 39,
  ERR_NOT_SAME: 40,
  ERR_NO_SPACE: 41,
  ERR_NO_SUCH_FILE: 42,
  ERR_PORT: 43,
  ERR_QUOTA: 44,
  ERR_READ_ONLY: 45,
  ERR_RMA_CONFLICT: 46,
  ERR_RMA_SYNC: 47,
  ERR_SERVICE: 48,
  ERR_SIZE: 49,
  ERR_SPAWN: 50,
  ERR_UNSUPPORTED_DATAREP: 51,
  ERR_UNSUPPORTED_OPERATION: 52,
  ERR_WIN: 53,
  ERR_RMA_RANGE: 55,
  ERR_RMA_ATTACH: 56,
  ERR_RMA_SHARED: 57,
  ERR_RMA_FLAVOR: 58,
} as const;

export type ErrorClass = keyof typeof ERROR_CLASSES;

/** A source location in the user's program, `file:line:column` when printed. */
export interface SourceLoc {
  file: string;
  line: number;
  column: number;
}

export function formatLoc(loc: SourceLoc | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : "<unknown>";
}

/** A byte range as every message, report, picture and the TUI print it: half-open, `[lo, hi)`. */
export function formatRange(lo: number, hi: number): string {
  return `[${lo}, ${hi})`;
}

/** A user's MPI mistake. Thrown synchronously by local calls, rejected by awaited ones. */
export class MPIException extends Error {
  readonly errorClass: ErrorClass;
  /** The rank that made the failing call, or -1 when raised outside a rank. */
  rank: number;
  /** The MPI call, e.g. "Comm.Send" or "Win.Put". */
  readonly call: string;
  loc?: SourceLoc;

  constructor(errorClass: ErrorClass, message: string, call: string, rank = -1, loc?: SourceLoc) {
    super(`${errorClass}: ${message}`);
    this.name = "MPIException";
    this.errorClass = errorClass;
    this.call = call;
    this.rank = rank;
    this.loc = loc;
  }

  /** mpi4py: Exception.Get_error_class() */
  Get_error_class(): number {
    return ERROR_CLASSES[this.errorClass];
  }
  Get_error_code(): number {
    return ERROR_CLASSES[this.errorClass];
  }
  Get_error_string(): string {
    return this.message;
  }
}

/** A mistake in how the CLI or harness was invoked (bad flag, missing file, stale token). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** An internal invariant of mpisim broke: this is a bug in mpisim, not in the user's program. */
export class InternalError extends Error {
  constructor(message: string) {
    super(`mpisim internal error (a bug in mpisim, please report it): ${message}`);
    this.name = "InternalError";
  }
}
