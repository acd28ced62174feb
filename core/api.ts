/**
 * The MPI namespace a rank receives: shaped like mpi4py's `MPI` module (SPEC §1–§2). Constants,
 * datatypes and ops are shared by all ranks; communicator handles, Wtime and the like are the
 * rank's own.
 */
import * as C from "./constants.ts";
import { ERROR_CLASSES, MPIException } from "./errors.ts";
import { localMistake, show } from "./args.ts";
import { Comm, Cartcomm } from "./comm.ts";
import { CommContext } from "./context.ts";
import { Group } from "./group.ts";
import { RANK_BINDING, Request } from "./request.ts";
import { Prequest } from "./prequest.ts";
import { STATUS_OWNER, Status } from "./status.ts";
import * as DT from "./datatype/index.ts";
import { RMA_CONSTANTS, rmaNamespace } from "./rma/index.ts";
import { IO_CONSTANTS, ioNamespace } from "./io/index.ts";
import type { World } from "./world.ts";

/** Compute_dims refuses more dimensions than this (an mpisim bound: the array is allocated). */
const MAX_DIMS = 1 << 16;

const shared = {
  BYTE: DT.BYTE, PACKED: DT.PACKED, CHAR: DT.CHAR, WCHAR: DT.WCHAR, SIGNED_CHAR: DT.SIGNED_CHAR,
  UNSIGNED_CHAR: DT.UNSIGNED_CHAR, SHORT: DT.SHORT, UNSIGNED_SHORT: DT.UNSIGNED_SHORT, INT: DT.INT,
  UNSIGNED: DT.UNSIGNED, LONG: DT.LONG, UNSIGNED_LONG: DT.UNSIGNED_LONG, LONG_LONG: DT.LONG_LONG,
  LONG_LONG_INT: DT.LONG_LONG_INT, UNSIGNED_LONG_LONG: DT.UNSIGNED_LONG_LONG, FLOAT: DT.FLOAT,
  DOUBLE: DT.DOUBLE, C_BOOL: DT.C_BOOL, INT8_T: DT.INT8_T, INT16_T: DT.INT16_T,
  INT32_T: DT.INT32_T, INT64_T: DT.INT64_T, UINT8_T: DT.UINT8_T, UINT16_T: DT.UINT16_T,
  UINT32_T: DT.UINT32_T, UINT64_T: DT.UINT64_T, AINT: DT.AINT, OFFSET: DT.OFFSET, COUNT: DT.COUNT,
  FLOAT_INT: DT.FLOAT_INT, DOUBLE_INT: DT.DOUBLE_INT, LONG_INT: DT.LONG_INT, TWOINT: DT.TWOINT,
  SHORT_INT: DT.SHORT_INT, DATATYPE_NULL: DT.DATATYPE_NULL,
  "2INT": DT.TWOINT,
  SUM: DT.SUM, PROD: DT.PROD, MAX: DT.MAX, MIN: DT.MIN, LAND: DT.LAND, LOR: DT.LOR, LXOR: DT.LXOR,
  BAND: DT.BAND, BOR: DT.BOR, BXOR: DT.BXOR, MAXLOC: DT.MAXLOC, MINLOC: DT.MINLOC,
  REPLACE: DT.REPLACE, NO_OP: DT.NO_OP, OP_NULL: DT.OP_NULL,
  ORDER_C: DT.ORDER_C, ORDER_FORTRAN: DT.ORDER_FORTRAN,
  DISTRIBUTE_NONE: 0, DISTRIBUTE_BLOCK: 1, DISTRIBUTE_CYCLIC: 2, DISTRIBUTE_DFLT_DARG: -1,
  Datatype: DT.Datatype,
  Op: DT.Op,
  Request,
  Prequest,
  Status,
  Group,
  Comm,
  Intracomm: Comm,
  Cartcomm,
  Info: C.Info,
  Exception: MPIException,
  INFO_NULL: C.INFO_NULL,
  ANY_SOURCE: C.ANY_SOURCE,
  ANY_TAG: C.ANY_TAG,
  PROC_NULL: C.PROC_NULL,
  ROOT: C.ROOT,
  UNDEFINED: C.UNDEFINED,
  TAG_UB: C.TAG_UB,
  IN_PLACE: C.IN_PLACE as typeof C.IN_PLACE,
  BOTTOM: C.BOTTOM as typeof C.BOTTOM,
  IDENT: C.IDENT,
  CONGRUENT: C.CONGRUENT,
  SIMILAR: C.SIMILAR,
  UNEQUAL: C.UNEQUAL,
  THREAD_SINGLE: C.THREAD_SINGLE,
  THREAD_FUNNELED: C.THREAD_FUNNELED,
  THREAD_SERIALIZED: C.THREAD_SERIALIZED,
  THREAD_MULTIPLE: C.THREAD_MULTIPLE,
  COMM_NULL: null,
  REQUEST_NULL: null,
  GROUP_EMPTY: new Group([], -1),
  ...ERROR_CLASSES,
  ...RMA_CONSTANTS,
  ...IO_CONSTANTS,
  /** MPI 4.1 */
  Get_version(): [number, number] {
    return [4, 1];
  },
  Get_library_version(): string {
    return "mpisim 0.1 (simulated MPI 4.1)";
  },
  Wtick(): number {
    return 1e-9;
  },
  Is_initialized(): boolean {
    return true;
  },
  Is_finalized(): boolean {
    return false;
  },
  Init(): void {},
  Finalize(): void {},
  Query_thread(): number {
    return C.THREAD_SINGLE;
  },
  /**
   * MPI_Dims_create (MPI 4.1 §8.5.2): split nnodes over ndims dimensions as evenly as possible,
   * in non-increasing order; entries of `dims` > 0 are kept. `dims` is ndims or an array.
   */
  Compute_dims(nnodes: number, dims: number | readonly number[]): number[] {
    const call = "Compute_dims";
    const fail = (message: string): never => {
      throw new MPIException("ERR_DIMS", message, call);
    };
    if (!Number.isInteger(nnodes) || nnodes < 1) fail(`nnodes must be a positive integer, got ${show(nnodes)}`);
    let d: number[];
    if (typeof dims === "number") {
      if (!Number.isInteger(dims) || dims < 0 || dims > MAX_DIMS) fail(`ndims must be an integer in 0..${MAX_DIMS}, got ${dims}`);
      d = new Array<number>(dims).fill(0);
    } else if (Array.isArray(dims) && dims.length <= MAX_DIMS && dims.every((x) => Number.isInteger(x) && x >= 0)) {
      d = [...dims];
    } else {
      return fail(`dims must be ndims or an array of non-negative integers (at most ${MAX_DIMS}), got ${show(dims)}`);
    }
    let rest = nnodes;
    for (const x of d) if (x > 0) rest /= x;
    const free = d.map((x, i) => (x > 0 ? -1 : i)).filter((i) => i >= 0);
    if (!Number.isInteger(rest) || (free.length === 0 && rest !== 1)) fail(`cannot split ${nnodes} processes over the fixed dims ${show(dims)}`);
    // Prime factors, largest first, each to the currently smallest free dimension.
    const factors: number[] = [];
    for (let p = 2; p * p <= rest; p++) {
      while (rest % p === 0) {
        factors.push(p);
        rest /= p;
      }
    }
    if (rest > 1) factors.push(rest);
    const out = free.map(() => 1);
    for (const f of factors.sort((a, b) => b - a)) {
      let k = 0;
      for (let i = 1; i < out.length; i++) if (out[i] < out[k]) k = i;
      out[k] *= f;
    }
    out.sort((a, b) => b - a);
    free.forEach((i, j) => (d[i] = out[j]));
    return d;
  },
};

/** Per-world communicator contexts shared by all ranks' handles. */
class Worlds {
  readonly world: CommContext;
  constructor(w: World) {
    this.world = new CommContext("w", Array.from({ length: w.size }, (_, i) => i), "COMM_WORLD");
  }
}

type Namespace = typeof shared & RankPart & ReturnType<typeof rmaNamespace> & ReturnType<typeof ioNamespace>;

/** Which world and rank a namespace belongs to, and its members made so far (see lazy()). */
const BINDING: unique symbol = Symbol("mpisim.namespaceBinding");
const MADE: unique symbol = Symbol("mpisim.namespaceMembers");
interface Binding {
  world: World;
  rank: number;
}
type Bound = Namespace & { [BINDING]: Binding; [MADE]: Record<string, unknown> };

/**
 * The members every rank's namespace has but few programs touch (Status, Request, Win, File,
 * argv…): built on first access and kept in the namespace's own member table, so a run pays
 * only for what its program uses (issue 15: the per-run fixed cost was mostly these — a class
 * per rank for Status, one per world for File, closures for Win). A getter on the namespaces'
 * common prototype; assigning the member replaces it, as on a plain object. Kept in a table
 * rather than redefined as an own property: Object.defineProperty per member per rank per run
 * was a tenth of a short run, and it turns the namespace into a slow dictionary object.
 */
const rankProto = Object.create(shared) as object;
function lazy(name: string, make: (b: Binding, ns: Bound) => unknown): void {
  Object.defineProperty(rankProto, name, {
    // Enumerable, as own properties would be: `for (const k in MPI)` lists them.
    enumerable: true,
    configurable: true,
    get(this: Bound) {
      const made = this[MADE];
      let v = made[name];
      if (v === undefined && !(name in made)) made[name] = v = make(this[BINDING], this);
      return v;
    },
    set(this: Bound, v: unknown) {
      this[MADE][name] = v;
    },
  });
}
lazy("Wtime", ({ world, rank }) => ({ Wtime() { return world.ranks[rank].clock; } }).Wtime);
lazy("Get_processor_name", ({ rank }) => ({ Get_processor_name() { return `mpisim-node${rank}`; } }).Get_processor_name);
lazy("argv", ({ world }) => [...world.opts.argv]);
lazy("Compute_dims", ({ world, rank }) => ({
  Compute_dims(nnodes: number, dims: number | readonly number[]) {
    try {
      return shared.Compute_dims(nnodes, dims);
    } catch (e) {
      if (!(e instanceof MPIException)) throw e;
      throw localMistake(world, rank, e.errorClass, e.message.replace(/^ERR_[A-Z_]+: /, ""), e.call);
    }
  },
}).Compute_dims);
lazy("Status", ({ world, rank }) => rankStatus(world, rank));
lazy("Request", ({ world, rank }) => bindStatics(Request, world, rank));
lazy("Prequest", ({ world, rank }) => bindStatics(Prequest, world, rank));
const RMA_MEMBERS = ["Win", "Get_address", "Aint_add", "Aint_diff"] as const;
for (const name of RMA_MEMBERS) {
  lazy(name, ({ world }, ns) => {
    // One rmaNamespace per rank: its members share the Win statics object.
    const rma = rmaNamespace(world, ns.COMM_SELF);
    const made = ns[MADE];
    for (const other of RMA_MEMBERS) if (other !== name && !(other in made)) made[other] = rma[other];
    return rma[name];
  });
}
lazy("File", ({ world }) => ioNamespace(world).File);

/** Build rank `rank`'s MPI namespace. */
export function createNamespace(world: World, rank: number): Namespace {
  const ctxs = world.sub("comm-contexts", () => new Worlds(world));
  const ns = Object.create(rankProto) as Bound;
  // Plain assignments in one order: every namespace gets the same fast object shape.
  ns[BINDING] = { world, rank };
  ns[MADE] = {};
  ns.COMM_WORLD = new Comm(world, ctxs.world, rank);
  ns.COMM_SELF = new Comm(world, new CommContext(`self${rank}`, [rank], "COMM_SELF"), rank);
  return ns;
}

interface RankPart {
  COMM_WORLD: Comm;
  COMM_SELF: Comm;
  Wtime(): number;
  Get_processor_name(): string;
  /** The program and its arguments (`mpisim run prog.ts -- a b`: ["prog.ts", "a", "b"]), like sys.argv; each rank has its own copy. */
  argv: string[];
  Compute_dims(nnodes: number, dims: number | readonly number[]): number[];
  Status: typeof Status;
  Request: typeof Request;
  Prequest: typeof Prequest;
}

/** The rank's MPI.Status: statuses it makes know the rank (see STATUS_OWNER); instanceof accepts any Status. */
function rankStatus(world: World, rank: number): typeof Status {
  const owner = { world, rank };
  class RankStatus extends Status {
    constructor() {
      super();
      Object.defineProperty(this, STATUS_OWNER, { value: owner });
    }
    static [Symbol.hasInstance](x: unknown): boolean {
      return x instanceof Status;
    }
  }
  Object.defineProperty(RankStatus, "name", { value: "Status" });
  return RankStatus;
}

/**
 * The rank's MPI.Request / MPI.Prequest: the class itself as far as user code can tell (statics,
 * prototype, instanceof), tagged with the rank so that a static call whose list holds no request
 * (`MPI.Request.Waitall("oops")`) still reports its mistake as that rank's mpi-error.
 */
function bindStatics<T extends typeof Request>(cls: T, world: World, rank: number): T {
  const bound = Object.create(cls) as T;
  Object.defineProperty(bound, RANK_BINDING, { value: { world, rank } });
  Object.defineProperty(bound, Symbol.hasInstance, { value: (x: unknown) => x instanceof cls });
  return bound;
}

/** The type of the namespace each rank's main receives: `import type { MPI } from "mpisim"`. */
export type MPI = ReturnType<typeof createNamespace>;
