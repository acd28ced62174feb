import { PROC_NULL, IDENT, CONGRUENT, UNEQUAL } from "./constants.ts";
import { MPIException, formatLoc } from "./errors.ts";
import { currentCallLoc } from "./instrument-runtime.ts";
import { show } from "./args.ts";
import { CommContext } from "./context.ts";
import type { World } from "./world.ts";
import { Group } from "./group.ts";
import { PointToPoint } from "./comm-p2p.ts";

export type { MessageSpec } from "./comm-p2p.ts";

/**
 * mpi4py's MPI.Comm (intracommunicator): one handle per member rank. Point-to-point in
 * PointToPoint (core/comm-p2p.ts); collectives and communicator management in CollectiveMethods
 * (core/collectives.ts).
 */
export class Comm extends PointToPoint<Comm, Cartcomm> {
  constructor(world: World, ctx: CommContext, owner: number) {
    super(world, ctx, owner);
  }

  protected spawn(ctx: CommContext): Comm {
    const w = this.world;
    // The new communicator's life starts here for the resource-leak checker (Comm.Free ends it).
    if (w.recording) w.emit({ t: "alloc", step: w.step, rank: this.owner, time: w.now(this.owner), kind: "comm", id: ctx.id });
    return ctx.cart ? new Cartcomm(w, ctx, this.owner) : new Comm(w, ctx, this.owner);
  }

  get rank(): number {
    return this.ctx.localRank(this.owner);
  }
  get size(): number {
    return this.ctx.size;
  }
  Get_rank(): number {
    return this.ctx.localRank(this.owner);
  }
  Get_size(): number {
    return this.ctx.size;
  }
  Get_name(): string {
    return this.ctx.name;
  }
  Set_name(name: string): void {
    this.ctx.name = name;
  }
  Get_group(): Group {
    this.enter("Comm.Get_group");
    return Group.made(this.ctx.group, this.owner, this.world, "Comm.Get_group");
  }
  get group(): Group {
    return this.Get_group();
  }
  Is_inter(): boolean {
    return false;
  }
  Is_intra(): boolean {
    return true;
  }
  Compare(other: Comm): number {
    if (other.ctx === this.ctx) return IDENT;
    const a = this.ctx.group;
    const b = other.ctx.group;
    return a.length === b.length && a.every((x, i) => x === b[i]) ? CONGRUENT : UNEQUAL;
  }

  /** MPI_Abort: ends the whole run. */
  async Abort(errorcode = 0): Promise<never> {
    const st = this.enter("Comm.Abort");
    const code = show(errorcode);
    this.world.localCall("Comm.Abort", `errorcode=${code}`);
    const loc = currentCallLoc();
    this.world.report({ kind: "mpi-error", message: `rank ${st.rank} called Abort(${code})`, ranks: [st.rank], errorClass: "ERR_OTHER", call: "Comm.Abort", loc, where: loc ? formatLoc(loc) : undefined });
    this.world.abort(`rank ${st.rank} called Abort(${code})`);
    // Park forever: the scheduler stops scheduling after an abort.
    return this.world.block<never>({ call: "Comm.Abort", ready: () => false, complete: () => undefined as never });
  }
}

/** mpi4py's MPI.Cartcomm: a communicator with a Cartesian topology (MPI 4.1 §8.5). */
export class Cartcomm extends Comm {
  /** mpi4py: the Dup of a Cartcomm is a Cartcomm (same topology). */
  override Dup(): Promise<Cartcomm> {
    return super.Dup() as Promise<Cartcomm>;
  }
  get dims(): number[] {
    return [...this.ctx.cart!.dims];
  }
  get periods(): boolean[] {
    return [...this.ctx.cart!.periods];
  }
  get ndim(): number {
    return this.ctx.cart!.dims.length;
  }
  get coords(): number[] {
    return this.Get_coords(this.Get_rank());
  }
  Get_dim(): number {
    return this.ndim;
  }
  Get_topo(): [number[], boolean[], number[]] {
    return [this.dims, this.periods, this.coords];
  }
  /** Row-major coordinates of `rank` (MPI 4.1 §8.5.4). */
  Get_coords(rank: number): number[] {
    this.enter("Cartcomm.Get_coords");
    const dims = this.ctx.cart!.dims;
    if (!Number.isInteger(rank) || rank < 0 || rank >= this.ctx.size) throw this.world.error("ERR_RANK", `invalid rank ${rank} for Get_coords`, "Cartcomm.Get_coords");
    const out = new Array<number>(dims.length);
    let r = rank;
    for (let i = dims.length - 1; i >= 0; i--) {
      out[i] = r % dims[i];
      r = Math.floor(r / dims[i]);
    }
    return out;
  }
  /** Rank at `coords`; periodic dimensions wrap, others must be in range. */
  Get_cart_rank(coords: readonly number[]): number {
    const call = "Cartcomm.Get_cart_rank";
    this.enter(call);
    const { dims, periods } = this.ctx.cart!;
    if (!Array.isArray(coords) || !coords.every((c) => Number.isInteger(c))) throw this.world.error("ERR_ARG", `coords must be an array of integers, got ${show(coords)}`, call);
    if (coords.length !== dims.length) throw this.world.error("ERR_DIMS", `expected ${dims.length} coordinates, got ${coords.length}`, call);
    let r = 0;
    for (let i = 0; i < dims.length; i++) {
      let c = coords[i];
      if (periods[i]) c = ((c % dims[i]) + dims[i]) % dims[i];
      else if (c < 0 || c >= dims[i]) throw this.world.error("ERR_RANK", `coordinate ${c} out of range 0..${dims[i] - 1} in non-periodic dimension ${i}`, "Cartcomm.Get_cart_rank");
      r = r * dims[i] + c;
    }
    return r;
  }
  /** [source, dest] for a shift of `disp` along `direction` (PROC_NULL off a non-periodic edge). */
  Shift(direction: number, disp: number): [number, number] {
    this.enter("Cartcomm.Shift");
    const { dims, periods } = this.ctx.cart!;
    if (!Number.isInteger(direction) || direction < 0 || direction >= dims.length) throw this.world.error("ERR_DIMS", `invalid direction ${direction}`, "Cartcomm.Shift");
    if (!Number.isInteger(disp)) throw this.world.error("ERR_ARG", `disp must be an integer, got ${show(disp)}`, "Cartcomm.Shift");
    const me = this.coords;
    const at = (d: number): number => {
      const c = [...me];
      c[direction] += d;
      if (!periods[direction] && (c[direction] < 0 || c[direction] >= dims[direction])) return PROC_NULL;
      return this.Get_cart_rank(c);
    };
    return [at(-disp), at(disp)];
  }
}

export { MPIException };
