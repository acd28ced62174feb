/**
 * mpi4py's MPI.File: one handle per member rank of a collective Open. The handle keeps what is
 * per process in MPI (the view and the individual file pointer); the OpenFile it points to keeps
 * what the group shares (shared pointer, atomicity, the collective context of file calls).
 *
 * Scheduling points (awaited): Open, Close, Delete, Set_view, Sync, Set_size, Preallocate,
 * Set_atomicity, Seek_shared and every blocking read/write. Local: the getters, Seek, and the
 * nonblocking I* calls, which return a Request.
 */
import { enterOwned, kw, show } from "../args.ts";
import { CommBase } from "../comm-base.ts";
import { joinCollective, type CollectiveSpec } from "../collective.ts";
import { CommContext } from "../context.ts";
import { Info, INFO_NULL } from "../constants.ts";
import { MPIException, type ErrorClass } from "../errors.ts";
import { Group } from "../group.ts";
import { currentCallLoc } from "../instrument-runtime.ts";
import type { Request } from "../request.ts";
import type { Status } from "../status.ts";
import { BYTE, Datatype, resolveBuffer, type ResolvedBuffer } from "../datatype/index.ts";
import { TouchMode, type RankState, type World } from "../world.ts";
import { collective, independent, nonblocking, ordered, plan, type AccessKind } from "./access.ts";
import {
  DISPLACEMENT_CURRENT, MODE_APPEND, MODE_CREATE, MODE_DELETE_ON_CLOSE, MODE_EXCL, MODE_RDONLY, MODE_SEQUENTIAL,
  MODE_UNIQUE_OPEN, MODE_WRONLY, SEEK_CUR, SEEK_END, SEEK_SET, amodeName, amodeProblem,
} from "./constants.ts";
import { IoEngine, OpenFile, ioErrorOf } from "./engine.ts";
import { IoError, normalizeName } from "./names.ts";
import { FileView } from "./view.ts";

type Where = { at: number } | "individual" | "shared";

export class File {
  /** @internal the world whose ranks this class's static calls (Delete) belong to; set on the per-world subclass */
  static boundWorld: World | null = null;

  /** @internal the current view (per process) */
  view: FileView = FileView.DEFAULT;
  /** @internal the individual file pointer, in etypes of the view */
  pos: number;
  /** @internal Close was called */
  closed = false;
  /** @internal nonblocking requests started on this handle */
  outstanding: Request[] = [];
  /** @internal */
  readonly engine: IoEngine;

  /** @internal handles are made by File.Open */
  constructor(
    readonly world: World,
    readonly open: OpenFile,
    /** world rank of the member owning this handle */
    readonly owner: number,
  ) {
    this.engine = IoEngine.of(world);
    this.pos = open.initialPos;
  }

  // ------------------------------------------------------------ Open, Delete, Close

  /** MPI_File_open (collective over comm): `File.Open(comm, filename, amode=MODE_RDONLY, info=INFO_NULL)`. */
  static Open(comm: CommBase, filename: string, ...rest: unknown[]): Promise<File> {
    const call = "File.Open";
    if (!(comm instanceof CommBase)) {
      const msg = `File.Open needs a communicator, got ${show(comm)}`;
      throw this.boundWorld ? this.boundWorld.error("ERR_COMM", msg, call) : new MPIException("ERR_COMM", msg, call);
    }
    const world = comm.world;
    const st = enterOwned(world, comm.owner, call, "communicator handle", "ERR_COMM");
    if (comm.freed) throw world.error("ERR_COMM", `communicator ${comm.ctx.name} was freed`, call);
    const a = kw(rest, ["amode", "info"], { amode: MODE_RDONLY as number, info: INFO_NULL as unknown });
    const problem = amodeProblem(a.amode);
    if (problem) throw world.error("ERR_AMODE", problem, call);
    const name = checkedName(world, filename, call);
    const engine = IoEngine.of(world);
    const ctx = comm.ctx;
    const seq = ctx.collSeq[ctx.localRank(st.rank)];
    const loc = currentCallLoc();
    const Cls = fileClassFor(world);
    let req!: Request;
    const spec: CollectiveSpec<number, OpenFile | { errorClass: ErrorClass; message: string }> = {
      kind: "File.Open",
      sig: `${JSON.stringify(name)} amode=${amodeName(a.amode)}`,
      contrib: st.rank,
      compute: () => openFile(engine, ctx, name, a.amode, seq),
      deliver: (res, r) => {
        if (!(res instanceof OpenFile)) {
          r.error = world.errorFor(r.rank, res.errorClass, res.message, call, loc);
          return;
        }
        r.result = new Cls(world, res, r.rank);
        engine.emit({ t: "file-open", rank: r.rank, file: res.name, fh: res.id, comm: ctx.id, amode: res.amode });
      },
    };
    return world.block<File>(
      {
        call,
        ready: () => req.done,
        complete: () => {
          req.consume();
          return req.result as File;
        },
        waitsFor: () => (req as Request & { peers?: () => number[] }).peers?.() ?? [],
      },
      `filename=${JSON.stringify(name)} amode=${amodeName(a.amode)}`,
      { comm: ctx.id },
      () => {
        req = joinCollective(world, ctx, { ...spec, effects: () => engine.collectiveEffects(name) }, call);
      },
    );
  }

  /** MPI_File_delete (not collective): `File.Delete(filename, info=INFO_NULL)`. */
  static Delete(filename: string, ..._rest: unknown[]): Promise<void> {
    const call = "File.Delete";
    const world = this.boundWorld;
    if (!world) throw new MPIException("ERR_OTHER", "call File.Delete through the rank's namespace (MPI.File.Delete)", call);
    world.caller(call);
    const name = checkedName(world, filename, call);
    const engine = IoEngine.of(world);
    try {
      if (!engine.fs.exists(name)) throw new IoError("ERR_NO_SUCH_FILE", `no file ${JSON.stringify(name)} in ${engine.fs.label}`);
      if (engine.isOpen(name)) throw new IoError("ERR_FILE_IN_USE", `${JSON.stringify(name)} is open; Close every handle before deleting it`);
      if (engine.fs.isReadOnly(name)) throw new IoError("ERR_READ_ONLY", `${JSON.stringify(name)} is read-only`);
    } catch (e) {
      throw raise(world, e, call);
    }
    return world.block<void>({ call, ready: () => true, complete: () => undefined }, `filename=${JSON.stringify(name)}`, undefined, () => {
      try {
        engine.fs.remove(name);
      } catch (e) {
        throw raise(world, e, call);
      }
      engine.touched.add(name);
      engine.emit({ t: "file-delete", rank: world.current, file: name, op: "Delete" });
    });
  }

  /** MPI_File_close (collective): pending writes become visible; DELETE_ON_CLOSE deletes the file. */
  Close(): Promise<void> {
    const call = "File.Close";
    this.enter(call);
    const active = this.outstanding.filter((r) => !r.done).length;
    if (active) throw this.world.error("ERR_PENDING", `Close with ${active} nonblocking operation(s) still active on ${this.open.name}; Wait for them first (MPI 4.1 §14.2.2)`, call);
    this.closed = true;
    const open = this.open;
    const engine = this.engine;
    return this.collectiveCall<null>(call, {
      kind: call,
      contrib: null,
      compute: () => {
        engine.flushRanks(open.ctx.group, open.file);
        engine.touchOpens(open.name, TouchMode.Write);
        open.file.opens.delete(open);
        if (open.amode & MODE_DELETE_ON_CLOSE) {
          try {
            if (engine.fs.exists(open.name)) engine.fs.remove(open.name);
          } catch {
            // MPI 4.1 §14.2.2: a failed delete-on-close is not an error of Close
          }
          engine.emit({ t: "file-delete", rank: this.world.current, file: open.name, op: "Close" });
        }
        return null;
      },
      deliver: (_r, req) => {
        open.closed[open.ctx.localRank(req.rank)] = 1;
        engine.emit({ t: "file-close", rank: req.rank, file: open.name, fh: open.id });
      },
    }, "");
  }

  // ------------------------------------------------------------ views and pointers

  /** MPI_File_set_view (collective): `Set_view(disp=0, etype=None, filetype=None, datarep="native", info=INFO_NULL)`. */
  Set_view(...args: unknown[]): Promise<void> {
    const call = "File.Set_view";
    this.enter(call);
    const a = kw(args, ["disp", "etype", "filetype", "datarep", "info"], {
      disp: 0 as number, etype: null as Datatype | null, filetype: null as Datatype | null, datarep: "native" as string, info: INFO_NULL as unknown,
    });
    if (a.datarep !== "native") {
      throw this.world.error("ERR_UNSUPPORTED_DATAREP", `datarep ${JSON.stringify(a.datarep)} is not supported; mpisim writes "native" (little-endian, as on x86-64)`, call);
    }
    const etype = a.etype ?? BYTE;
    const filetype = a.filetype ?? etype;
    let disp = a.disp;
    if (disp === DISPLACEMENT_CURRENT) {
      if (!(this.open.amode & MODE_SEQUENTIAL)) throw this.world.error("ERR_ARG", "DISPLACEMENT_CURRENT is only valid for files opened with MODE_SEQUENTIAL", call);
      this.engine.touchPointer(this.open, TouchMode.Read);
      disp = this.view.byteOf(this.open.sharedPos * this.view.etype.size);
    }
    let view: FileView;
    try {
      view = FileView.make(disp, etype, filetype, call, (this.open.amode & MODE_RDONLY) === 0);
    } catch (e) {
      throw this.world.adopt(e);
    }
    const open = this.open;
    return this.collectiveCall<null>(call, {
      kind: call,
      sig: `etype size ${etype.size}, datarep native`,
      contrib: null,
      compute: () => {
        this.engine.touchPointer(open, TouchMode.Write);
        open.sharedPos = 0;
        return null;
      },
    }, `disp=${disp} etype=${etype.describe()} filetype=${filetype.describe()}`, () => {
      this.view = view;
      this.pos = 0;
    });
  }

  /** mpi4py: (disp, etype, filetype, datarep) */
  Get_view(): [number, Datatype, Datatype, string] {
    this.enter("File.Get_view");
    return [this.view.disp, this.view.etype, this.view.filetype, "native"];
  }

  /** MPI_File_seek (local): `Seek(offset, whence=SEEK_SET)`, offset in etypes. */
  Seek(offset: number, ...rest: unknown[]): void {
    const call = "File.Seek";
    const st = this.enter(call);
    this.notSequential(call);
    const { whence } = kw(rest, ["whence"], { whence: SEEK_SET as number });
    const target = this.seekTarget(st.rank, this.pos, offset, whence, call);
    this.world.localCall(call, `offset=${offset} whence=${whence}`, { comm: this.open.id });
    this.pos = target;
  }

  /** MPI_File_seek_shared (collective; every member passes the same offset and whence). */
  Seek_shared(offset: number, ...rest: unknown[]): Promise<void> {
    const call = "File.Seek_shared";
    const st = this.enter(call);
    const { whence } = kw(rest, ["whence"], { whence: SEEK_SET as number });
    this.engine.touchPointer(this.open, TouchMode.Read);
    const target = this.seekTarget(st.rank, this.open.sharedPos, offset, whence, call);
    const open = this.open;
    return this.collectiveCall<null>(call, {
      kind: call,
      sig: `offset ${offset} whence ${whence}`,
      contrib: null,
      compute: () => {
        this.engine.touchPointer(open, TouchMode.Write);
        open.sharedPos = target;
        return null;
      },
    }, `offset=${offset} whence=${whence}`);
  }

  private seekTarget(rank: number, current: number, offset: number, whence: unknown, call: string): number {
    if (typeof offset !== "number" || !Number.isSafeInteger(offset)) throw this.world.error("ERR_ARG", `offset must be an integer, got ${show(offset)}`, call);
    let base: number;
    if (whence === SEEK_SET) base = 0;
    else if (whence === SEEK_CUR) base = current;
    else if (whence === SEEK_END) base = Math.floor(this.view.bytesBelow(this.engine.visibleSize(rank, this.open.file)) / this.view.etype.size);
    else throw this.world.error("ERR_ARG", `whence must be SEEK_SET, SEEK_CUR or SEEK_END, got ${show(whence)}`, call);
    const target = base + offset;
    if (target < 0) throw this.world.error("ERR_ARG", `seeking to ${target} etypes: a file pointer cannot be negative`, call);
    return target;
  }

  /** The individual pointer, in etypes of the view. */
  Get_position(): number {
    this.enter("File.Get_position");
    this.notSequential("File.Get_position");
    return this.pos;
  }

  /** The shared pointer, in etypes of the view. */
  Get_position_shared(): number {
    this.enter("File.Get_position_shared");
    this.engine.touchPointer(this.open, TouchMode.Read);
    return this.open.sharedPos;
  }

  /** MPI_File_get_byte_offset: the absolute byte of view position `offset` (in etypes). */
  Get_byte_offset(offset: number): number {
    const call = "File.Get_byte_offset";
    this.enter(call);
    return this.view.byteOf(this.offset(offset, call) * this.view.etype.size);
  }

  // ------------------------------------------------------------ size, sync, atomicity

  /** Current size in bytes, as this process sees it (its own pending writes included). */
  Get_size(): number {
    const st = this.enter("File.Get_size");
    return this.engine.visibleSize(st.rank, this.open.file);
  }
  get size(): number {
    return this.Get_size();
  }

  /** MPI_File_set_size (collective): truncate or extend with zeros. */
  Set_size(size: number): Promise<void> {
    return this.resize("File.Set_size", size, false);
  }

  /** MPI_File_preallocate (collective): make the file at least `size` bytes. */
  Preallocate(size: number): Promise<void> {
    return this.resize("File.Preallocate", size, true);
  }

  private resize(call: "File.Set_size" | "File.Preallocate", size: number, growOnly: boolean): Promise<void> {
    this.enter(call);
    this.canWrite(call);
    if (this.open.amode & MODE_SEQUENTIAL) throw this.world.error("ERR_AMODE", `${call} is erroneous on a file opened with MODE_SEQUENTIAL`, call);
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) throw this.world.error("ERR_ARG", `size must be a non-negative integer, got ${show(size)}`, call);
    const open = this.open;
    const engine = this.engine;
    const op = call === "File.Preallocate" ? "Preallocate" : "Set_size";
    return this.collectiveCall<{ errorClass: ErrorClass; message: string } | null>(call, {
      kind: call,
      sig: `size ${size}`,
      contrib: null,
      compute: () => {
        engine.flushRanks(open.ctx.group, open.file);
        try {
          if (!engine.fs.exists(open.name)) engine.fs.create(open.name);
          if (!growOnly || engine.fs.size(open.name) < size) engine.fs.truncate(open.name, size);
        } catch (e) {
          const io = ioErrorOf(e);
          if (!io) throw e;
          return io;
        }
        return null;
      },
      deliver: (res, req) => {
        if (res) req.error = this.world.errorFor(req.rank, res.errorClass, res.message, call, undefined);
        else engine.emit({ t: "file-resize", rank: req.rank, file: open.name, fh: open.id, op, size });
      },
    }, `size=${size}`);
  }

  /** MPI_File_sync (collective): this process's writes become visible (MPI 4.1 §14.6.1). */
  Sync(): Promise<void> {
    const call = "File.Sync";
    const st = this.enter(call);
    const open = this.open;
    return this.collectiveCall<null>(call, { kind: call, contrib: null, compute: () => null }, "", undefined, () => {
      this.engine.flushRank(st.rank, open.file);
      this.engine.emit({ t: "file-sync", rank: st.rank, file: open.name, fh: open.id });
    });
  }

  /** MPI_File_set_atomicity (collective). */
  Set_atomicity(flag: boolean): Promise<void> {
    const call = "File.Set_atomicity";
    const st = this.enter(call);
    const open = this.open;
    const on = !!flag;
    return this.collectiveCall<null>(call, {
      kind: call,
      sig: `flag ${on}`,
      contrib: null,
      compute: () => {
        open.atomic = on;
        return null;
      },
    }, `flag=${on}`, undefined, () => this.engine.flushRank(st.rank, open.file));
  }

  Get_atomicity(): boolean {
    this.enter("File.Get_atomicity");
    return this.open.atomic;
  }
  get atomicity(): boolean {
    return this.Get_atomicity();
  }

  Get_amode(): number {
    this.enter("File.Get_amode");
    return this.open.amode;
  }
  get amode(): number {
    return this.Get_amode();
  }

  Get_group(): Group {
    this.enter("File.Get_group");
    return new Group(this.open.ctx.group, this.owner);
  }
  get group(): Group {
    return this.Get_group();
  }

  Get_info(): Info {
    this.enter("File.Get_info");
    return new Info();
  }

  /** Extent of a datatype in the file ("native": its memory extent). */
  Get_type_extent(datatype: Datatype): number {
    this.enter("File.Get_type_extent");
    return datatype.extent;
  }

  // ------------------------------------------------------------ data access

  Read_at(offset: number, buf: unknown, ...rest: unknown[]): Promise<void> {
    return independent(this.at("File.Read_at", "Read_at", "read", offset, buf, rest));
  }
  Write_at(offset: number, buf: unknown, ...rest: unknown[]): Promise<void> {
    return independent(this.at("File.Write_at", "Write_at", "write", offset, buf, rest));
  }
  Read_at_all(offset: number, buf: unknown, ...rest: unknown[]): Promise<void> {
    return collective(this.at("File.Read_at_all", "Read_at_all", "read", offset, buf, rest));
  }
  Write_at_all(offset: number, buf: unknown, ...rest: unknown[]): Promise<void> {
    return collective(this.at("File.Write_at_all", "Write_at_all", "write", offset, buf, rest));
  }
  Read(buf: unknown, ...rest: unknown[]): Promise<void> {
    return independent(this.via("File.Read", "Read", "read", "individual", buf, rest));
  }
  Write(buf: unknown, ...rest: unknown[]): Promise<void> {
    return independent(this.via("File.Write", "Write", "write", "individual", buf, rest));
  }
  Read_all(buf: unknown, ...rest: unknown[]): Promise<void> {
    return collective(this.via("File.Read_all", "Read_all", "read", "individual", buf, rest));
  }
  Write_all(buf: unknown, ...rest: unknown[]): Promise<void> {
    return collective(this.via("File.Write_all", "Write_all", "write", "individual", buf, rest));
  }
  Read_shared(buf: unknown, ...rest: unknown[]): Promise<void> {
    return independent(this.via("File.Read_shared", "Read_shared", "read", "shared", buf, rest));
  }
  Write_shared(buf: unknown, ...rest: unknown[]): Promise<void> {
    return independent(this.via("File.Write_shared", "Write_shared", "write", "shared", buf, rest));
  }
  Read_ordered(buf: unknown, ...rest: unknown[]): Promise<void> {
    return this.orderedCall("File.Read_ordered", "Read_ordered", "read", buf, rest);
  }
  Write_ordered(buf: unknown, ...rest: unknown[]): Promise<void> {
    return this.orderedCall("File.Write_ordered", "Write_ordered", "write", buf, rest);
  }
  Iread_at(offset: number, buf: unknown): Request {
    return nonblocking(this.at("File.Iread_at", "Iread_at", "read", offset, buf, []));
  }
  Iwrite_at(offset: number, buf: unknown): Request {
    return nonblocking(this.at("File.Iwrite_at", "Iwrite_at", "write", offset, buf, []));
  }
  Iread(buf: unknown): Request {
    return nonblocking(this.via("File.Iread", "Iread", "read", "individual", buf, [], true));
  }
  Iwrite(buf: unknown): Request {
    return nonblocking(this.via("File.Iwrite", "Iwrite", "write", "individual", buf, [], true));
  }
  Iread_shared(buf: unknown): Request {
    return nonblocking(this.via("File.Iread_shared", "Iread_shared", "read", "shared", buf, [], true));
  }
  Iwrite_shared(buf: unknown): Request {
    return nonblocking(this.via("File.Iwrite_shared", "Iwrite_shared", "write", "shared", buf, [], true));
  }

  /** An explicit-offset access (offset in etypes of the view). */
  private at(call: string, op: string, kind: AccessKind, offset: number, buf: unknown, rest: unknown[]) {
    this.prepare(call, kind, false);
    const o = this.offset(offset, call);
    const b = this.buffer(buf, call);
    const { status } = kw(rest, ["status"], { status: null as Status | null });
    return plan(this, call, op, kind, b, this.view, o * this.view.etype.size, status);
  }

  /**
   * An access through the individual or the shared pointer. Nonblocking ones (and all writes)
   * move the pointer by the amount requested at the call; blocking reads by the amount read.
   */
  private via(call: string, op: string, kind: AccessKind, where: Where, buf: unknown, rest: unknown[], nb = false) {
    this.prepare(call, kind, where === "shared");
    const b = this.buffer(buf, call);
    const { status } = kw(rest, ["status"], { status: null as Status | null });
    const et = this.view.etype.size;
    const n = b.count * b.datatype.size;
    let start: number;
    if (where === "shared") {
      this.engine.touchPointer(this.open, TouchMode.Write);
      start = this.open.sharedPos;
      this.open.sharedPos += n / et;
    } else start = this.pos;
    const a = plan(this, call, op, kind, b, this.view, start * et, status);
    if (where === "individual") {
      if (kind === "write" || nb) this.pos = start + n / et;
      else a.done = (bytes) => (this.pos = start + Math.floor(bytes / et));
    }
    return a;
  }

  private orderedCall(call: string, op: string, kind: AccessKind, buf: unknown, rest: unknown[]): Promise<void> {
    this.prepare(call, kind, true);
    const b = this.buffer(buf, call);
    const { status } = kw(rest, ["status"], { status: null as Status | null });
    const n = b.count * b.datatype.size;
    return ordered({ fh: this, call, op, kind, b, n, status, loc: currentCallLoc(), args: `count=${b.count} ${b.datatype.describe()}` }, this.view);
  }

  // ------------------------------------------------------------ checks

  /** The calling rank must own this open handle. */
  private enter(call: string): RankState {
    const st = enterOwned(this.world, this.owner, call, "file handle", "ERR_FILE");
    if (this.closed) throw this.world.error("ERR_FILE", `file handle ${this.open.id} on ${JSON.stringify(this.open.name)} is closed`, call);
    return st;
  }

  private prepare(call: string, kind: AccessKind, sharedPointer: boolean): void {
    this.enter(call);
    if (kind === "write") this.canWrite(call);
    else if (this.open.amode & MODE_WRONLY) throw this.world.error("ERR_ACCESS", `${call} on ${JSON.stringify(this.open.name)}, which was opened write-only (MODE_WRONLY)`, call);
    if (!sharedPointer) this.notSequential(call);
  }

  private canWrite(call: string): void {
    if (this.open.amode & MODE_RDONLY) throw this.world.error("ERR_ACCESS", `${call} on ${JSON.stringify(this.open.name)}, which was opened read-only (MODE_RDONLY)`, call);
  }

  private notSequential(call: string): void {
    if (this.open.amode & MODE_SEQUENTIAL) {
      throw this.world.error("ERR_AMODE", `${call} needs explicit offsets or the individual file pointer, which a file opened with MODE_SEQUENTIAL does not have (use the shared-pointer calls)`, call);
    }
  }

  private offset(o: unknown, call: string): number {
    const v = typeof o === "bigint" ? Number(o) : o;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw this.world.error("ERR_ARG", `offset must be a non-negative integer (in etypes), got ${show(o)}`, call);
    return v;
  }

  private buffer(buf: unknown, call: string): ResolvedBuffer {
    let b: ResolvedBuffer;
    try {
      b = resolveBuffer(buf, call);
    } catch (e) {
      throw this.world.adopt(e);
    }
    const et = this.view.etype;
    if ((b.count * b.datatype.size) % et.size !== 0) {
      throw this.world.error("ERR_TYPE", `${b.count} × ${b.datatype.describe()} (${b.count * b.datatype.size} bytes) is not a whole number of etypes ${et.describe()} (${et.size} bytes each)`, call);
    }
    return b;
  }

  /** A collective call on the file's own context, blocking until every member has made it. */
  private collectiveCall<R>(call: string, spec: CollectiveSpec<null, R>, args: string, onComplete?: () => void, before?: () => void): Promise<void> {
    let req!: Request;
    return this.world.block<void>(
      {
        call,
        ready: () => req.done,
        complete: () => {
          req.consume();
          onComplete?.();
        },
        waitsFor: () => (req as Request & { peers?: () => number[] }).peers?.() ?? [],
      },
      args,
      { comm: this.open.id },
      () => {
        before?.();
        const open = this.open;
        req = joinCollective(this.world, open.ctx, { ...spec, effects: () => this.engine.collectiveEffects(open.name, open, open.ctx.group) }, call);
      },
    );
  }
}

/** The File class of one world's namespace (its static Delete knows the world). */
export function fileClassFor(world: World): typeof File {
  return world.sub("io-file-class", () => class extends File {
    static override boundWorld: World | null = world;
  });
}

function checkedName(world: World, filename: unknown, call: string): string {
  try {
    return normalizeName(filename);
  } catch (e) {
    throw raise(world, e, call);
  }
}

function raise(world: World, e: unknown, call: string): unknown {
  const io = ioErrorOf(e);
  if (io) return world.error(io.errorClass, io.message, call);
  return world.adopt(e);
}

/** The collective part of Open, run once when the last member arrives. */
function openFile(engine: IoEngine, ctx: CommContext, name: string, amode: number, seq: number): OpenFile | { errorClass: ErrorClass; message: string } {
  const fs = engine.fs;
  engine.touched.add(name);
  try {
    const exists = fs.exists(name);
    if (exists && amode & MODE_CREATE && amode & MODE_EXCL) {
      return { errorClass: "ERR_FILE_EXISTS", message: `${JSON.stringify(name)} already exists in ${fs.label} (MODE_CREATE|MODE_EXCL)` };
    }
    if (!exists) {
      if (!(amode & MODE_CREATE)) return { errorClass: "ERR_NO_SUCH_FILE", message: `no file ${JSON.stringify(name)} in ${fs.label} (add MODE_CREATE to create it)` };
      fs.create(name);
    } else if (!(amode & MODE_RDONLY) && fs.isReadOnly(name)) {
      return { errorClass: "ERR_READ_ONLY", message: `${JSON.stringify(name)} is read-only and cannot be opened ${amodeName(amode & ~MODE_CREATE)}` };
    }
    const file = engine.file(name);
    if (file.opens.size > 0 && (amode & MODE_UNIQUE_OPEN || [...file.opens].some((o) => o.amode & MODE_UNIQUE_OPEN))) {
      return { errorClass: "ERR_FILE_IN_USE", message: `${JSON.stringify(name)} is already open and MODE_UNIQUE_OPEN promises it is not opened concurrently` };
    }
    const initial = amode & MODE_APPEND ? fs.size(name) : 0;
    const id = `${ctx.id}.f${seq}`;
    const open = new OpenFile(id, file, amode, ctx.id, new CommContext(id, ctx.group, `file ${name}`), initial);
    open.sharedPos = initial;
    engine.touchOpens(name, TouchMode.Write);
    file.opens.add(open);
    engine.opens.push(open);
    return open;
  } catch (e) {
    const io = ioErrorOf(e);
    if (!io) throw e;
    return io;
  }
}
