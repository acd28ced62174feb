/**
 * The I/O subsystem's trace records (core/io emits them through IoEngine.emit; the file-conflict,
 * leak and no-progress checkers read them). Ranks are world ranks; `file` is the name as opened
 * (normalised: "./a//b" → "a/b"); `fh` is the stable handle id of one collective Open,
 * `${comm id}.f${k}` (k = the Open's collective sequence number on that communicator), shared by
 * its members; ranges are merged [start, end) absolute file byte ranges, sorted.
 *
 * File collectives (Close, Set_view, Sync, Write_all, …) emit `sync` records with kind
 * "File.<call>" and comm = fh; File.Open's is on the communicator. MPI does not make them
 * synchronising in general: Sync–Barrier–Sync, or a Close followed by an Open of the file,
 * orders conflicting accesses of different ranks (MPI 4.1 §14.6.1); a Write_all alone does not.
 */
import type { SourceLoc } from "../errors.ts";
import type { RecordBase, TraceRecord } from "../trace.ts";

/** One per member, when Open completes. */
export interface FileOpenRecord extends RecordBase {
  t: "file-open";
  file: string;
  fh: string;
  comm: string;
  amode: number;
}

/** file-close: one per member, when Close completes; file-sync: a member called Sync (after its flush). */
export interface FileHandleRecord extends RecordBase {
  t: "file-close" | "file-sync";
  file: string;
  fh: string;
}

/** Plain-JSON fields a layer above MPI-IO adds to its accesses. */
export interface AccessExtra {
  /** the HDF5 dataset the access belongs to ("metadata" for the file's own) */
  h5?: string;
}

interface FileDataRecord extends RecordBase, AccessExtra {
  file: string;
  fh: string;
  /** the call ("Write_at", "Write_all", "Write_ordered", "Iwrite_at", …) */
  op: string;
  ranges: [number, number][];
  bytes: number;
  collective: boolean;
  /** the collective's sequence number on the file's own context (collective ops only) */
  coll?: number;
  loc?: SourceLoc;
}

/** The data leaves the writer (its call, or the FileOp event of an Iwrite*). */
export interface FileWriteRecord extends FileDataRecord {
  t: "file-write";
  /** the writer's ioSeq, the identity of its visibility event */
  seq: number;
}

/** The ranges actually read (cut at end of file), when the data is taken. */
export interface FileReadRecord extends FileDataRecord {
  t: "file-read";
}

/** Write `writer:seq` became visible to every rank (its FileOp event, the writer's Sync/Close, Set_size, atomic mode). */
export interface FileVisibleRecord extends RecordBase {
  t: "file-visible";
  file: string;
  fh: string;
  writer: number;
  seq: number;
  op: string;
  ranges: [number, number][];
}

/** One per member. */
export interface FileResizeRecord extends RecordBase {
  t: "file-resize";
  file: string;
  fh: string;
  op: "Set_size" | "Preallocate";
  size: number;
}

/** File.Delete, or MODE_DELETE_ON_CLOSE at Close. */
export interface FileDeleteRecord extends RecordBase {
  t: "file-delete";
  file: string;
  op: "Delete" | "Close";
}

export type IoRecord =
  | FileOpenRecord
  | FileHandleRecord
  | FileWriteRecord
  | FileReadRecord
  | FileVisibleRecord
  | FileResizeRecord
  | FileDeleteRecord;

/** Is this one of the I/O subsystem's records (its kinds all start with "file-")? */
export function isIoRecord(rec: TraceRecord): rec is IoRecord {
  return rec.t.startsWith("file-");
}
