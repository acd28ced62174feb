import { ANY_SOURCE, ANY_TAG, BOTTOM, PROC_NULL, TAG_UB } from "./constants.ts";
import { ALLOW_NULL, DEFAULT_OPTIONS, resolveBuffer, resolveVBuffer, type ResolvedBuffer, type ResolvedVBuffer } from "./datatype/index.ts";
import type { CommContext } from "./context.ts";
import { enterOwned, show } from "./args.ts";
import { Status } from "./status.ts";
import type { RankState, World } from "./world.ts";

/** What every communicator handle has: its world, shared context, owner, and argument checks. */
export abstract class CommBase {
  /** World rank of the member owning this handle. */
  readonly owner: number;
  freed = false;

  constructor(
    readonly world: World,
    readonly ctx: CommContext,
    owner: number,
  ) {
    this.owner = owner;
  }

  /** console.log(comm) in a rank prints the handle, not the whole simulated world behind it. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `<${this.constructor.name} ${this.ctx.name} rank ${this.ctx.localRank(this.owner)} of ${this.ctx.size}${this.freed ? " (freed)" : ""}>`;
  }

  /** The calling rank must own this handle, and the handle must be live. */
  protected enter(call: string): RankState {
    const st = enterOwned(this.world, this.owner, call, "communicator handle", "ERR_COMM");
    if (this.freed) throw this.world.error("ERR_COMM", `communicator ${this.ctx.name} was freed`, call);
    return st;
  }

  protected peer(r: unknown, call: string, what: "dest" | "source" | "root"): number {
    const ok = typeof r === "number" && Number.isInteger(r);
    if (ok && r >= 0 && r < this.ctx.size) return r;
    if (ok && r === PROC_NULL && what !== "root") return r;
    if (ok && r === ANY_SOURCE && what === "source") return r;
    throw this.world.error(
      what === "root" ? "ERR_ROOT" : "ERR_RANK",
      `invalid ${what} rank ${show(r)} on ${this.ctx.name} of size ${this.ctx.size}`,
      call,
    );
  }

  protected tag(t: unknown, call: string, allowAny: boolean): number {
    if (typeof t === "number" && Number.isInteger(t) && ((t >= 0 && t <= TAG_UB) || (allowAny && t === ANY_TAG))) return t;
    throw this.world.error("ERR_TAG", `invalid tag ${show(t)} (must be 0..${TAG_UB}${allowAny ? " or ANY_TAG" : ""})`, call);
  }

  /** A status argument: an MPI.Status, or null/undefined for none. */
  protected statusArg(s: unknown, call: string): Status | null {
    if (s === null || s === undefined) return null;
    if (s instanceof Status) return s;
    throw this.world.error("ERR_ARG", `status must be an MPI.Status or null, got ${show(s)}`, call);
  }

  /**
   * The copy a lower-case call sends of a JS value, taken at the call as mpi4py pickles it there
   * (later changes to the object are not sent). A value structuredClone cannot copy (a function,
   * a class instance with private state…) is the caller's ERR_ARG.
   */
  protected cloneArg<T>(value: T, call: string): T {
    try {
      return structuredClone(value);
    } catch (e) {
      throw this.world.error("ERR_ARG", `cannot send this value: lower-case calls move structured-clonable values (${(e as Error).message})`, call);
    }
  }

  /** Resolve a buffer spec, turning the datatype layer's MPIException into a reported one. */
  /**
   * mpi4py's message specs: `[None, …]` and `[BOTTOM, …]` are an empty message at MPI_BOTTOM, and
   * a bare null is accepted where allowNull (e.g. a PROC_NULL peer, whose message mpi4py ignores).
   * BOTTOM with a non-zero count would need absolute addresses, which JS buffers do not have.
   */
  protected buf(spec: unknown, call: string, allowNull = false): ResolvedBuffer {
    let nullOk = allowNull;
    if (Array.isArray(spec) && (spec[0] === null || spec[0] === BOTTOM)) {
      nullOk = true;
      if (spec[0] === BOTTOM) {
        const count = spec[1];
        if ((typeof count === "number" && count > 0) || (Array.isArray(count) && count[0] > 0)) {
          throw this.world.error("ERR_BUFFER", `MPI.BOTTOM with count ${show(count)}: absolute addresses (MPI_Get_address) do not exist for JS buffers; pass the typed array`, call);
        }
        spec = [null, ...spec.slice(1)];
      }
    } else if (spec === BOTTOM) spec = null;
    try {
      return resolveBuffer(spec, call, nullOk ? ALLOW_NULL : DEFAULT_OPTIONS);
    } catch (e) {
      throw this.world.adopt(e);
    }
  }

  protected vbuf(spec: unknown, call: string, allowNull = false): ResolvedVBuffer {
    try {
      return resolveVBuffer(spec, call, this.ctx.size, { allowNull });
    } catch (e) {
      throw this.world.adopt(e);
    }
  }
}
