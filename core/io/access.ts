/**
 * Data access through a file handle (MPI 4.1 §14.4): independent and collective, blocking and
 * nonblocking, at explicit offsets, through the individual pointer, the shared pointer, and in
 * rank order. Every form reduces to "these bytes of the view's data stream", turned into file
 * byte ranges by the view and handed to the engine, which owns visibility.
 */
import { joinCollective } from "../collective.ts";
import { messageTime } from "../cost.ts";
import { currentCallLoc } from "../instrument-runtime.ts";
import { Request } from "../request.ts";
import { RequestWait, waitJoined } from "../request-wait.ts";
import type { Status } from "../status.ts";
import { TouchMode } from "../world.ts";
import type { SourceLoc } from "../errors.ts";
import { pack, unpack, type ResolvedBuffer } from "../datatype/index.ts";
import { IoEngine, type AccessInfo } from "./engine.ts";
import type { FileHandle } from "./file-handle.ts";
import type { FileView } from "./view.ts";
import type { AccessExtra } from "./records.ts";

export type AccessKind = "read" | "write";

/** One access, fully resolved at call time. */
export interface Access {
  fh: FileHandle;
  call: string;
  /** the record's op, e.g. "Write_at_all" */
  op: string;
  kind: AccessKind;
  b: ResolvedBuffer;
  /** bytes requested */
  n: number;
  /** file byte ranges of the whole request */
  ranges: number[];
  status: Status | null | undefined;
  loc: SourceLoc | undefined;
  args: string;
  /** Called with the bytes actually read or written (moves the individual pointer of reads). */
  done?: (bytes: number) => void;
  extra?: AccessExtra;
}

/** The file byte ranges of view data bytes [startByte, startByte + n). */
export function plan(
  fh: FileHandle, call: string, op: string, kind: AccessKind, b: ResolvedBuffer, view: FileView, startByte: number,
  status: Status | null | undefined, extra?: AccessExtra,
): Access {
  const n = b.count * b.datatype.size;
  return {
    fh, call, op, kind, b, n, ranges: view.ranges(startByte, n), status, loc: currentCallLoc(),
    args: `offset=${startByte / view.etype.size} count=${b.count} ${b.datatype.describe()}`, extra,
  };
}

function setCount(status: Status | null | undefined, bytes: number): void {
  if (status) {
    status.count = bytes;
    status.error = 0;
    status.cancelled = false;
  }
}

function info(a: Access, collective: boolean, coll?: number): AccessInfo {
  return { op: a.op, collective, loc: a.loc, coll, extra: a.extra };
}

/** Writes: the bytes leave the buffer now (the call's step). */
function doWrite(a: Access, rank: number, inf: AccessInfo): void {
  const w = a.fh.world;
  const data = pack(a.b.bytes, a.b.byteOffset, a.b.datatype, a.b.count);
  w.ranks[rank].clock += messageTime(w.opts.cost, data.length);
  a.fh.engine.write(rank, a.fh.open, a.ranges, data, inf);
}

/** Reads: the bytes are taken when the read completes. Returns the count read. */
function doRead(a: Access, rank: number, inf: AccessInfo): number {
  const w = a.fh.world;
  const got = a.fh.engine.read(rank, a.fh.open, a.ranges, inf);
  w.ranks[rank].clock += messageTime(w.opts.cost, got.length);
  if (got.length > 0) unpack(got, a.b.bytes, a.b.byteOffset, a.b.datatype, a.b.count);
  return got.length;
}

/** A blocking independent access: one scheduling point. */
export function independent(a: Access): Promise<void> {
  const w = a.fh.world;
  const rank = a.fh.owner;
  let bytes = a.n;
  return w.block<void>(
    {
      call: a.call,
      ready: () => true,
      complete: () => {
        if (a.kind === "read") bytes = doRead(a, rank, info(a, false));
        a.done?.(bytes);
        setCount(a.status, bytes);
      },
    },
    a.args,
    { comm: a.fh.open.id },
    a.kind === "write" ? () => doWrite(a, rank, info(a, false)) : undefined,
  );
}

/**
 * A blocking collective access: every member of the file's group calls it (matched in order on
 * the file's own context). Writes take effect at each member's call, reads when the last arrives.
 */
export function collective(a: Access): Promise<void> {
  const w = a.fh.world;
  const open = a.fh.open;
  const rank = a.fh.owner;
  const coll = open.ctx.collSeq[open.ctx.localRank(rank)];
  let bytes = a.n;
  const handOver = (rs: readonly Request[]): void => {
    rs[0].consume();
    a.done?.(bytes);
    setCount(a.status, bytes);
  };
  return waitJoined(w, new RequestWait<void>(a.call, [], handOver), a.args, { comm: open.id }, () => {
    if (a.kind === "write") doWrite(a, rank, info(a, true, coll));
    return joinCollective(w, open.ctx, {
      kind: `File.${a.op}`,
      contrib: null,
      compute: () => null,
      deliver: a.kind === "read" ? () => (bytes = doRead(a, rank, info(a, true, coll))) : undefined,
      bytes: a.n,
    }, a.call);
  });
}

/**
 * Read_ordered / Write_ordered (MPI 4.1 §14.4.4): collective; each member's data goes at the
 * shared pointer after the data of the members ranked before it, and the shared pointer moves
 * past all of it.
 */
export function ordered(a0: Omit<Access, "ranges">, view: FileView): Promise<void> {
  const w = a0.fh.world;
  const open = a0.fh.open;
  const rank = a0.fh.owner;
  const et = view.etype.size;
  const coll = open.ctx.collSeq[open.ctx.localRank(rank)];
  // Packed now: ordered writes take the buffer's contents at the call, like the other writes.
  const data = a0.kind === "write" ? pack(a0.b.bytes, a0.b.byteOffset, a0.b.datatype, a0.b.count) : null;
  let bytes = a0.n;
  const me = { n: a0.n, start: 0 };
  const perform = (): void => {
    const a: Access = { ...a0, ranges: view.ranges(me.start, a0.n) };
    if (data) a.fh.engine.write(rank, open, a.ranges, data, info(a, true, coll));
    else bytes = doRead(a, rank, info(a, true, coll));
  };
  const handOver = (rs: readonly Request[]): void => {
    rs[0].consume();
    setCount(a0.status, bytes);
  };
  return waitJoined(w, new RequestWait<void>(a0.call, [], handOver), a0.args, { comm: open.id }, () =>
    joinCollective(w, open.ctx, {
      kind: `File.${a0.op}`,
      sig: `etype size ${et}`,
      effects: () => IoEngine.of(w).collectiveEffects(open.name, open, open.ctx.group),
      contrib: { me, perform },
      compute: (cs) => {
        IoEngine.of(w).touchPointer(open, TouchMode.Write);
        let k = open.sharedPos * et;
        for (const c of cs) {
          c.me.start = k;
          k += c.me.n;
        }
        open.sharedPos = k / et;
        // Writes land in rank order; reads happen at each member's delivery.
        if (data) for (const c of cs) c.perform();
        return null;
      },
      deliver: data ? undefined : () => perform(),
      bytes: a0.n,
    }, a0.call),
  );
}

/**
 * Iread_at / Iwrite_at / Iread / Iwrite / I*_shared: the call returns a Request at once; the
 * access itself is a FileOp event the scheduler fires at some later step (the buffer is in use,
 * and watched, until then).
 */
export function nonblocking(a: Access): Request {
  const w = a.fh.world;
  const rank = a.fh.owner;
  const req = new Request(w, rank, w.newRequestId(), "io");
  w.localCall(a.call, a.args, { reqs: [req.id], comm: a.fh.open.id });
  // The buffer is the operation's until Wait/Test (buffer-race): a write reads it, a read writes it.
  req.use(a.b.buffer, a.b.spanStart, a.b.spanStart + a.b.byteLength, a.kind === "write" ? "read" : "write");
  a.fh.outstanding.push(req);
  a.fh.engine.defer(rank, a.call, () => {
    let bytes = a.n;
    if (a.kind === "write") doWrite(a, rank, info(a, false));
    else bytes = doRead(a, rank, info(a, false));
    req.status.count = bytes;
    req.finish(w.now(rank));
  });
  return req;
}
