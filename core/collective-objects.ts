import { kw } from "./args.ts";
import { ReductionMethods } from "./collective-reduce.ts";
import { reduceValues } from "./collective-data.ts";
import { SUM } from "./datatype/index.ts";

/**
 * mpi4py's lower-case collectives: they move JS values (structured clones taken at the call, as
 * mpi4py pickles them there) instead of typed buffers, and all of them block. (barrier() is
 * with Barrier in core/collective-base.ts.)
 */
export abstract class ObjectCollectiveMethods extends ReductionMethods {
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
}
