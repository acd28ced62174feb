import type { SourceLoc } from "./errors.ts";
import { sep } from "node:path";
import type { Diagnostic } from "./diagnostic.ts";
import type { IoRecord } from "./io/records.ts";
import type { RmaRecord } from "./rma/records.ts";

/**
 * The trace: an append-only list of plain, JSON-serialisable records. Checkers, the TUI, the SVG
 * writer and replay verification all read this one stream; its hash is the determinism check.
 * Every record has `t` (its type), `step` (the scheduler step it happened in) and `rank`.
 * Each subsystem's records are typed beside it (core/rma/records.ts, core/io/records.ts); this
 * file puts them together. Field order at the emit sites is part of the hash.
 */
export interface RecordBase {
  step: number;
  rank: number;
  /** Virtual time (seconds) of the rank when the record was made. */
  time: number;
}

/** A rank entered an MPI call (blocking or local). `id` is the rank's call index. */
export interface CallRecord extends RecordBase {
  t: "call";
  id: number;
  call: string;
  loc?: SourceLoc;
  /** Short human summary of the arguments, e.g. "dest=1 tag=0 count=1 INT". */
  args?: string;
  /** Request ids this call creates or waits on. */
  reqs?: number[];
  comm?: string;
  /** True when the call blocks (a scheduling point). */
  blocking?: boolean;
}

/** A blocked call returned to the rank (the scheduler resumed it). */
export interface CompleteRecord extends RecordBase {
  t: "complete";
  id: number;
  call: string;
  error?: string;
  /** A poll (Test*, Iprobe…) that found nothing yet: no-progress detection counts these. */
  poll?: boolean;
}

/** A message was matched and its data copied into the receive buffer. */
export interface DeliverRecord extends RecordBase {
  t: "deliver";
  /** Message id: "src:seq". */
  msg: string;
  src: number;
  dst: number;
  comm: string;
  tag: number;
  bytes: number;
  /** Send and receive request ids (-1 for blocking calls that created internal ones). */
  sreq: number;
  rreq: number;
  /** True when the send was synchronous (Ssend/rendezvous): the sender learns of the match. */
  sync: boolean;
  /** The send was synchronous by its mode (Ssend/Issend), not only by this run's buffering. */
  ssend?: boolean;
  /** The receive was posted with ANY_SOURCE. */
  wildcard: boolean;
  /** The receive's tag (ANY_TAG when it took any): which other messages it could have matched. */
  rtag?: number;
  sendLoc?: SourceLoc;
  recvLoc?: SourceLoc;
}

/**
 * A request's life (the owner rank is `rank`): "start" (persistent), "use" (the active operation
 * reads or writes bytes `range` of buffer `buf`, until the request is consumed), "complete" (the
 * operation finished), "wait" (the user learnt it: a Wait/Test consumed it; program order of the
 * owner), "free", "cancel".
 */
export interface RequestRecord extends RecordBase {
  t: "request";
  req: number;
  what: "complete" | "start" | "free" | "cancel" | "use" | "wait";
  kind: string;
  /** "use": the buffer id, [start, end) bytes of it, and whether the operation reads or writes them. */
  buf?: string;
  range?: [number, number];
  access?: "read" | "write";
  /** "use" of a non-contiguous datatype: the [start, end) runs it touches (absent: the whole range) */
  segs?: [number, number][];
}

/** A collective (or collective-like synchronisation) completed among `members` (world ranks). */
export interface SyncRecord extends RecordBase {
  t: "sync";
  kind: string;
  comm: string;
  /** Collective sequence number on that communicator. */
  seq: number;
  members: number[];
  root?: number;
  /** For one-directional synchronisation (e.g. a root's data flowing out), the ranks whose prior events happen-before the others. */
  from?: number[];
}

/** A local load or store by `rank` on watched memory (window, request or RMA buffer). */
export interface AccessRecord extends RecordBase {
  t: "load" | "store";
  /** Deterministic id of the ArrayBuffer ("r<rank>b<n>"). */
  buf: string;
  off: number;
  len: number;
  loc?: SourceLoc;
}

/** A line a rank printed. */
export interface OutputRecord extends RecordBase {
  t: "output";
  text: string;
}

export interface DiagnosticRecord extends RecordBase {
  t: "diagnostic";
  diagnostic: Diagnostic;
}

/** The scheduler's choice at a step (only written when more than one event was enabled). */
export interface ChoiceRecord extends RecordBase {
  t: "choice";
  event: string;
  enabled: number;
}

/**
 * A handle's life, for the resource-leak checker: a derived datatype, user op or group made or
 * freed by `rank`, or a communicator made (Comm.Free's `call` record ends it). Ids: "r<rank>t<n>"
 * (datatype), "r<rank>o<n>" (op), "r<rank>g<n>" (group), the context id (comm).
 */
export interface HandleRecord extends RecordBase {
  t: "alloc" | "free";
  kind: "datatype" | "op" | "group" | "comm";
  id: string;
  /** datatype: its combiner ("CONTIGUOUS", "VECTOR", "DUP", …), which names its constructor */
  combiner?: string;
  /** group: the call that made it */
  call?: string;
  loc?: SourceLoc;
}

export type TraceRecord =
  | CallRecord
  | CompleteRecord
  | DeliverRecord
  | RequestRecord
  | SyncRecord
  | AccessRecord
  | OutputRecord
  | DiagnosticRecord
  | ChoiceRecord
  | HandleRecord
  | RmaRecord
  | IoRecord;

export type RecordKind = TraceRecord["t"];

/** The records of one kind, typed (for tests and tools that read a finished trace). */
export function recordsOf<K extends RecordKind>(trace: readonly TraceRecord[], kind: K): RecordOf<K>[] {
  return trace.filter((r): r is RecordOf<K> => r.t === kind);
}

/** What an emit site fills in for record type R besides `step` and `time` (distributes over unions). */
export type RecordFields<R> = R extends RecordBase ? Omit<R, "step" | "time"> : never;

/** The record type(s) of kind K (`load` and `store` share AccessRecord). */
export type RecordOf<K extends RecordKind> = TraceRecord extends infer R ? (R extends { t: infer T } ? (K extends T ? R : never) : never) : never;

/** Something that consumes the trace as it is produced (checkers, the TUI, recorders). */
export interface TraceObserver {
  onRecord(rec: TraceRecord): void;
}

/**
 * FNV-1a 64-bit over the JSON of each record: the determinism check for replays. Records name
 * source files by absolute path (editors open them); the hash must not depend on where the
 * program's folder lies (a CI clone, another machine: SPEC §3), so `root` — the program's own
 * folder — is cut from the records' text (locations, messages) before hashing.
 */
export function hashTrace(trace: readonly TraceRecord[], root?: string): string {
  // A run that keeps no trace hashes an empty one: the same value every time (made once).
  if (trace.length === 0) return (EMPTY_HASH ??= hashRecords([], ""));
  return hashRecords(trace, root ? JSON.stringify(root.endsWith(sep) ? root : root + sep).slice(1, -1) : "");
}

let EMPTY_HASH: string | undefined;

function hashRecords(trace: readonly TraceRecord[], cut: string): string {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0xcbf29ce4 | 0;
  for (const rec of trace) {
    let s = JSON.stringify(rec);
    if (cut !== "" && s.includes(cut)) s = s.split(cut).join("");
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 7);
    }
    h1 = Math.imul(h1 ^ 10, 0x01000193);
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}
