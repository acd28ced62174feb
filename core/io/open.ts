/**
 * Opening and deleting files (MPI 4.1 §14.2.1, §14.2.3). MPI.File (core/io/file.ts) checks the
 * arguments; the collective part of Open runs here once, when the last member arrives.
 */
import { joinCollective, type CollectiveSpec } from "../collective.ts";
import { CommContext } from "../context.ts";
import type { ErrorClass } from "../errors.ts";
import { currentCallLoc } from "../instrument-runtime.ts";
import { RequestWait, resultOf, waitJoined } from "../request-wait.ts";
import { TouchMode, type World } from "../world.ts";
import { MODE_APPEND, MODE_CREATE, MODE_EXCL, MODE_RDONLY, MODE_UNIQUE_OPEN, amodeName } from "./constants.ts";
import { IoEngine, OpenFile, ioErrorOf } from "./engine.ts";
import type { File } from "./file.ts";
import { IoError, normalizeName } from "./names.ts";

/** The class of a world's file handles (core/io/file.ts fileClassFor). */
export type FileClass = new (world: World, open: OpenFile, owner: number) => File;

/** File.Open after its checks: join the open on `ctx` and park until every member has. */
export function openCollective(world: World, ctx: CommContext, rank: number, name: string, amode: number, Cls: FileClass): Promise<File> {
  const call = "File.Open";
  const engine = IoEngine.of(world);
  const seq = ctx.collSeq[ctx.localRank(rank)];
  const loc = currentCallLoc();
  const spec: CollectiveSpec<number, OpenFile | { errorClass: ErrorClass; message: string }> = {
    kind: "File.Open",
    sig: `${JSON.stringify(name)} amode=${amodeName(amode)}`,
    contrib: rank,
    compute: () => openFile(engine, ctx, name, amode, seq),
    deliver: (res, r) => {
      if (!(res instanceof OpenFile)) {
        r.error = world.errorFor(r.rank, res.errorClass, res.message, call, loc);
        return;
      }
      r.result = new Cls(world, res, r.rank);
      engine.emit({ t: "file-open", rank: r.rank, file: res.name, fh: res.id, comm: ctx.id, amode: res.amode });
    },
  };
  return waitJoined(world, new RequestWait<File>(call, [], resultOf), `filename=${JSON.stringify(name)} amode=${amodeName(amode)}`, { comm: ctx.id }, () =>
    joinCollective(world, ctx, { ...spec, effects: () => engine.collectiveEffects(name) }, call),
  );
}

/** File.Delete after its caller check: the file must exist, be closed and writable. */
export function deleteFile(world: World, filename: unknown): Promise<void> {
  const call = "File.Delete";
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

export function checkedName(world: World, filename: unknown, call: string): string {
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
