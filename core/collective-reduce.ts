import { IN_PLACE } from "./constants.ts";
import { kw, show } from "./args.ts";
import type { CollectiveSpec } from "./collective.ts";
import type { Request } from "./request.ts";
import type { BufferUse } from "./collective-checks.ts";
import { DataMovementMethods } from "./collective-move.ts";
import { reduceRange, reductionSig, type Packed } from "./collective-data.ts";
import { SUM } from "./datatype/index.ts";

/**
 * Typed reductions (MPI 4.1 §6.9–§6.11): Reduce, Allreduce, Reduce_scatter(_block), Scan and
 * Exscan, each blocking and non-blocking. The op is checked on this rank's datatype at the call.
 */
export abstract class ReductionMethods extends DataMovementMethods {
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
}
