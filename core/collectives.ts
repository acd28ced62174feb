import { UNDEFINED } from "./constants.ts";
import { kw, show } from "./args.ts";
import { CommContext } from "./context.ts";
import { Group } from "./group.ts";
import { ObjectCollectiveMethods } from "./collective-objects.ts";
import { isBufferLike } from "./datatype/index.ts";

/**
 * Collective operations and communicator management (MPI 4.1 §6, §7), typed (upper-case) and
 * object (lower-case) forms. Each is one slot of the collective engine (core/collective.ts).
 * The collectives come in a chain of classes, one family each: CollectiveBase (running one
 * collective, Barrier), DataMovementMethods (Bcast, gather, scatter, all-to-all),
 * ReductionMethods, ObjectCollectiveMethods (lower-case); this last link creates communicators.
 */
export abstract class CollectiveMethods<TComm = unknown, TCart = TComm> extends ObjectCollectiveMethods {
  /** A handle of the calling rank on a newly created communicator (a Cartcomm when ctx has a topology). */
  protected abstract spawn(ctx: CommContext): TComm;

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
