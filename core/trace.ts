import type { SourceLoc } from "./errors.ts";
import { sep } from "node:path";
import type { Diagnostic } from "./diagnostic.ts";

/**
 * The trace: an append-only list of plain, JSON-serialisable records. Checkers, the TUI, the SVG
 * writer and replay verification all read this one stream; its hash is the determinism check.
 * Every record has `t` (its type), `step` (the scheduler step it happened in) and `rank`.
 */
interface Base {
  step: number;
  rank: number;
  /** Virtual time (seconds) of the rank when the record was made. */
  time: number;
}

/** A rank entered an MPI call (blocking or local). `id` is the rank's call index. */
export interface CallRecord extends Base {
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
export interface CompleteRecord extends Base {
  t: "complete";
  id: number;
  call: string;
  error?: string;
  /** A poll (Test*, Iprobe…) that found nothing yet: no-progress detection counts these. */
  poll?: boolean;
}

/** A message was matched and its data copied into the receive buffer. */
export interface DeliverRecord extends Base {
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
export interface RequestRecord extends Base {
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
export interface SyncRecord extends Base {
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
export interface AccessRecord extends Base {
  t: "load" | "store";
  /** Deterministic id of the ArrayBuffer ("r<rank>b<n>"). */
  buf: string;
  off: number;
  len: number;
  loc?: SourceLoc;
}

/** A line a rank printed. */
export interface OutputRecord extends Base {
  t: "output";
  text: string;
}

export interface DiagnosticRecord extends Base {
  t: "diagnostic";
  diagnostic: Diagnostic;
}

/** The scheduler's choice at a step (only written when more than one event was enabled). */
export interface ChoiceRecord extends Base {
  t: "choice";
  event: string;
  enabled: number;
}

/*
 * RMA records (core/rma): ranks are world ranks, buffers are World.bufferId ids, byte ranges are
 * [start, end) absolute offsets in that ArrayBuffer.
 *   win-create  {win, comm, buf|null, base, size, dispUnit, flavor}  one per member, at creation
 *   win-free    {win}                                               one per member
 *   win-attach / win-detach {win, buf, base, size}                  dynamic windows
 *   epoch       {win, kind, target?, lockType?, assert?, group?}    when a sync call returns
 *   rma-issue   {id: "origin:opSeq", op, win, target, tbuf, trange, obuf, orange, rbuf, rrange,
 *                cbuf?, crange?, accOp, basic, loc}
 *   rma-apply   {id, win, target}                                   the op lands (rank = target)
 *   rma-complete {id, win, target, what: "local"|"remote"}          the origin learns it (rank = origin)
 */

/*
 * I/O records (core/io): ranks are world ranks; `file` is the name as opened (normalised:
 * "./a//b" → "a/b"); `fh` is the stable handle id of one collective Open, `${comm id}.f${k}`
 * (k = the Open's collective sequence number on that communicator), shared by its members;
 * ranges are merged [start, end) absolute file byte ranges, sorted.
 *   file-open    {file, fh, comm, amode}                    one per member, when Open completes
 *   file-close   {file, fh}                                 one per member, when Close completes
 *   file-write   {file, fh, op, ranges, bytes, collective, seq, coll?, loc, h5?}
 *                the data leaves the writer (its call, or the FileOp event of an Iwrite*);
 *                op is the call ("Write_at", "Write_all", "Write_ordered", "Iwrite_at", …);
 *                seq is the writer's ioSeq, the identity of its visibility event; coll is the
 *                collective's sequence number on the file's own context (collective ops only)
 *   file-read    {file, fh, op, ranges, bytes, collective, coll?, loc, h5?}
 *                ranges actually read (cut at end of file), when the data is taken
 *   file-visible {file, fh, writer, seq, op, ranges}         write `writer:seq` became visible to
 *                every rank (its FileOp event, the writer's Sync/Close, Set_size, atomic mode)
 *   file-sync    {file, fh}                                 a member called Sync (after its flush)
 *   file-resize  {file, fh, op: "Set_size"|"Preallocate", size}  one per member
 *   file-delete  {file, op: "Delete"|"Close"}               File.Delete or MODE_DELETE_ON_CLOSE
 * File collectives (Close, Set_view, Sync, Write_all, …) emit `sync` records with kind
 * "File.<call>" and comm = fh; File.Open's is on the communicator. MPI does not make them
 * synchronising in general: Sync–Barrier–Sync, or a Close followed by an Open of the file,
 * orders conflicting accesses of different ranks (MPI 4.1 §14.6.1); a Write_all alone does not.
 */

/**
 * Records of the RMA and I/O subsystems. They share one open shape so those subsystems can add
 * fields without touching this file: `t` names the record, the rest is subsystem-defined but
 * must stay plain JSON data.
 */
export interface SubsystemRecord extends Base {
  t:
    | "win-create"
    | "win-free"
    | "win-attach"
    | "win-detach"
    | "epoch"
    | "rma-issue"
    | "rma-apply"
    | "rma-complete"
    | "lock"
    | "unlock"
    | "file-open"
    | "file-close"
    | "file-write"
    | "file-read"
    | "file-visible"
    | "file-sync"
    | "file-resize"
    | "file-delete"
    | "alloc"
    | "free";
  [field: string]: unknown;
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
  | SubsystemRecord;

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
  const cut = root ? JSON.stringify(root.endsWith(sep) ? root : root + sep).slice(1, -1) : "";
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
