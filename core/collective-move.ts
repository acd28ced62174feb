import { IN_PLACE } from "./constants.ts";
import { kw } from "./args.ts";
import type { CollectiveSpec } from "./collective.ts";
import type { Request } from "./request.ts";
import { blockSig, checkBlocks, typeSig, vspan, type Block, type BufferUse, type VSide } from "./collective-checks.ts";
import { currentCallLoc } from "./instrument-runtime.ts";
import { CollectiveBase } from "./collective-base.ts";
import { concat, countIsExplicit, packOf } from "./collective-data.ts";
import { pack, type ResolvedBuffer } from "./datatype/index.ts";

/**
 * Typed collectives that move data without combining it (MPI 4.1 §6.4–§6.8): broadcast, the
 * gather and scatter families with their v-forms, and all-to-all; each blocking and non-blocking.
 */
export abstract class DataMovementMethods extends CollectiveBase {
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
}
