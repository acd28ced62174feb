/**
 * The MPI-IO subsystem of one world: the file system, the open files, and the consistency model.
 *
 * MPI 4.1 §14.6.1: in the default non-atomic mode a write is guaranteed visible to another
 * process only after the writer's Sync (or Close) and the reader's Sync (or Open) with a
 * barrier between them. We model the writer side: a write lands in its rank's pending queue for
 * the file (visible to that rank at once), and a FileOp event — identity (writer rank, the
 * writer's ioSeq) — may make it globally visible at any later step the scheduler picks; Sync and
 * Close force it. A reader that does not synchronise therefore sees old or new bytes depending on
 * the schedule, as on a real parallel file system. Each rank's writes to one file become visible
 * in program order (only the oldest pending write of a (rank, file) is enabled). In atomic mode
 * (Set_atomicity(true)) a write is visible when the call returns.
 */
import type { ErrorClass, SourceLoc } from "../errors.ts";
import { formatRange } from "../errors.ts";
import { EventKind, SimEvent, type EventOwner } from "../events.ts";
import type { CommContext } from "../context.ts";
import { TouchMode, type Subsystem, type Touch, type World } from "../world.ts";
import { EVERYTHING } from "../footprint-decl.ts";
import { MemoryFileSystem, type FileSystem } from "./fs.ts";
import { TouchingFileSystem } from "./touching-fs.ts";
import { IoError } from "./names.ts";
import type { AccessExtra, IoRecord } from "./records.ts";
import type { RecordFields } from "../trace.ts";

/** A write not yet visible to other ranks. */
export interface PendingWrite {
  rank: number;
  seq: number;
  file: SharedFile;
  open: OpenFile;
  /** flat sorted disjoint [start, end, …] absolute file byte ranges */
  ranges: number[];
  /** the bytes, concatenated in range order */
  data: Uint8Array;
  op: string;
  event: SimEvent;
}

/** A nonblocking operation waiting for the scheduler to carry it out. */
interface DeferredOp {
  rank: number;
  call: string;
  run: () => void;
}

/** Everything about one file name that outlives a single open: pending writes and live opens. */
export class SharedFile {
  /** per world rank: writes not yet visible, oldest first */
  readonly pending = new Map<number, PendingWrite[]>();
  readonly opens = new Set<OpenFile>();
  constructor(readonly name: string) {}
}

/**
 * One collective open (one MPI file handle, shared by the handles of its members): the private
 * collective context of file calls, the shared file pointer, the atomicity flag.
 */
export class OpenFile {
  /** shared file pointer, in etypes of the current view */
  sharedPos = 0;
  atomic = false;
  /** members (local ranks) whose Close has completed */
  readonly closed: Uint8Array;
  constructor(
    /** stable handle id: `${comm id}.f${collective seq of the Open}` */
    readonly id: string,
    readonly file: SharedFile,
    readonly amode: number,
    /** the communicator Open was called on (its id) */
    readonly comm: string,
    /** file collectives (Close, Set_view, Write_all…) meet here, not on the communicator */
    readonly ctx: CommContext,
    /** position of the pointers right after Open (end of file with MODE_APPEND) */
    readonly initialPos: number,
  ) {
    this.closed = new Uint8Array(ctx.size);
  }

  get name(): string {
    return this.file.name;
  }
}

/** Fields common to the file-read / file-write records. */
export interface AccessInfo {
  op: string;
  collective: boolean;
  loc: SourceLoc | undefined;
  /** sequence number of the collective call on the file's context, for collective accesses */
  coll?: number;
  /** extra plain-JSON fields (e.g. the HDF5 dataset a write belongs to) */
  extra?: AccessExtra;
}

function jsonRanges(flat: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

function rangesEnd(flat: number[]): number {
  return flat.length ? flat[flat.length - 1] : 0;
}

export class IoEngine implements EventOwner, Subsystem {
  private touching!: TouchingFileSystem;
  private readonly files = new Map<string, SharedFile>();
  /** names this run opened, created or deleted (RunResult.files lists those that exist at the end) */
  readonly touched = new Set<string>();
  /** every open made so far (for leak reports by tools) */
  readonly opens: OpenFile[] = [];

  constructor(readonly world: World) {
    this.fs = new MemoryFileSystem();
  }

  /** The file system; every access while an event fires is part of its footprint (touching-fs.ts). */
  get fs(): FileSystem {
    return this.touching;
  }
  set fs(fs: FileSystem) {
    this.touching = new TouchingFileSystem(fs, this.world);
  }

  static of(world: World): IoEngine {
    return world.sub("io", () => new IoEngine(world));
  }

  /** The engine if a program used I/O or a harness configured it. */
  static peek(world: World): IoEngine | undefined {
    return world.subsystems.get("io") as IoEngine | undefined;
  }

  file(name: string): SharedFile {
    let f = this.files.get(name);
    if (!f) {
      f = new SharedFile(name);
      this.files.set(name, f);
    }
    return f;
  }

  isOpen(name: string): boolean {
    this.touchOpens(name, TouchMode.Read);
    return (this.files.get(name)?.opens.size ?? 0) > 0;
  }

  /** The footprint of asking whether `name` is open (read) or opening / closing it (write). */
  touchOpens(name: string, mode: TouchMode): void {
    if (this.world.footprint !== null) this.world.touch(`fopen:${name}`, mode);
  }

  /**
   * What a collective file call's compute may touch (CollectiveSpec.effects): the file's bytes,
   * size and open table, the handle's shared pointer, and every member's queue of pending writes.
   */
  collectiveEffects(name: string, open?: OpenFile, members: readonly number[] = []): Touch[] {
    const all = (obj: string): Touch => ({ obj, mode: TouchMode.Write, lo: 0, hi: Infinity });
    return [all(`file:${name}`), all(`fsize:${name}`), all(`fopen:${name}`), ...(open ? [all(`fptr:${open.id}`)] : []), ...members.map((r) => all(`fq:${name}:${r}`))];
  }

  /** The footprint of reading (or moving) an open file's shared file pointer. */
  touchPointer(open: OpenFile, mode: TouchMode): void {
    if (this.world.footprint !== null) this.world.touch(`fptr:${open.id}`, mode);
  }

  // ------------------------------------------------------------ records

  emit(rec: RecordFields<IoRecord>): void {
    const w = this.world;
    if (!w.recording) return;
    w.emit({ step: w.step, time: w.now(rec.rank), ...rec });
  }

  // ------------------------------------------------------------ data

  /**
   * `rank` writes `data` at `ranges` of the open file. Non-atomic: pending until its visibility
   * event fires or the rank syncs/closes; atomic: visible now.
   */
  write(rank: number, open: OpenFile, ranges: number[], data: Uint8Array, info: AccessInfo): void {
    const st = this.world.ranks[rank];
    const seq = st.ioSeq++;
    this.emit({
      t: "file-write", rank, file: open.name, fh: open.id, op: info.op, ranges: jsonRanges(ranges), bytes: data.length,
      collective: info.collective, seq, ...(info.coll !== undefined ? { coll: info.coll } : {}), loc: info.loc, ...info.extra,
    });
    if (data.length === 0) return;
    const pw: PendingWrite = { rank, seq, file: open.file, open, ranges, data, op: info.op, event: null as unknown as SimEvent };
    if (open.atomic) {
      this.apply(pw);
      return;
    }
    pw.event = new SimEvent(EventKind.FileOp, rank, seq, this, pw);
    let q = open.file.pending.get(rank);
    if (!q) {
      q = [];
      open.file.pending.set(rank, q);
    }
    q.push(pw);
    if (q.length === 1) this.world.enabled.add(pw.event);
  }

  /**
   * What `rank` reads at `ranges`: the visible file overlaid with its own pending writes, cut at
   * the end of file as this rank sees it (a short read, MPI 4.1 §14.4.1).
   */
  read(rank: number, open: OpenFile, ranges: number[], info: AccessInfo): Uint8Array {
    try {
      return this.readNow(rank, open, ranges, info);
    } catch (e) {
      // The file changed under us (a real directory edited during the run): the reader's error.
      if (!(e instanceof IoError)) throw e;
      throw this.world.errorFor(rank, e.errorClass, e.message, `File.${info.op}`, info.loc);
    }
  }

  private readNow(rank: number, open: OpenFile, ranges: number[], info: AccessInfo): Uint8Array {
    const file = open.file;
    const size = this.visibleSize(rank, file);
    // Keep the prefix of the ranges below end of file.
    let total = 0;
    const cut: number[] = [];
    for (let i = 0; i < ranges.length; i += 2) {
      const s = ranges[i];
      if (s >= size) break;
      const e = Math.min(ranges[i + 1], size);
      cut.push(s, e);
      total += e - s;
      if (e < ranges[i + 1]) break;
    }
    const out = new Uint8Array(total);
    const exists = this.fs.exists(file.name);
    let pos = 0;
    for (let i = 0; i < cut.length; i += 2) {
      const n = cut[i + 1] - cut[i];
      if (exists) this.fs.read(file.name, cut[i], out.subarray(pos, pos + n));
      pos += n;
    }
    for (const pw of file.pending.get(rank) ?? []) overlay(out, cut, pw.data, pw.ranges);
    this.emit({
      t: "file-read", rank, file: open.name, fh: open.id, op: info.op, ranges: jsonRanges(cut), bytes: total,
      collective: info.collective, ...(info.coll !== undefined ? { coll: info.coll } : {}), loc: info.loc, ...info.extra,
    });
    return out;
  }

  /** The file size `rank` sees: the visible size, or further if its own pending writes extend it. */
  visibleSize(rank: number, file: SharedFile): number {
    let size = this.fs.exists(file.name) ? this.fs.size(file.name) : 0;
    for (const pw of file.pending.get(rank) ?? []) size = Math.max(size, rangesEnd(pw.ranges));
    return size;
  }

  /** Make every pending write of `rank` on the file visible (Sync, Close, Set_size…), oldest first. */
  flushRank(rank: number, file: SharedFile): void {
    // Whether or not anything is pending: flushing disables the visibility event it would race with.
    if (this.world.footprint !== null) this.world.touch(`fq:${file.name}:${rank}`, TouchMode.Write);
    const q = file.pending.get(rank);
    while (q && q.length) this.flushHead(q);
  }

  /** Flush the pending writes of the given ranks, in rank order (deterministic). */
  flushRanks(ranks: readonly number[], file: SharedFile): void {
    for (const r of [...ranks].sort((a, b) => a - b)) this.flushRank(r, file);
  }

  private flushHead(q: PendingWrite[]): void {
    const pw = q.shift()!;
    this.world.enabled.remove(pw.event);
    this.apply(pw);
    if (q.length) this.world.enabled.add(q[0].event);
  }

  private apply(pw: PendingWrite): void {
    const name = pw.file.name;
    try {
      if (!this.fs.exists(name)) this.fs.create(name);
      let pos = 0;
      for (let i = 0; i < pw.ranges.length; i += 2) {
        const n = pw.ranges[i + 1] - pw.ranges[i];
        this.fs.write(name, pw.ranges[i], pw.data.subarray(pos, pos + n));
        pos += n;
      }
    } catch (e) {
      if (!(e instanceof IoError)) throw e;
      this.world.errorFor(pw.rank, e.errorClass, e.message, pw.op, undefined);
    }
    this.emit({ t: "file-visible", rank: pw.rank, file: name, fh: pw.open.id, writer: pw.rank, seq: pw.seq, op: pw.op, ranges: jsonRanges(pw.ranges) });
  }

  /** Carry out `run` at a step of the scheduler's choosing (nonblocking I/O). */
  defer(rank: number, call: string, run: () => void): void {
    const seq = this.world.ranks[rank].ioSeq++;
    this.world.enabled.add(new SimEvent(EventKind.FileOp, rank, seq, this, { rank, call, run } satisfies DeferredOp));
  }

  // ------------------------------------------------------------ EventOwner

  /**
   * A write becoming visible takes the head of its rank's queue for the file (which a flush of that
   * queue conflicts with, and the rank queuing more writes commutes with); its bytes are touched
   * as it writes them (touching-fs.ts). A deferred nonblocking operation may do anything.
   */
  touches(ev: SimEvent): Touch[] {
    const d = ev.data as PendingWrite | DeferredOp;
    if ("run" in d) return [EVERYTHING];
    return [{ obj: `fq:${d.file.name}:${d.rank}`, mode: TouchMode.Add, lo: 0, hi: Infinity }];
  }

  fire(ev: SimEvent): void {
    const d = ev.data as PendingWrite | DeferredOp;
    if ("run" in d) {
      d.run();
      return;
    }
    const q = d.file.pending.get(d.rank);
    if (!q || q[0] !== d) return;
    this.flushHead(q);
  }

  describe(ev: SimEvent): string {
    const d = ev.data as PendingWrite | DeferredOp;
    if ("run" in d) return `carry out ${d.call} of rank ${d.rank}`;
    return `make ${d.op} of rank ${d.rank} on ${d.file.name} visible (bytes ${formatRange(d.ranges[0], rangesEnd(d.ranges))})`;
  }

  // ------------------------------------------------------------ end of run

  /** At the end of a run, writes nobody synchronised land in (rank, program) order, so the final bytes are deterministic. */
  finish(): void {
    for (const f of [...this.files.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      this.flushRanks([...f.pending.keys()], f);
    }
  }

  /** Bytes of every file this run touched that exists now, by name (sorted). */
  snapshot(): Record<string, Uint8Array> {
    const out: Record<string, Uint8Array> = {};
    for (const name of [...this.touched].sort()) {
      try {
        if (this.fs.exists(name)) out[name] = this.fs.readAll(name);
      } catch {
        // escaped or vanished since: nothing to report
      }
    }
    return out;
  }
}

/** Copy the bytes of a write (data at wRanges) that fall inside the read ranges into out. Both sorted. */
function overlay(out: Uint8Array, rRanges: number[], wData: Uint8Array, wRanges: number[]): void {
  if (!disjoint(rRanges)) {
    // A read-only view whose filetype overlaps itself (MPI 4.1 §14.3): read ranges repeat bytes,
    // so each one is overlaid on its own.
    let pos = 0;
    for (let i = 0; i < rRanges.length; i += 2) {
      overlay(out.subarray(pos, pos + rRanges[i + 1] - rRanges[i]), [rRanges[i], rRanges[i + 1]], wData, wRanges);
      pos += rRanges[i + 1] - rRanges[i];
    }
    return;
  }
  let i = 0;
  let rPos = 0;
  let j = 0;
  let wPos = 0;
  while (i < rRanges.length && j < wRanges.length) {
    const rs = rRanges[i], re = rRanges[i + 1];
    const ws = wRanges[j], we = wRanges[j + 1];
    const s = Math.max(rs, ws);
    const e = Math.min(re, we);
    if (s < e) out.set(wData.subarray(wPos + (s - ws), wPos + (e - ws)), rPos + (s - rs));
    if (re <= we) {
      rPos += re - rs;
      i += 2;
    } else {
      wPos += we - ws;
      j += 2;
    }
  }
}

function disjoint(flat: number[]): boolean {
  for (let i = 2; i < flat.length; i += 2) if (flat[i] < flat[i - 1]) return false;
  return true;
}

/** Turn a file system refusal into the error class and message the File layer raises. */
export function ioErrorOf(e: unknown): { errorClass: ErrorClass; message: string } | null {
  return e instanceof IoError ? { errorClass: e.errorClass, message: e.message } : null;
}
