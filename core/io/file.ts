/**
 * mpi4py's MPI.File: one handle per member rank of a collective Open. The handle keeps what is
 * per process in MPI (the view and the individual file pointer); the OpenFile it points to keeps
 * what the group shares (shared pointer, atomicity, the collective context of file calls).
 *
 * Scheduling points (awaited): Open, Close, Delete, Set_view, Sync, Set_size, Preallocate,
 * Set_atomicity, Seek_shared and every blocking read/write. Local: the getters, Seek, and the
 * nonblocking I* calls, which return a Request.
 *
 * The handle's state, its checks and its data access calls are core/io/file-handle.ts (FileHandle,
 * this class's base); the work of Open and Delete is core/io/open.ts.
 */
import { enterOwned, kw, show } from "../args.ts";
import { CommBase } from "../comm-base.ts";
import { Info, INFO_NULL } from "../constants.ts";
import { MPIException, type ErrorClass } from "../errors.ts";
import { Group } from "../group.ts";
import { BYTE, Datatype } from "../datatype/index.ts";
import { TouchMode, type World } from "../world.ts";
import {
  DISPLACEMENT_CURRENT, MODE_DELETE_ON_CLOSE, MODE_RDONLY, MODE_SEQUENTIAL, SEEK_CUR, SEEK_END, SEEK_SET, amodeProblem,
} from "./constants.ts";
import { ioErrorOf } from "./engine.ts";
import { FileView } from "./view.ts";
import { FileHandle } from "./file-handle.ts";
import { checkedName, deleteFile, openCollective } from "./open.ts";

export class File extends FileHandle {
  /** @internal the world whose ranks this class's static calls (Delete) belong to; set on the per-world subclass */
  static boundWorld: World | null = null;

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
    return openCollective(world, comm.ctx, st.rank, checkedName(world, filename, call), a.amode, fileClassFor(world));
  }

  /** MPI_File_delete (not collective): `File.Delete(filename, info=INFO_NULL)`. */
  static Delete(filename: string, ..._rest: unknown[]): Promise<void> {
    const call = "File.Delete";
    const world = this.boundWorld;
    if (!world) throw new MPIException("ERR_OTHER", "call File.Delete through the rank's namespace (MPI.File.Delete)", call);
    world.caller(call);
    return deleteFile(world, filename);
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
}

/** The File class of one world's namespace (its static Delete knows the world). */
export function fileClassFor(world: World): typeof File {
  return world.sub("io-file-class", () => class extends File {
    static override boundWorld: World | null = world;
  });
}
