/**
 * What one member's handle of an open file is (MPI 4.1 §14.1): the view and the individual file
 * pointer, which are per process, over the OpenFile the group shares; the checks every call on
 * it makes; and its data access calls (§14.4), which core/io/access.ts carries out. MPI.File
 * (core/io/file.ts) adds opening and closing, views, pointers, size and atomicity.
 */
import { enterOwned, kw, show } from "../args.ts";
import { joinCollective, type CollectiveSpec } from "../collective.ts";
import { currentCallLoc } from "../instrument-runtime.ts";
import type { Request } from "../request.ts";
import { RequestWait, waitJoined } from "../request-wait.ts";
import type { Status } from "../status.ts";
import { resolveBuffer, type ResolvedBuffer } from "../datatype/index.ts";
import { TouchMode, type RankState, type World } from "../world.ts";
import { collective, independent, nonblocking, ordered, plan, type AccessKind } from "./access.ts";
import { MODE_RDONLY, MODE_SEQUENTIAL, MODE_WRONLY } from "./constants.ts";
import { IoEngine, type OpenFile } from "./engine.ts";
import { FileView } from "./view.ts";

type Where = { at: number } | "individual" | "shared";

export abstract class FileHandle {
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
  protected enter(call: string): RankState {
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

  protected canWrite(call: string): void {
    if (this.open.amode & MODE_RDONLY) throw this.world.error("ERR_ACCESS", `${call} on ${JSON.stringify(this.open.name)}, which was opened read-only (MODE_RDONLY)`, call);
  }

  protected notSequential(call: string): void {
    if (this.open.amode & MODE_SEQUENTIAL) {
      throw this.world.error("ERR_AMODE", `${call} needs explicit offsets or the individual file pointer, which a file opened with MODE_SEQUENTIAL does not have (use the shared-pointer calls)`, call);
    }
  }

  protected offset(o: unknown, call: string): number {
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
  protected collectiveCall<R>(call: string, spec: CollectiveSpec<null, R>, args: string, onComplete?: () => void, before?: () => void): Promise<void> {
    return waitJoined(this.world, new RequestWait<void>(call, [], (rs) => {
      rs[0].consume();
      onComplete?.();
    }), args, { comm: this.open.id }, () => {
      before?.();
      const open = this.open;
      return joinCollective(this.world, open.ctx, { ...spec, effects: () => this.engine.collectiveEffects(open.name, open, open.ctx.group) }, call);
    });
  }
}
