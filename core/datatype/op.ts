/**
 * Reduction operators (MPI 4.1 §6.9). An Op is a handle; applying it lives in apply-op.ts (typed
 * buffers) and apply-values.ts (mpi4py's lower-case object collectives).
 *
 * Argument order, everywhere: `in op inout`, the left operand is `in`. MPI 4.1 §6.9.5 defines a
 * user function as inoutvec[i] = invec[i] ∘ inoutvec[i], and a reduction over ranks as
 * x0 ∘ x1 ∘ … ∘ x(n-1); so a non-commutative reduction passes the lower ranks' partial result as
 * `in` and the higher ranks' as `inout`.
 */
import { MPIException } from "../errors.ts";
import type { Datatype } from "./datatype.ts";
import { opEvent } from "../hooks.ts";

/** What a predefined op may be applied to (MPI 4.1 §6.9.2 groups of basic types). */
type OpClass = "arith" | "minmax" | "logical" | "bitwise" | "loc" | "replace" | "noop";

/** The internal shape of a user function: buffers for typed calls, any values for object calls. */
export type UserFunctionImpl = (invec: unknown, inoutvec: unknown, datatype: Datatype | null) => unknown;

export class Op {
  readonly name: string;
  readonly commute: boolean;
  readonly isPredefined: boolean;
  /** the predefined op's family, null for user ops */
  readonly opClass: OpClass | null;
  /** user ops only */
  readonly fn: UserFunctionImpl | null;
  /** OP_NULL only */
  readonly isNull: boolean;
  freed = false;

  private constructor(name: string, commute: boolean, opClass: OpClass | null, fn: UserFunctionImpl | null, isNull = false) {
    this.name = name;
    this.commute = commute;
    this.isPredefined = fn === null;
    this.opClass = opClass;
    this.fn = fn;
    this.isNull = isNull;
  }

  /** @internal predefined constants */
  static predefined(name: string, opClass: OpClass | null, isNull = false): Op {
    return new Op(name, true, opClass, null, isNull);
  }

  /**
   * mpi4py: Op.Create(function, commute=False). For buffer reductions the function receives
   * (invec, inoutvec, datatype) and must update inoutvec in place: typed arrays of the element
   * type for predefined numeric datatypes, else Uint8Arrays holding count·extent bytes laid out as
   * the datatype says. For the lower-case object collectives it receives (x, y, null) and returns
   * x ∘ y, as in mpi4py.
   */
  static Create<In = unknown, InOut = In>(
    fn: (invec: In, inoutvec: InOut, datatype: Datatype | null) => unknown, commute = false,
  ): Op {
    if (typeof fn !== "function") throw new MPIException("ERR_ARG", "Op.Create needs a function", "Op.Create");
    const op = new Op("user-op", commute === true, null, fn as UserFunctionImpl);
    opEvent("create", op);
    return op;
  }

  Is_commutative(): boolean {
    this.usable("Op.Is_commutative");
    return this.commute;
  }

  Free(): void {
    this.usable("Op.Free");
    if (this.isPredefined) throw new MPIException("ERR_OP", `cannot free predefined operation ${this.name}`, "Op.Free");
    this.freed = true;
    opEvent("free", this);
  }


  /** ERR_OP for OP_NULL or a freed op. */
  usable(call: string): void {
    if (this.isNull) throw new MPIException("ERR_OP", "invalid operation MPI_OP_NULL", call);
    if (this.freed) throw new MPIException("ERR_OP", `operation ${this.name} has been freed`, call);
  }

  toString(): string {
    return this.name;
  }
}

export const SUM = Op.predefined("MPI_SUM", "arith");
export const PROD = Op.predefined("MPI_PROD", "arith");
export const MAX = Op.predefined("MPI_MAX", "minmax");
export const MIN = Op.predefined("MPI_MIN", "minmax");
export const LAND = Op.predefined("MPI_LAND", "logical");
export const LOR = Op.predefined("MPI_LOR", "logical");
export const LXOR = Op.predefined("MPI_LXOR", "logical");
export const BAND = Op.predefined("MPI_BAND", "bitwise");
export const BOR = Op.predefined("MPI_BOR", "bitwise");
export const BXOR = Op.predefined("MPI_BXOR", "bitwise");
export const MAXLOC = Op.predefined("MPI_MAXLOC", "loc");
export const MINLOC = Op.predefined("MPI_MINLOC", "loc");
/** MPI 4.1 §12.3.4: only for accumulate-style RMA calls */
export const REPLACE = Op.predefined("MPI_REPLACE", "replace");
/** MPI 4.1 §12.3.5: only for Get_accumulate / Fetch_and_op (a pure atomic read) */
export const NO_OP = Op.predefined("MPI_NO_OP", "noop");
export const OP_NULL = Op.predefined("MPI_OP_NULL", null, true);

for (const op of [SUM, PROD, MAX, MIN, LAND, LOR, LXOR, BAND, BOR, BXOR, MAXLOC, MINLOC, REPLACE, NO_OP, OP_NULL]) {
  Object.freeze(op);
}

/**
 * Whether a predefined op applies to a predefined type (MPI 4.1 §6.9.2): arithmetic on C
 * integers and floats; logical on C integers and C_BOOL; bitwise on C integers and BYTE; loc
 * ops only on the value–index pairs. MPI_CHAR and MPI_WCHAR hold printable characters and take
 * no reduction. REPLACE and NO_OP move bytes and take anything. User ops take anything.
 */
export function opAppliesTo(op: Op, type: Datatype): boolean {
  const k = type.kind;
  switch (op.opClass) {
    case null:
      return true;
    case "replace":
    case "noop":
      return true;
    case "arith":
    case "minmax":
      return k === "int" || k === "uint" || k === "float";
    case "logical":
      return k === "int" || k === "uint" || k === "bool";
    case "bitwise":
      return k === "int" || k === "uint" || k === "byte";
    case "loc":
      return k === "pair";
  }
}

/**
 * ERR_OP unless op is usable and defined on every basic type datatype is built from. Derived
 * datatypes are accepted when each of their basic types is (what accumulate needs, MPI 4.1
 * §12.3.4); a caller with stricter rules checks datatype.isPredefined itself.
 */
export function checkOpDatatype(op: Op, datatype: Datatype, call: string): void {
  op.usable(call);
  datatype.usable(call);
  if (op.fn !== null) return;
  for (const t of datatype.basicTypes()) {
    if (!opAppliesTo(op, t)) {
      throw new MPIException("ERR_OP", `${op.name} is not defined for ${t.name}${t === datatype ? "" : ` (in ${datatype.describe()})`} (MPI 4.1 §6.9.2)`, call);
    }
  }
}
