import { IN_PLACE } from "./constants.ts";
import { show } from "./args.ts";
import { CommBase } from "./comm-base.ts";
import { joinCollective, type CollectiveSpec } from "./collective.ts";
import { Request } from "./request.ts";
import { RequestWait, resultOf, waitJoined } from "./request-wait.ts";
import { aliased, type BufferUse } from "./collective-checks.ts";
import { packOf, type Packed } from "./collective-data.ts";
import { REPLACE, NO_OP, checkOpDatatype, unpack, Op, type Datatype, type ResolvedBuffer } from "./datatype/index.ts";

/**
 * The first link of the collective methods of a communicator (MPI 4.1 §6): how a method runs one
 * collective as a slot of the collective engine (core/collective.ts), blocking or not, and the
 * argument checks every typed collective shares. Barrier, which moves no data, is the smallest
 * example. The links after it, each one family: DataMovementMethods (core/collective-move.ts),
 * ReductionMethods (core/collective-reduce.ts), ObjectCollectiveMethods (lower-case,
 * core/collective-objects.ts), CollectiveMethods (communicator management, core/collectives.ts).
 */
export abstract class CollectiveBase extends CommBase {
  /** Deliver packed bytes into a receive buffer, raising ERR_TRUNCATE when they do not fit. */
  protected put(data: Uint8Array, b: ResolvedBuffer, count: number, byteOffset: number, call: string, req: Request): void {
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
  protected run<C, R>(call: string, spec: CollectiveSpec<C, R>, args: string, nonblocking: true, uses?: BufferUse[]): Request;
  protected run<C, R, T>(call: string, spec: CollectiveSpec<C, R>, args: string, nonblocking: false, uses?: BufferUse[]): Promise<T>;
  protected run<C, R, T = void>(call: string, spec: CollectiveSpec<C, R>, args: string, nonblocking: boolean, uses?: BufferUse[]): Request | Promise<T>;
  protected run<C, R, T>(call: string, spec: CollectiveSpec<C, R>, args: string, nonblocking: boolean, uses: BufferUse[] = []): Request | Promise<T> {
    this.noAlias(call, uses);
    if (nonblocking) {
      spec.kind = `I${spec.kind[0].toLowerCase()}${spec.kind.slice(1)}`;
      const req = new Request(this.world, this.owner, this.world.newRequestId(), "coll");
      this.world.localCall(call, args, { comm: this.ctx.id, reqs: [req.id] });
      for (const [b, mode] of uses) if (b !== null && !b.isNull) req.useSpec(b, mode);
      return joinCollective(this.world, this.ctx, spec, call, req);
    }
    const w = this.world;
    return waitJoined(w, new RequestWait<T>(call, [], resultOf), args, w.recording ? { comm: this.ctx.id } : undefined, () => joinCollective(w, this.ctx, spec, call));
  }

  private noAlias(call: string, uses: BufferUse[]): void {
    const overlap = aliased(uses);
    if (overlap !== null) throw this.world.error("ERR_BUFFER", `${overlap}; use MPI.IN_PLACE (MPI 4.1 §2.3, §6.1.1)`, call);
  }

  /** The op of a lower-case (object) reduction. */
  protected op(o: unknown, call: string): Op {
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
  protected typedOp(o: unknown, dt: Datatype, call: string): Op {
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
  protected blocks(count: number, n: number, what: string, call: string): number {
    if (count % n !== 0) throw this.world.error("ERR_COUNT", `cannot infer the count: ${what} holds ${count} elements, not a multiple of the ${n} processes (give [buf, count, datatype])`, call);
    return count / n;
  }

  /** The rank's typed contribution, honouring IN_PLACE (taken from the receive buffer). */
  protected contribution(sendbuf: unknown, recvbuf: unknown, call: string): Packed & { sb: ResolvedBuffer } {
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
}
