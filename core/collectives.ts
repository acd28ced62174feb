import { IN_PLACE, UNDEFINED } from "./constants.ts";
import { kw, show } from "./args.ts";
import { CommContext } from "./context.ts";
import { CommBase } from "./comm-base.ts";
import { joinCollective, waitCollective, type CollectiveSpec } from "./collective.ts";
import { Request } from "./request.ts";
import { RequestWait, resultOf, waitJoined } from "./request-wait.ts";
import { Group } from "./group.ts";
import { aliased, blockSig, checkBlocks, typeSig, vspan, type Block, type BufferUse, type VSide } from "./collective-checks.ts";
import { currentCallLoc } from "./instrument-runtime.ts";
import {
  SUM, REPLACE, NO_OP, applyOpPacked, applyOpToValues, checkOpDatatype, pack, unpack, Op, isBufferLike,
  type Datatype, type ResolvedBuffer,
} from "./datatype/index.ts";

/** A typed contribution: the packed data and how to read it. */
interface Packed {
  data: Uint8Array;
  dt: Datatype;
  count: number;
}

/** mpi4py: an inferred count covers the whole buffer; an explicit count is per process (block). */
function countIsExplicit(spec: unknown): boolean {
  if (!Array.isArray(spec)) return false;
  if (spec.length === 2) return typeof spec[1] === "number" || Array.isArray(spec[1]);
  return spec.length >= 3;
}

/**
 * What members of a reduction must agree on besides the op (MPI 4.1 §6.9.1: the same count and
 * datatype everywhere): the bytes and the basic types, so that INT and INT32_T agree but a count
 * or type that differs between ranks is a collective-mismatch instead of garbage.
 */
function reductionSig(op: Op, c: Packed): string {
  const b = c.dt.basic;
  return `op=${op.name} bytes=${c.data.length} type=${b ? basicSig(b) : c.dt.basicTypes().map(basicSig).join("+")}`;
}

function basicSig(t: Datatype): string {
  return t.kind === "pair" ? t.name : `${t.kind}${t.size * 8}`;
}

function packOf(b: ResolvedBuffer, count = b.count, byteOffset = b.byteOffset): Uint8Array {
  return pack(b.bytes, byteOffset, b.datatype, count);
}

/** inout = in op inout over count elements of dt, both given packed (MPI 4.1 §6.9.1 order). */
function combine(op: Op, input: Uint8Array, inout: Uint8Array, dt: Datatype, count: number): void {
  applyOpPacked(op, input, 0, inout, 0, dt, count);
}

/** c[lo] op c[lo+1] op … op c[hi-1], evaluated right to left so non-commutative ops keep rank order. */
function reduceRange(op: Op, cs: Packed[], lo: number, hi: number): Uint8Array {
  const acc = cs[hi - 1].data.slice();
  for (let i = hi - 2; i >= lo; i--) combine(op, cs[i].data, acc, cs[hi - 1].dt, cs[hi - 1].count);
  return acc;
}

function reduceValues(op: Op, vs: unknown[], lo: number, hi: number): unknown {
  let acc = vs[hi - 1];
  for (let i = hi - 2; i >= lo; i--) acc = applyOpToValues(op, vs[i], acc);
  return acc;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Collective operations and communicator management (MPI 4.1 §6, §7), typed (upper-case) and
 * object (lower-case) forms. Each is one slot of the collective engine (core/collective.ts).
 */
export abstract class CollectiveMethods<TComm = unknown, TCart = TComm> extends CommBase {
  /** A handle of the calling rank on a newly created communicator (a Cartcomm when ctx has a topology). */
  protected abstract spawn(ctx: CommContext): TComm;

  /** Deliver packed bytes into a receive buffer, raising ERR_TRUNCATE when they do not fit. */
  private put(data: Uint8Array, b: ResolvedBuffer, count: number, byteOffset: number, call: string, req: Request): void {
    const cap = count * b.datatype.size;
    if (data.length > cap) {
      req.error = this.world.errorFor(req.rank, "ERR_TRUNCATE", `received ${data.length} bytes into a ${cap}-byte buffer`, call, undefined);
    }
    const n = Math.min(data.length, cap);
    const elems = b.datatype.size > 0 ? Math.floor(n / b.datatype.size) : 0;
    if (elems > 0) unpack(data.subarray(0, elems * b.datatype.size), b.bytes, byteOffset, b.datatype, elems);
  }

  /**
   * Run a collective: blocking (awaited) unless `nonblocking`, in which case the Request is
   * returned. MPI 4.1 §6.12: a non-blocking collective matches only the same non-blocking
   * collective (its slot kind is "Ibcast", not "Bcast"), and its buffers belong to the operation
   * until it completes (`uses`: watched by buffer-race like an Isend's or an Irecv's).
   */
  private run<C, R>(call: string, spec: CollectiveSpec<C, R>, args: string, nonblocking: true, uses?: BufferUse[]): Request;
  private run<C, R, T>(call: string, spec: CollectiveSpec<C, R>, args: string, nonblocking: false, uses?: BufferUse[]): Promise<T>;
  private run<C, R, T = void>(call: string, spec: CollectiveSpec<C, R>, args: string, nonblocking: boolean, uses?: BufferUse[]): Request | Promise<T>;
  private run<C, R, T>(call: string, spec: CollectiveSpec<C, R>, args: string, nonblocking: boolean, uses: BufferUse[] = []): Request | Promise<T> {
    this.noAlias(call, uses);
    if (nonblocking) {
      spec.kind = `I${spec.kind[0].toLowerCase()}${spec.kind.slice(1)}`;
      const req = new Request(this.world, this.owner, this.world.newRequestId(), "coll");
      this.world.localCall(call, args, { comm: this.ctx.id, reqs: [req.id] });
      for (const [b, mode] of uses) if (b !== null && !b.isNull) req.useSpec(b, mode);
      return joinCollective(this.world, this.ctx, spec, call, req);
    }
    return waitJoined(this.world, new RequestWait<T>(call, [], resultOf), args, { comm: this.ctx.id }, () => joinCollective(this.world, this.ctx, spec, call));
  }

  private noAlias(call: string, uses: BufferUse[]): void {
    const overlap = aliased(uses);
    if (overlap !== null) throw this.world.error("ERR_BUFFER", `${overlap}; use MPI.IN_PLACE (MPI 4.1 §2.3, §6.1.1)`, call);
  }

  /** The op of a lower-case (object) reduction. */
  private op(o: unknown, call: string): Op {
    if (o instanceof Op) return o;
    throw this.world.error("ERR_OP", `expected an MPI.Op, got ${show(o)}`, call);
  }

  /**
   * The op of a typed reduction, checked on this rank's datatype at the call (MPI 4.1 §6.9.2), so
   * that the mistake is this rank's mpi-error rather than a failure of whoever arrives last.
   * REPLACE and NO_OP are for RMA accumulates only (MPI 4.1 §12.3.4–5). A predefined op works
   * only on the predefined types of §6.9.2 and the pair types of §6.9.4 (§6.9.1: "Predefined
   * operators work only with the MPI types listed"), so a derived datatype — even a contiguous
   * of one basic type — needs a user op (Op.Create); Open MPI 4.1 raises ERR_OP too. (Accumulate
   * is different: §12.3.4 allows a derived type of one basic type; see rma/issue.ts.)
   */
  private typedOp(o: unknown, dt: Datatype, call: string): Op {
    const op = this.op(o, call);
    if (op === REPLACE || op === NO_OP) throw this.world.error("ERR_OP", `${op.name} is only for one-sided accumulate operations, not for ${call} (MPI 4.1 §12.3.4)`, call);
    if (op.fn === null && !op.isNull && !dt.isPredefined) {
      throw this.world.error("ERR_OP", `predefined operation ${op.name} works only on predefined datatypes, not on the derived ${dt.describe()}; use Op.Create for it (MPI 4.1 §6.9.1)`, call);
    }
    try {
      checkOpDatatype(op, dt, call);
    } catch (e) {
      throw this.world.adopt(e);
    }
    return op;
  }

  /** mpi4py infers a per-process count by dividing the buffer into `n` blocks; it must divide evenly. */
  private blocks(count: number, n: number, what: string, call: string): number {
    if (count % n !== 0) throw this.world.error("ERR_COUNT", `cannot infer the count: ${what} holds ${count} elements, not a multiple of the ${n} processes (give [buf, count, datatype])`, call);
    return count / n;
  }

  /** The rank's typed contribution, honouring IN_PLACE (taken from the receive buffer). */
  private contribution(sendbuf: unknown, recvbuf: unknown, call: string): Packed & { sb: ResolvedBuffer } {
    const b = sendbuf === IN_PLACE ? this.buf(recvbuf, call) : this.buf(sendbuf, call);
    return { data: packOf(b), dt: b.datatype, count: b.count, sb: b };
  }

  // ------------------------------------------------------------ synchronisation

  Barrier(): Promise<void> {
    this.enter("Comm.Barrier");
    return this.run("Comm.Barrier", { kind: "Barrier", contrib: null, compute: () => null }, "", false);
  }
  Ibarrier(): Request {
    this.enter("Comm.Ibarrier");
    return this.run("Comm.Ibarrier", { kind: "Barrier", contrib: null, compute: () => null }, "", true);
  }
  barrier(): Promise<void> {
    return this.Barrier();
  }

  // ------------------------------------------------------------ broadcast

  private bcastSpec(call: string, buf: unknown, rest: unknown[]): [CollectiveSpec<Uint8Array | null, Uint8Array>, string, BufferUse[]] {
    this.enter(call);
    const a = kw(rest, ["root"], { root: 0 as unknown });
    const root = this.peer(a.root, call, "root");
    const b = this.buf(buf, call);
    const isRoot = this.ctx.localRank(this.owner) === root;
    return [
      {
        kind: "Bcast",
        root,
        sig: `type ${typeSig(b.datatype, b.count)}`,
        contrib: isRoot ? packOf(b) : null,
        compute: (cs) => cs[root]!,
        deliver: (data, req) => {
          if (!isRoot) this.put(data, b, b.count, b.byteOffset, call, req);
        },
        bytes: b.count * b.datatype.size,
      },
      `root=${root} count=${b.count}`,
      [[b, isRoot ? "read" : "write"]],
    ];
  }
  Bcast(buf: unknown, ...rest: unknown[]): Promise<void> {
    const [spec, args] = this.bcastSpec("Comm.Bcast", buf, rest);
    return this.run("Comm.Bcast", spec, args, false);
  }
  Ibcast(buf: unknown, ...rest: unknown[]): Request {
    const [spec, args, uses] = this.bcastSpec("Comm.Ibcast", buf, rest);
    return this.run("Comm.Ibcast", spec, args, true, uses);
  }

  // ------------------------------------------------------------ reductions

  private reduceSpec(call: string, sendbuf: unknown, rest: unknown[], all: boolean): [CollectiveSpec<Packed, Uint8Array>, string, BufferUse[]] {
    this.enter(call);
    const a = all
      ? kw(rest, ["recvbuf", "op"], { recvbuf: null as unknown, op: SUM as unknown, root: 0 as unknown })
      : kw(rest, ["recvbuf", "op", "root"], { recvbuf: null as unknown, op: SUM as unknown, root: 0 as unknown });
    const root = all ? 0 : this.peer(a.root, call, "root");
    const me = this.ctx.localRank(this.owner);
    const receives = all || me === root;
    const contrib = this.contribution(sendbuf, a.recvbuf, call);
    const op = this.typedOp(a.op, contrib.dt, call);
    const rb = receives ? this.buf(a.recvbuf, call) : null;
    return [
      {
        kind: all ? "Allreduce" : "Reduce",
        root: all ? undefined : root,
        sig: reductionSig(op, contrib),
        contrib,
        compute: (cs) => reduceRange(op, cs, 0, cs.length),
        deliver: (data, req) => {
          if (rb) this.put(data, rb, rb.count, rb.byteOffset, call, req);
        },
        bytes: contrib.data.length,
      },
      `${all ? "" : `root=${root} `}op=${op.name} count=${contrib.count}`,
      [[sendbuf === IN_PLACE ? null : contrib.sb, "read"], [rb, "write"]],
    ];
  }
  Reduce(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    const [spec, args, uses] = this.reduceSpec("Comm.Reduce", sendbuf, rest, false);
    return this.run("Comm.Reduce", spec, args, false, uses);
  }
  Ireduce(sendbuf: unknown, ...rest: unknown[]): Request {
    const [spec, args, uses] = this.reduceSpec("Comm.Ireduce", sendbuf, rest, false);
    return this.run("Comm.Ireduce", spec, args, true, uses);
  }
  Allreduce(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    const [spec, args, uses] = this.reduceSpec("Comm.Allreduce", sendbuf, rest, true);
    return this.run("Comm.Allreduce", spec, args, false, uses);
  }
  Iallreduce(sendbuf: unknown, ...rest: unknown[]): Request {
    const [spec, args, uses] = this.reduceSpec("Comm.Iallreduce", sendbuf, rest, true);
    return this.run("Comm.Iallreduce", spec, args, true, uses);
  }

  private scanSpec(call: string, kind: "Scan" | "Exscan", sendbuf: unknown, rest: unknown[]): [CollectiveSpec<Packed, Packed[]>, string, BufferUse[]] {
    this.enter(call);
    const a = kw(rest, ["recvbuf", "op"], { recvbuf: null as unknown, op: SUM as unknown });
    const me = this.ctx.localRank(this.owner);
    const contrib = this.contribution(sendbuf, a.recvbuf, call);
    const op = this.typedOp(a.op, contrib.dt, call);
    const rb = this.buf(a.recvbuf, call);
    return [
      {
        kind,
        sig: reductionSig(op, contrib),
        contrib,
        compute: (cs) => cs,
        deliver: (cs, req) => {
          const hi = kind === "Scan" ? me + 1 : me;
          // MPI 4.1 §6.11.2: Exscan leaves rank 0's receive buffer undefined; we leave it untouched.
          if (hi > 0) this.put(reduceRange(op, cs, 0, hi), rb, rb.count, rb.byteOffset, call, req);
        },
        bytes: contrib.data.length,
      },
      `op=${op.name} count=${contrib.count}`,
      [[sendbuf === IN_PLACE ? null : contrib.sb, "read"], [rb, "write"]],
    ];
  }
  Scan(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    const [spec, args, uses] = this.scanSpec("Comm.Scan", "Scan", sendbuf, rest);
    return this.run("Comm.Scan", spec, args, false, uses);
  }
  Iscan(sendbuf: unknown, ...rest: unknown[]): Request {
    const [spec, args, uses] = this.scanSpec("Comm.Iscan", "Scan", sendbuf, rest);
    return this.run("Comm.Iscan", spec, args, true, uses);
  }
  Exscan(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    const [spec, args, uses] = this.scanSpec("Comm.Exscan", "Exscan", sendbuf, rest);
    return this.run("Comm.Exscan", spec, args, false, uses);
  }
  Iexscan(sendbuf: unknown, ...rest: unknown[]): Request {
    const [spec, args, uses] = this.scanSpec("Comm.Iexscan", "Exscan", sendbuf, rest);
    return this.run("Comm.Iexscan", spec, args, true, uses);
  }

  Reduce_scatter_block(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    return this.reduceScatterBlock("Comm.Reduce_scatter_block", sendbuf, rest, false) as Promise<void>;
  }
  Ireduce_scatter_block(sendbuf: unknown, ...rest: unknown[]): Request {
    return this.reduceScatterBlock("Comm.Ireduce_scatter_block", sendbuf, rest, true) as Request;
  }
  private reduceScatterBlock(call: string, sendbuf: unknown, rest: unknown[], nb: boolean): Request | Promise<void> {
    this.enter(call);
    const a = kw(rest, ["recvbuf", "op"], { recvbuf: null as unknown, op: SUM as unknown });
    const me = this.ctx.localRank(this.owner);
    const contrib = this.contribution(sendbuf, a.recvbuf, call);
    const op = this.typedOp(a.op, contrib.dt, call);
    const rb = this.buf(a.recvbuf, call);
    const n = this.ctx.size;
    this.blocks(contrib.count, n, sendbuf === IN_PLACE ? "the receive buffer (IN_PLACE)" : "the send buffer", call);
    return this.run(
      call,
      {
        kind: "Reduce_scatter_block",
        sig: reductionSig(op, contrib),
        contrib,
        compute: (cs) => reduceRange(op, cs, 0, cs.length),
        deliver: (all, req) => {
          const block = all.length / n;
          this.put(all.subarray(me * block, (me + 1) * block), rb, sendbuf === IN_PLACE ? rb.count / n : rb.count, rb.byteOffset, call, req);
        },
        bytes: contrib.data.length,
      },
      `op=${op.name}`,
      nb,
      [[sendbuf === IN_PLACE ? null : contrib.sb, "read"], [rb, "write"]],
    );
  }

  Reduce_scatter(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    return this.reduceScatter("Comm.Reduce_scatter", sendbuf, rest, false) as Promise<void>;
  }
  Ireduce_scatter(sendbuf: unknown, ...rest: unknown[]): Request {
    return this.reduceScatter("Comm.Ireduce_scatter", sendbuf, rest, true) as Request;
  }
  private reduceScatter(call: string, sendbuf: unknown, rest: unknown[], nb: boolean): Request | Promise<void> {
    this.enter(call);
    const a = kw(rest, ["recvbuf", "recvcounts", "op"], { recvbuf: null as unknown, recvcounts: null as unknown, op: SUM as unknown });
    const me = this.ctx.localRank(this.owner);
    const n = this.ctx.size;
    const contrib = this.contribution(sendbuf, a.recvbuf, call);
    const op = this.typedOp(a.op, contrib.dt, call);
    const rb = this.buf(a.recvbuf, call);
    const counts = a.recvcounts;
    if (counts !== null) {
      if (!Array.isArray(counts) || counts.length !== n || counts.some((c) => !Number.isInteger(c) || c < 0)) {
        throw this.world.error("ERR_COUNT", `recvcounts must be an array of ${n} non-negative integers, got ${show(counts)}`, call);
      }
      const sum = (counts as number[]).reduce((x, y) => x + y, 0);
      if (sum !== contrib.count) throw this.world.error("ERR_COUNT", `recvcounts add up to ${sum} but the send buffer holds ${contrib.count} elements`, call);
    }
    // Without recvcounts each member receives what its receive buffer holds (mpi4py gathers them).
    const mine = counts === null ? (sendbuf === IN_PLACE ? this.blocks(contrib.count, n, "the receive buffer (IN_PLACE)", call) : rb.count) : 0;
    return this.run(
      call,
      {
        kind: "Reduce_scatter",
        sig: `${reductionSig(op, contrib)}${counts === null ? "" : ` recvcounts=${(counts as number[]).join(",")}`}`,
        contrib: { ...contrib, mine },
        compute: (cs) => ({ all: reduceRange(op, cs, 0, cs.length), counts: counts === null ? cs.map((c) => c.mine) : (counts as number[]) }),
        deliver: (res, req) => {
          const size = contrib.dt.size;
          const cnt = res.counts;
          if (counts === null && cnt.reduce((x, y) => x + y, 0) * size !== res.all.length) {
            throw this.world.errorFor(req.rank, "ERR_COUNT", `the receive buffers hold ${cnt.join("+")} elements but the send buffers ${res.all.length / size}`, call, undefined);
          }
          let off = 0;
          for (let i = 0; i < me; i++) off += cnt[i] * size;
          this.put(res.all.subarray(off, off + cnt[me] * size), rb, cnt[me], rb.byteOffset, call, req);
        },
      },
      `op=${op.name}`,
      nb,
      [[sendbuf === IN_PLACE ? null : contrib.sb, "read"], [rb, "write"]],
    );
  }

  // ------------------------------------------------------------ gather / scatter family

  Gather(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    return this.gatherLike("Comm.Gather", "Gather", sendbuf, rest, false, false) as Promise<void>;
  }
  Igather(sendbuf: unknown, ...rest: unknown[]): Request {
    return this.gatherLike("Comm.Igather", "Gather", sendbuf, rest, false, true) as Request;
  }
  Allgather(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    return this.gatherLike("Comm.Allgather", "Allgather", sendbuf, rest, true, false) as Promise<void>;
  }
  Iallgather(sendbuf: unknown, ...rest: unknown[]): Request {
    return this.gatherLike("Comm.Iallgather", "Allgather", sendbuf, rest, true, true) as Request;
  }

  /** mpi4py's (recvbuf, root) of Gather/Gatherv, or (recvbuf) of the All- forms; who receives. */
  private gatherArgs(call: string, rest: unknown[], all: boolean) {
    this.enter(call);
    const a = all ? kw(rest, ["recvbuf"], { recvbuf: null as unknown, root: 0 as unknown }) : kw(rest, ["recvbuf", "root"], { recvbuf: null as unknown, root: 0 as unknown });
    const root = all ? 0 : this.peer(a.root, call, "root");
    const me = this.ctx.localRank(this.owner);
    return { a, root, me, receives: all || me === root };
  }

  private gatherLike(call: string, kind: string, sendbuf: unknown, rest: unknown[], all: boolean, nb: boolean): Request | Promise<void> {
    const { a, root, me, receives } = this.gatherArgs(call, rest, all);
    const n = this.ctx.size;
    const rb = receives ? this.buf(a.recvbuf, call) : null;
    const total = rb ? (countIsExplicit(a.recvbuf) ? rb.count * n : this.blocks(rb.count, n, "the receive buffer", call) * n) : 0;
    let data: Uint8Array;
    let sb: ResolvedBuffer | null = null;
    if (sendbuf === IN_PLACE && rb) {
      const per = total / n;
      data = pack(rb.bytes, rb.byteOffset + me * per * rb.datatype.extent, rb.datatype, per);
    } else data = packOf((sb = this.buf(sendbuf, call)));
    const block = rb ? typeSig(rb.datatype, total / n) : null;
    const sent = sb ? typeSig(sb.datatype, sb.count) : block!;
    return this.run(
      call,
      {
        kind,
        root: all ? undefined : root,
        sig: blockSig(sent, block ?? sent),
        contrib: data,
        compute: (cs) => concat(cs),
        deliver: (cat, req) => {
          if (rb) this.put(cat, rb, total, rb.byteOffset, call, req);
        },
        bytes: data.length,
      },
      all ? "" : `root=${root}`,
      nb,
      [[sb, "read"], [rb, "write"]],
    );
  }

  Gatherv(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    return this.gathervLike("Comm.Gatherv", "Gatherv", sendbuf, rest, false, false) as Promise<void>;
  }
  Igatherv(sendbuf: unknown, ...rest: unknown[]): Request {
    return this.gathervLike("Comm.Igatherv", "Gatherv", sendbuf, rest, false, true) as Request;
  }
  Allgatherv(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    return this.gathervLike("Comm.Allgatherv", "Allgatherv", sendbuf, rest, true, false) as Promise<void>;
  }
  Iallgatherv(sendbuf: unknown, ...rest: unknown[]): Request {
    return this.gathervLike("Comm.Iallgatherv", "Allgatherv", sendbuf, rest, true, true) as Request;
  }

  private gathervLike(call: string, kind: string, sendbuf: unknown, rest: unknown[], all: boolean, nb: boolean): Request | Promise<void> {
    const { a, root, me, receives } = this.gatherArgs(call, rest, all);
    const rb = receives ? this.vbuf(a.recvbuf, call) : null;
    let data: Uint8Array;
    let sb: ResolvedBuffer | null = null;
    if (sendbuf === IN_PLACE && rb) data = pack(rb.bytes, rb.byteOffset + rb.displs[me] * rb.datatype.extent, rb.datatype, rb.counts[me]);
    else data = packOf((sb = this.buf(sendbuf, call)));
    const sent: Block = sb ? [sb.datatype, sb.count] : [rb!.datatype, rb!.counts[me]];
    const side: VSide = {
      send: (j) => (all || j === root ? sent : null),
      recv: (i) => (rb ? [rb.datatype, rb.counts[i]] : null),
      loc: currentCallLoc(),
    };
    return this.run(
      call,
      {
        kind,
        root: all ? undefined : root,
        contrib: { data, side },
        compute: (cs, ctx) => {
          checkBlocks(this.world, ctx, call.slice(5), cs.map((c) => c.side));
          return cs.map((c) => c.data);
        },
        deliver: (cs, req) => {
          if (!rb) return;
          const view = { bytes: rb.bytes, datatype: rb.datatype } as ResolvedBuffer;
          cs.forEach((d, i) => this.put(d, view, rb.counts[i], rb.byteOffset + rb.displs[i] * rb.datatype.extent, call, req));
        },
        bytes: data.length,
      },
      all ? "" : `root=${root}`,
      nb,
      [[sb, "read"], [rb && vspan(rb), "write"]],
    );
  }

  /** The root's per-rank chunks (packed) go to every member's receive buffer (none at an IN_PLACE root). */
  private scatterRun(call: string, kind: string, root: number, me: number, chunks: Uint8Array[] | null, recvbuf: unknown, nb: boolean, send: BufferUse[0], sendSig?: string, blocks?: Block[]): Request | Promise<void> {
    const rb = me === root && recvbuf === IN_PLACE ? null : this.buf(recvbuf, call);
    const got = rb ? typeSig(rb.datatype, rb.count) : sendSig!;
    // Scatterv: the root's block j against member j's receive buffer (MPI 4.1 §6.1).
    const side: VSide = {
      send: (j) => blocks?.[j] ?? null,
      recv: (i) => (kind === "Scatterv" && i === root && rb ? [rb.datatype, rb.count] : null),
      loc: currentCallLoc(),
    };
    return this.run(
      call,
      {
        kind,
        root,
        // Scatterv's blocks differ by member: only Scatter's are compared.
        sig: kind === "Scatterv" ? undefined : blockSig(sendSig ?? got, got),
        contrib: { chunks, side },
        compute: (cs, ctx) => {
          if (kind === "Scatterv") checkBlocks(this.world, ctx, call.slice(5), cs.map((c) => c.side));
          return cs[root].chunks!;
        },
        deliver: (parts, req) => {
          if (rb) this.put(parts[me], rb, rb.count, rb.byteOffset, call, req);
        },
      },
      `root=${root}`,
      nb,
      [[send, "read"], [rb, "write"]],
    );
  }

  Scatter(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    return this.scatter_("Comm.Scatter", sendbuf, rest, false) as Promise<void>;
  }
  Iscatter(sendbuf: unknown, ...rest: unknown[]): Request {
    return this.scatter_("Comm.Iscatter", sendbuf, rest, true) as Request;
  }
  private scatter_(call: string, sendbuf: unknown, rest: unknown[], nb: boolean): Request | Promise<void> {
    this.enter(call);
    const a = kw(rest, ["recvbuf", "root"], { recvbuf: null as unknown, root: 0 as unknown });
    const root = this.peer(a.root, call, "root");
    const me = this.ctx.localRank(this.owner);
    const n = this.ctx.size;
    let chunks: Uint8Array[] | null = null;
    let send: BufferUse[0] = null;
    let sendSig: string | undefined;
    if (me === root) {
      const sb = this.buf(sendbuf, call);
      send = sb;
      const per = countIsExplicit(sendbuf) ? sb.count : this.blocks(sb.count, n, "the send buffer", call);
      sendSig = typeSig(sb.datatype, per);
      chunks = Array.from({ length: n }, (_, i) => pack(sb.bytes, sb.byteOffset + i * per * sb.datatype.extent, sb.datatype, per));
    }
    return this.scatterRun(call, "Scatter", root, me, chunks, a.recvbuf, nb, send, sendSig);
  }

  Scatterv(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    return this.scatterv_("Comm.Scatterv", sendbuf, rest, false) as Promise<void>;
  }
  Iscatterv(sendbuf: unknown, ...rest: unknown[]): Request {
    return this.scatterv_("Comm.Iscatterv", sendbuf, rest, true) as Request;
  }
  private scatterv_(call: string, sendbuf: unknown, rest: unknown[], nb: boolean): Request | Promise<void> {
    this.enter(call);
    const a = kw(rest, ["recvbuf", "root"], { recvbuf: null as unknown, root: 0 as unknown });
    const root = this.peer(a.root, call, "root");
    const me = this.ctx.localRank(this.owner);
    let chunks: Uint8Array[] | null = null;
    let send: BufferUse[0] = null;
    let blocks: Block[] | undefined;
    if (me === root) {
      const sb = this.vbuf(sendbuf, call);
      send = vspan(sb);
      chunks = sb.counts.map((c, i) => pack(sb.bytes, sb.byteOffset + sb.displs[i] * sb.datatype.extent, sb.datatype, c));
      blocks = sb.counts.map((c) => [sb.datatype, c] as const);
    }
    return this.scatterRun(call, "Scatterv", root, me, chunks, a.recvbuf, nb, send, undefined, blocks);
  }

  Alltoall(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    return this.alltoall_("Comm.Alltoall", sendbuf, rest, false) as Promise<void>;
  }
  Ialltoall(sendbuf: unknown, ...rest: unknown[]): Request {
    return this.alltoall_("Comm.Ialltoall", sendbuf, rest, true) as Request;
  }
  private alltoall_(call: string, sendbuf: unknown, rest: unknown[], nb: boolean): Request | Promise<void> {
    this.enter(call);
    const a = kw(rest, ["recvbuf"], { recvbuf: null as unknown });
    const me = this.ctx.localRank(this.owner);
    const n = this.ctx.size;
    const rb = this.buf(a.recvbuf, call);
    const src = sendbuf === IN_PLACE ? rb : this.buf(sendbuf, call);
    const per = countIsExplicit(sendbuf === IN_PLACE ? a.recvbuf : sendbuf) ? src.count : this.blocks(src.count, n, "the send buffer", call);
    const chunks = Array.from({ length: n }, (_, i) => pack(src.bytes, src.byteOffset + i * per * src.datatype.extent, src.datatype, per));
    const rtotal = countIsExplicit(a.recvbuf) ? rb.count * n : this.blocks(rb.count, n, "the receive buffer", call) * n;
    return this.run(
      call,
      {
        kind: "Alltoall",
        sig: blockSig(typeSig(src.datatype, per), typeSig(rb.datatype, rtotal / n)),
        contrib: chunks,
        compute: (cs) => cs,
        deliver: (cs, req) => this.put(concat(cs.map((c) => c[me])), rb, rtotal, rb.byteOffset, call, req),
        bytes: per * src.datatype.size,
      },
      "",
      nb,
      [[sendbuf === IN_PLACE ? null : src, "read"], [rb, "write"]],
    );
  }

  Alltoallv(sendbuf: unknown, ...rest: unknown[]): Promise<void> {
    return this.alltoallv_("Comm.Alltoallv", sendbuf, rest, false) as Promise<void>;
  }
  Ialltoallv(sendbuf: unknown, ...rest: unknown[]): Request {
    return this.alltoallv_("Comm.Ialltoallv", sendbuf, rest, true) as Request;
  }
  private alltoallv_(call: string, sendbuf: unknown, rest: unknown[], nb: boolean): Request | Promise<void> {
    this.enter(call);
    const a = kw(rest, ["recvbuf"], { recvbuf: null as unknown });
    const me = this.ctx.localRank(this.owner);
    const rb = this.vbuf(a.recvbuf, call);
    const sb = sendbuf === IN_PLACE ? rb : this.vbuf(sendbuf, call);
    const chunks = sb.counts.map((c, i) => pack(sb.bytes, sb.byteOffset + sb.displs[i] * sb.datatype.extent, sb.datatype, c));
    const side: VSide = { send: (j) => [sb.datatype, sb.counts[j]], recv: (i) => [rb.datatype, rb.counts[i]], loc: currentCallLoc() };
    return this.run(
      call,
      {
        kind: "Alltoallv",
        contrib: { chunks, side },
        compute: (cs, ctx) => {
          checkBlocks(this.world, ctx, call.slice(5), cs.map((c) => c.side));
          return cs.map((c) => c.chunks);
        },
        deliver: (cs, req) => {
          const view = { bytes: rb.bytes, datatype: rb.datatype } as ResolvedBuffer;
          cs.forEach((c, i) => this.put(c[me], view, rb.counts[i], rb.byteOffset + rb.displs[i] * rb.datatype.extent, call, req));
        },
      },
      "",
      nb,
      [[sendbuf === IN_PLACE ? null : vspan(sb), "read"], [vspan(rb), "write"]],
    );
  }

  // ------------------------------------------------------------ lower-case (objects)

  private objColl<R>(call: string, kind: string, contrib: unknown, root: number | undefined, compute: (cs: unknown[]) => unknown, pick: (res: unknown, me: number) => R, sig?: string): Promise<R> {
    const me = this.ctx.localRank(this.owner);
    return this.run(
      call,
      {
        kind,
        root,
        sig,
        contrib: this.cloneArg(contrib, call),
        compute,
        deliver: (res, req) => {
          req.result = pick(res, me);
        },
      },
      root === undefined ? "" : `root=${root}`,
      false,
    );
  }

  bcast(obj: unknown, ...rest: unknown[]): Promise<unknown> {
    const call = "Comm.bcast";
    this.enter(call);
    const root = this.peer(kw(rest, ["root"], { root: 0 as unknown }).root, call, "root");
    return this.objColl(call, "bcast", this.ctx.localRank(this.owner) === root ? obj : null, root, (cs) => cs[root], (res) => structuredClone(res));
  }
  gather(obj: unknown, ...rest: unknown[]): Promise<unknown[] | null> {
    const call = "Comm.gather";
    this.enter(call);
    const root = this.peer(kw(rest, ["root"], { root: 0 as unknown }).root, call, "root");
    return this.objColl(call, "gather", obj, root, (cs) => cs, (res, me) => (me === root ? structuredClone(res as unknown[]) : null));
  }
  scatter(objs: unknown[] | null, ...rest: unknown[]): Promise<unknown> {
    const call = "Comm.scatter";
    this.enter(call);
    const root = this.peer(kw(rest, ["root"], { root: 0 as unknown }).root, call, "root");
    const me = this.ctx.localRank(this.owner);
    if (me === root && (!Array.isArray(objs) || objs.length !== this.ctx.size)) {
      throw this.world.error("ERR_ARG", `scatter at the root needs an array of ${this.ctx.size} objects`, call);
    }
    return this.objColl(call, "scatter", me === root ? objs : null, root, (cs) => cs[root], (res, i) => structuredClone((res as unknown[])[i]));
  }
  allgather(obj: unknown): Promise<unknown[]> {
    const call = "Comm.allgather";
    this.enter(call);
    return this.objColl(call, "allgather", obj, undefined, (cs) => cs, (res) => structuredClone(res as unknown[]));
  }
  alltoall(objs: unknown[]): Promise<unknown[]> {
    const call = "Comm.alltoall";
    this.enter(call);
    if (!Array.isArray(objs) || objs.length !== this.ctx.size) throw this.world.error("ERR_ARG", `alltoall needs an array of ${this.ctx.size} objects`, call);
    return this.objColl(call, "alltoall", objs, undefined, (cs) => cs, (res, me) => (res as unknown[][]).map((c) => structuredClone(c[me])));
  }
  reduce(obj: unknown, ...rest: unknown[]): Promise<unknown> {
    const call = "Comm.reduce";
    this.enter(call);
    const a = kw(rest, ["op", "root"], { op: SUM as unknown, root: 0 as unknown });
    const op = this.op(a.op, call);
    const root = this.peer(a.root, call, "root");
    return this.objColl(call, "reduce", obj, root, (cs) => reduceValues(op, cs, 0, cs.length), (res, me) => (me === root ? structuredClone(res) : null), `op=${op.name}`);
  }
  allreduce(obj: unknown, ...rest: unknown[]): Promise<unknown> {
    const call = "Comm.allreduce";
    this.enter(call);
    const op = this.op(kw(rest, ["op"], { op: SUM as unknown }).op, call);
    return this.objColl(call, "allreduce", obj, undefined, (cs) => reduceValues(op, cs, 0, cs.length), (res) => structuredClone(res), `op=${op.name}`);
  }
  scan(obj: unknown, ...rest: unknown[]): Promise<unknown> {
    const call = "Comm.scan";
    this.enter(call);
    const op = this.op(kw(rest, ["op"], { op: SUM as unknown }).op, call);
    return this.objColl(call, "scan", obj, undefined, (cs) => cs, (cs, me) => structuredClone(reduceValues(op, cs as unknown[], 0, me + 1)), `op=${op.name}`);
  }
  exscan(obj: unknown, ...rest: unknown[]): Promise<unknown> {
    const call = "Comm.exscan";
    this.enter(call);
    const op = this.op(kw(rest, ["op"], { op: SUM as unknown }).op, call);
    return this.objColl(call, "exscan", obj, undefined, (cs) => cs, (cs, me) => (me === 0 ? null : structuredClone(reduceValues(op, cs as unknown[], 0, me))), `op=${op.name}`);
  }

  // ------------------------------------------------------------ communicator management

  /** Stable id for a communicator created by this slot. */
  private childId(tag: string): string {
    return `${this.ctx.id}.${tag}${this.ctx.collSeq[this.ctx.localRank(this.owner)]}`;
  }

  Dup(): Promise<TComm> {
    const call = "Comm.Dup";
    this.enter(call);
    const id = this.childId("d");
    return this.run(
      call,
      {
        kind: "Dup",
        contrib: null,
        compute: () => new CommContext(id, this.ctx.group, `${this.ctx.name}.Dup`, this.ctx.cart),
        deliver: (ctx, req) => {
          req.result = this.spawn(ctx);
        },
      },
      "",
      false,
    );
  }

  Split(...rest: unknown[]): Promise<TComm | null> {
    const call = "Comm.Split";
    this.enter(call);
    const a = kw(rest, ["color", "key"], { color: 0 as unknown, key: 0 as unknown });
    if (typeof a.color !== "number" || !Number.isInteger(a.color) || (a.color < 0 && a.color !== UNDEFINED)) {
      throw this.world.error("ERR_ARG", `Split color must be a non-negative integer or UNDEFINED, got ${show(a.color)}`, call);
    }
    if (typeof a.key !== "number" || !Number.isInteger(a.key)) throw this.world.error("ERR_ARG", `Split key must be an integer, got ${show(a.key)}`, call);
    const color = a.color;
    const id = this.childId("s");
    const me = this.ctx.localRank(this.owner);
    return this.run(
      call,
      {
        kind: "Split",
        contrib: [color, a.key as number],
        compute: (cs) => {
          // MPI 4.1 §7.4.2: ranks ordered by key, ties broken by rank in the old communicator.
          const byColor = new Map<number, CommContext>();
          const colors = [...new Set(cs.map((c) => c[0]))].filter((c) => c !== UNDEFINED).sort((x, y) => x - y);
          for (const c of colors) {
            const members = cs
              .map((v, i) => ({ key: v[1], i, color: v[0] }))
              .filter((v) => v.color === c)
              .sort((x, y) => x.key - y.key || x.i - y.i)
              .map((v) => this.ctx.worldRank(v.i));
            byColor.set(c, new CommContext(`${id}c${c}`, members, `${this.ctx.name}.Split(${c})`));
          }
          return byColor;
        },
        deliver: (byColor, req) => {
          const ctx = byColor.get(color);
          req.result = ctx ? this.spawn(ctx) : null;
        },
      },
      `color=${color} key=${a.key} (rank ${me})`,
      false,
    );
  }

  /** Comm.Create(group): members of group get the new communicator, others null. */
  Create(group: Group): Promise<TComm | null> {
    const call = "Comm.Create";
    this.enter(call);
    // MPI 4.1 §7.4.2: a subgroup of this communicator's group (ranks of other communicators cannot join).
    if (!(group instanceof Group)) throw this.world.error("ERR_GROUP", `Comm.Create needs an MPI.Group, got ${show(group)}`, call);
    if (group.freed) throw this.world.error("ERR_GROUP", "Comm.Create with a freed group (MPI_GROUP_NULL after Group.Free)", call);
    const outside = group.members.find((w) => this.ctx.localRank(w) < 0);
    if (outside !== undefined) throw this.world.error("ERR_GROUP", `the group holds world rank ${outside}, which is not in ${this.ctx.name}`, call);
    const id = this.childId("g");
    return this.run(
      call,
      {
        kind: "Create",
        sig: group.members.join(","),
        contrib: null,
        compute: () => new CommContext(id, group.members, `${this.ctx.name}.Create`),
        deliver: (ctx, req) => {
          req.result = ctx.localRank(this.owner) >= 0 ? this.spawn(ctx) : null;
        },
      },
      "",
      false,
    );
  }

  Create_cart(...rest: unknown[]): Promise<TCart | null> {
    const call = "Comm.Create_cart";
    this.enter(call);
    const a = kw(rest, ["dims", "periods", "reorder"], { dims: undefined as unknown, periods: null as unknown, reorder: false as unknown });
    const dims = a.dims;
    if (!Array.isArray(dims) || dims.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw this.world.error("ERR_DIMS", `Create_cart dims must be positive integers, got ${show(dims)}`, call);
    }
    const n = dims.reduce((x: number, y: number) => x * y, 1);
    if (n > this.ctx.size) throw this.world.error("ERR_DIMS", `Create_cart grid of ${n} processes exceeds the communicator size ${this.ctx.size}`, call);
    const periods = Array.isArray(a.periods) ? a.periods.map(Boolean) : new Array(dims.length).fill(Boolean(a.periods));
    if (periods.length !== dims.length) throw this.world.error("ERR_DIMS", `periods has ${periods.length} entries for ${dims.length} dims`, call);
    const id = this.childId("t");
    return this.run(
      call,
      {
        kind: "Create_cart",
        sig: `${dims.join("x")}/${periods.map(Number).join("")}`,
        contrib: null,
        compute: () => new CommContext(id, this.ctx.group.slice(0, n), `${this.ctx.name}.Cart`, { dims: [...dims], periods }),
        deliver: (ctx, req) => {
          req.result = ctx.localRank(this.owner) >= 0 ? this.spawn(ctx) : null;
        },
      },
      `dims=[${dims.join(",")}]`,
      false,
    );
  }

  /** MPI_Comm_free (mpi4py: local marking; the collective synchronisation is not modelled). */
  Free(): void {
    const call = "Comm.Free";
    this.enter(call);
    if (this.ctx.id === "w" || this.ctx.id.startsWith("self")) throw this.world.error("ERR_COMM", `cannot free ${this.ctx.name}`, call);
    this.world.localCall(call, "", { comm: this.ctx.id });
    this.freed = true;
  }
}

export { isBufferLike };
