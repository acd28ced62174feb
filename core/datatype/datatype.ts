/**
 * MPI datatypes (MPI 4.1 §5.1) with mpi4py's method names. A Datatype is a typemap (kept as a
 * compact tree, see layout.ts) plus its bounds. Constructors are purely local and synchronous;
 * the typemap each one builds is in constructors.ts.
 *
 * Bounds follow MPI 4.1 §5.1.7 (see bounds.ts): explicit lb/ub markers (Create_resized,
 * Create_subarray) set them alone; otherwise the extent is padded (epsilon) to a multiple of the
 * largest alignment of the basic types, as Open MPI 4.1 does ({DOUBLE at 0, INT at 8} has
 * extent 16, not 12). Users who want a packed layout say so with Create_resized.
 */
import { MPIException } from "../errors.ts";
// Every derived datatype made and freed is told to the running world, for the resource-leak
// checker: datatypes are shared by all ranks and worlds (core/hooks.ts finds the world).
import { datatypeEvent } from "../hooks.ts";
import { anyInt, arrayArg, nonNegInt } from "./args.ts";
import { Bounds, nodeSize, trueBounds, type Shape } from "./bounds.ts";
import { EMPTY, leaf, rep, seq, unitTypes, type Node, type UnitType } from "./layout.ts";
import { layoutMemo, type LayoutMemo } from "./layout-memo.ts";
import {
  ORDER_C, alignOf, contiguous, indexed, indexedBlock, resized, subarray, vector, type Derivation,
} from "./constructors.ts";

/** What a predefined type holds; "pair" is one of MAXLOC/MINLOC's value–index types. */
export type BasicKind = "int" | "uint" | "float" | "bool" | "char" | "wchar" | "byte" | "packed" | "pair";

/** MPI 4.1 §5.1.13 combiners (numbering is ours; only the names are observable in mpi4py). */
export const COMBINERS = {
  NAMED: 0, DUP: 1, CONTIGUOUS: 2, VECTOR: 3, HVECTOR: 4, INDEXED: 5, HINDEXED: 6,
  INDEXED_BLOCK: 7, HINDEXED_BLOCK: 8, STRUCT: 9, SUBARRAY: 10, RESIZED: 11,
} as const;
export type Combiner = keyof typeof COMBINERS;

/** A predefined type's description, used once per constant in predefined.ts. */
export interface BasicSpec {
  name: string;
  kind: BasicKind;
  size: number;
  extent: number;
  /** own runs as flat [offset, length, …]; default one run [0, size] */
  unitRuns?: number[];
  /** pair types: the value's type; the int index follows at pairIndexOffset */
  pairValue?: Datatype;
  pairIndexOffset?: number;
  /** alignment in bytes (MPI 4.1 §5.1.7 k_i); default: the size, or the pair value's and int's */
  align?: number;
}

export class Datatype implements UnitType {
  name: string;
  readonly isPredefined: boolean;
  /** DATATYPE_NULL only: every use is ERR_TYPE */
  readonly isNull: boolean;
  /** bytes of data in one element (MPI_Type_size) */
  readonly size: number;
  readonly lb: number;
  readonly extent: number;
  readonly trueLb: number;
  readonly trueExtent: number;
  /** The typemap carries explicit lb/ub markers (MPI 4.1 §5.1.7): made by Create_resized or Create_subarray, or built on such a type. */
  readonly explicitBounds: boolean;
  /** The largest alignment of the basic types in the typemap (1 when empty). */
  readonly align: number;
  committed: boolean;
  freed: boolean;
  /** typemap of one element, relative to the element's origin */
  readonly layout: Node;
  /** predefined: what it holds; derived: "derived" */
  readonly kind: BasicKind | "derived";
  /**
   * The single predefined type this datatype is built from, or null when it mixes types or is
   * empty. MPI 4.1 §12.7.1: accumulate is atomic per basic element only for the same predefined
   * type, and §12.3.4 requires the target type of an accumulate to be built from one.
   */
  readonly basic: Datatype | null;
  /**
   * Built from MPI_BYTE or MPI_PACKED: no signature to compare, it matches anything (MPI 4.1
   * §3.3.1, §5.2). A field, not a lookup per message (signature.ts untyped).
   */
  readonly noSignature: boolean;
  readonly combiner: Combiner;
  /** MPI_Type_get_contents arguments, kept for Get_envelope/Get_contents */
  readonly contents: { integers: readonly number[]; addresses: readonly number[]; datatypes: readonly Datatype[] };
  // UnitType (meaningful for predefined types only)
  readonly dense: boolean;
  readonly unitRuns: readonly number[];
  readonly pairValue: Datatype | null;
  readonly pairIndexOffset: number;
  /** What is derived from the layout's bytes (runs), shared with every datatype of the same layout (layout-memo.ts). */
  readonly layoutMemo: LayoutMemo;

  private constructor(init: {
    name: string; predefined: boolean; isNull?: boolean; kind: BasicKind | "derived"; shape: Shape;
    combiner: Combiner; contents?: Datatype["contents"]; committed: boolean;
    unitRuns?: readonly number[]; pairValue?: Datatype; pairIndexOffset?: number; sizeOverride?: number; align?: number;
  }) {
    this.name = init.name;
    this.isPredefined = init.predefined;
    this.isNull = init.isNull ?? false;
    this.kind = init.kind;
    this.combiner = init.combiner;
    this.contents = init.contents ?? { integers: [], addresses: [], datatypes: [] };
    this.committed = init.committed;
    this.freed = false;
    this.lb = init.shape.lb;
    this.extent = init.shape.extent;
    this.explicitBounds = init.shape.explicit;
    this.pairValue = init.pairValue ?? null;
    this.pairIndexOffset = init.pairIndexOffset ?? 0;
    if (init.predefined && !this.isNull) {
      // A predefined type is its own unit: its layout is one Leaf of itself.
      this.size = init.sizeOverride ?? 0;
      this.unitRuns = init.unitRuns ?? [0, this.size];
      this.dense = this.unitRuns.length === 2 && this.unitRuns[0] === 0 && this.size === this.extent;
      this.layout = leaf(0, 1, this);
      this.basic = this;
      this.noSignature = this.kind === "byte" || this.kind === "packed";
      this.trueLb = this.unitRuns[0];
      const lastRun = this.unitRuns.length - 2;
      this.trueExtent = this.unitRuns[lastRun] + this.unitRuns[lastRun + 1] - this.trueLb;
      this.align = init.align ?? Math.max(1, this.pairValue ? Math.max(this.pairValue.align, 4) : this.size);
    } else {
      this.layout = init.shape.node;
      this.unitRuns = [];
      this.dense = false;
      const t = trueBounds(this.layout);
      this.size = nodeSize(this.layout);
      this.trueLb = t.lo;
      this.trueExtent = t.hi - t.lo;
      const units = unitTypes(this.layout);
      // Leaves only ever hold predefined Datatypes (leaf() is called with `this` above).
      this.basic = units.length === 1 ? (units[0] as Datatype) : null;
      this.noSignature = !this.isNull && units.some((u) => (u as Datatype).kind === "byte" || (u as Datatype).kind === "packed");
      this.align = alignOf(this.layout);
      datatypeEvent("create", this);
    }
    this.layoutMemo = layoutMemo(this.layout, this.extent);
  }

  /** @internal used by predefined.ts */
  static predefined(spec: BasicSpec): Datatype {
    return new Datatype({
      name: spec.name, predefined: true, kind: spec.kind, combiner: "NAMED", committed: true,
      shape: { node: EMPTY, lb: 0, extent: spec.extent, explicit: false }, sizeOverride: spec.size, align: spec.align,
      unitRuns: spec.unitRuns, pairValue: spec.pairValue, pairIndexOffset: spec.pairIndexOffset,
    });
  }

  /** @internal the DATATYPE_NULL handle */
  static nullHandle(): Datatype {
    return new Datatype({
      name: "MPI_DATATYPE_NULL", predefined: true, isNull: true, kind: "byte", combiner: "NAMED",
      committed: false, shape: { node: EMPTY, lb: 0, extent: 0, explicit: false },
    });
  }

  /** A new derived handle of what a constructor (constructors.ts) made of this type. */
  private derive({ combiner, shape, contents }: Derivation): Datatype {
    return new Datatype({
      name: "", predefined: false, kind: "derived", combiner, shape, contents, committed: false,
    });
  }

  get ub(): number {
    return this.lb + this.extent;
  }
  get trueUb(): number {
    return this.trueLb + this.trueExtent;
  }

  Get_size(): number {
    this.usable("Datatype.Get_size");
    return this.size;
  }
  Get_extent(): [number, number] {
    this.usable("Datatype.Get_extent");
    return [this.lb, this.extent];
  }
  Get_true_extent(): [number, number] {
    this.usable("Datatype.Get_true_extent");
    return [this.trueLb, this.trueExtent];
  }
  Get_name(): string {
    return this.name;
  }
  Set_name(name: string): void {
    this.usable("Datatype.Set_name");
    if (this.isPredefined) {
      // Legal in MPI, but our predefined handles are shared by every simulated rank.
      throw new MPIException("ERR_TYPE", `cannot rename predefined datatype ${this.name} in mpisim (it is shared by all ranks)`, "Datatype.Set_name");
    }
    this.name = name;
  }
  /** mpi4py: (num_integers, num_addresses, num_datatypes, combiner) */
  Get_envelope(): [number, number, number, number] {
    this.usable("Datatype.Get_envelope");
    const c = this.contents;
    return [c.integers.length, c.addresses.length, c.datatypes.length, COMBINERS[this.combiner]];
  }
  /** mpi4py: (integers, addresses, datatypes); MPI 4.1 §5.1.13 forbids it on named types */
  Get_contents(): [number[], number[], Datatype[]] {
    this.usable("Datatype.Get_contents");
    if (this.combiner === "NAMED") {
      throw new MPIException("ERR_TYPE", `${this.name} is a named datatype and has no contents`, "Datatype.Get_contents");
    }
    const c = this.contents;
    return [[...c.integers], [...c.addresses], [...c.datatypes]];
  }

  /** Returns this, as mpi4py does, so `dt.Create_vector(…).Commit()` chains. */
  Commit(): Datatype {
    this.usable("Datatype.Commit");
    // Predefined handles are frozen (shared by all ranks) and already committed.
    if (!this.committed) this.committed = true;
    return this;
  }

  Free(): void {
    this.usable("Datatype.Free");
    if (this.isPredefined) {
      throw new MPIException("ERR_TYPE", `cannot free predefined datatype ${this.name}`, "Datatype.Free");
    }
    // MPI 4.1 §5.1.10: types derived from this one stay valid; our children keep their own tree.
    this.freed = true;
    this.committed = false;
    datatypeEvent("free", this);
  }

  /** MPI 4.1 §5.1.11 (MPI_Type_dup): same typemap, same committed state, a new handle. */
  Dup(): Datatype {
    const call = "Datatype.Dup";
    this.usable(call);
    const d = new Datatype({
      name: this.name, predefined: false, kind: "derived", combiner: "DUP",
      shape: { node: this.layout, lb: this.lb, extent: this.extent, explicit: this.explicitBounds },
      contents: { integers: [], addresses: [], datatypes: [this] }, committed: this.committed,
    });
    return d;
  }

  Create_contiguous(count: number): Datatype {
    const call = "Datatype.Create_contiguous";
    this.usable(call);
    return this.derive(contiguous(this, count, call));
  }

  Create_vector(count: number, blocklength: number, stride: number): Datatype {
    const call = "Datatype.Create_vector";
    this.usable(call);
    return this.derive(vector(this, count, blocklength, stride, false, call));
  }

  Create_hvector(count: number, blocklength: number, stride: number): Datatype {
    const call = "Datatype.Create_hvector";
    this.usable(call);
    return this.derive(vector(this, count, blocklength, stride, true, call));
  }

  Create_indexed(blocklengths: readonly number[], displacements: readonly number[]): Datatype {
    const call = "Datatype.Create_indexed";
    this.usable(call);
    return this.derive(indexed(this, blocklengths, displacements, false, call));
  }

  Create_hindexed(blocklengths: readonly number[], displacements: readonly number[]): Datatype {
    const call = "Datatype.Create_hindexed";
    this.usable(call);
    return this.derive(indexed(this, blocklengths, displacements, true, call));
  }

  Create_indexed_block(blocklength: number, displacements: readonly number[]): Datatype {
    const call = "Datatype.Create_indexed_block";
    this.usable(call);
    return this.derive(indexedBlock(this, blocklength, displacements, false, call));
  }

  Create_hindexed_block(blocklength: number, displacements: readonly number[]): Datatype {
    const call = "Datatype.Create_hindexed_block";
    this.usable(call);
    return this.derive(indexedBlock(this, blocklength, displacements, true, call));
  }

  /** MPI 4.1 §5.1.3: an ndims-d block of a sizes-shaped array of this type; lb 0, extent the whole array. */
  Create_subarray(
    sizes: readonly number[], subsizes: readonly number[], starts: readonly number[], order: number | { order?: number } = ORDER_C,
  ): Datatype {
    const call = "Datatype.Create_subarray";
    this.usable(call);
    return this.derive(subarray(this, sizes, subsizes, starts, order, call));
  }

  /** MPI 4.1 §5.1.7: same typemap, lb and extent replaced. */
  Create_resized(lb: number, extent: number): Datatype {
    const call = "Datatype.Create_resized";
    this.usable(call);
    return this.derive(resized(this, lb, extent, call));
  }

  static Create_struct(
    blocklengths: readonly number[], displacements: readonly number[], datatypes: readonly Datatype[],
  ): Datatype {
    const call = "Datatype.Create_struct";
    arrayArg(blocklengths, "blocklengths", call);
    arrayArg(displacements, "displacements", call);
    arrayArg(datatypes, "datatypes", call);
    if (blocklengths.length !== displacements.length || blocklengths.length !== datatypes.length) {
      throw new MPIException("ERR_ARG", `blocklengths, displacements and datatypes must have the same length (got ${blocklengths.length}, ${displacements.length}, ${datatypes.length})`, call);
    }
    const b = new Bounds();
    const items: Node[] = [];
    for (let i = 0; i < datatypes.length; i++) {
      const t = datatypes[i];
      if (!(t instanceof Datatype)) throw new MPIException("ERR_TYPE", `datatypes[${i}] is not a Datatype`, call);
      t.usable(call);
      nonNegInt(blocklengths[i], `blocklengths[${i}]`, "ERR_ARG", call);
      anyInt(displacements[i], `displacements[${i}]`, call);
      b.block(displacements[i], blocklengths[i], t);
      items.push(rep(displacements[i], blocklengths[i], t.extent, t.layout));
    }
    return new Datatype({
      name: "", predefined: false, kind: "derived", combiner: "STRUCT", committed: false,
      shape: b.shape(seq(items), alignOf),
      contents: { integers: [blocklengths.length, ...blocklengths], addresses: [...displacements], datatypes: [...datatypes] },
    });
  }

  /** The distinct predefined types this datatype is built from, in typemap order. */
  basicTypes(): Datatype[] {
    if (this.isNull) return [];
    return unitTypes(this.layout) as Datatype[];
  }

  /** Throws ERR_TYPE for DATATYPE_NULL or a freed handle. */
  usable(call: string): void {
    if (this.isNull) throw new MPIException("ERR_TYPE", "invalid datatype MPI_DATATYPE_NULL", call);
    if (this.freed) throw new MPIException("ERR_TYPE", `datatype ${this.describe()} has been freed`, call);
  }

  describe(): string {
    return this.name !== "" ? this.name : `<derived ${this.combiner.toLowerCase()} size=${this.size} extent=${this.extent}>`;
  }

  toString(): string {
    return this.describe();
  }
}
