/**
 * The typemaps of the derived-datatype constructors (MPI 4.1 §5.1.2–§5.1.7), as free functions
 * of the old type: each checks its own arguments and returns what the new type is (combiner,
 * shape, Get_contents arguments); the Datatype method of the same name checks the old handle
 * and makes the new one. Create_struct, which takes several old types, stays on Datatype.
 */
import { MPIException } from "../errors.ts";
import { isOptions, show } from "../args.ts";
import { anyInt, arrayArg, nonNegInt, sameLength } from "./args.ts";
import { Bounds, type Shape } from "./bounds.ts";
import { rep, seq, unitTypes, type Node } from "./layout.ts";
import type { Combiner, Datatype } from "./datatype.ts";

export const ORDER_C = 0;
export const ORDER_FORTRAN = 1;

/** What a constructor makes of its old type; Datatype turns it into a new, uncommitted handle. */
export interface Derivation {
  combiner: Combiner;
  shape: Shape;
  contents: Datatype["contents"];
}

/** MPI 4.1 §5.1.7 max_i k_i over the basic types of a typemap (leaves hold predefined Datatypes). */
export function alignOf(node: Node): number {
  let a = 1;
  for (const t of unitTypes(node)) a = Math.max(a, (t as Datatype).align);
  return a;
}

export function contiguous(old: Datatype, count: number, call: string): Derivation {
  nonNegInt(count, "count", "ERR_COUNT", call);
  const b = new Bounds();
  b.block(0, count, old);
  return {
    combiner: "CONTIGUOUS",
    shape: b.shape(rep(0, count, old.extent, old.layout), alignOf),
    contents: { integers: [count], addresses: [], datatypes: [old] },
  };
}

/** Create_vector (stride in elements of the old type) and Create_hvector (stride in bytes). */
export function vector(old: Datatype, count: number, blocklength: number, stride: number, inBytes: boolean, call: string): Derivation {
  nonNegInt(count, "count", "ERR_COUNT", call);
  nonNegInt(blocklength, "blocklength", "ERR_ARG", call);
  anyInt(stride, "stride", call);
  const strideBytes = inBytes ? stride : stride * old.extent;
  const b = new Bounds();
  // Blocks sit at j·stride; only the first and last can hold the extreme bounds.
  if (count > 0) b.block(0, blocklength, old);
  if (count > 1) b.block((count - 1) * strideBytes, blocklength, old);
  const block = rep(0, blocklength, old.extent, old.layout);
  return {
    combiner: inBytes ? "HVECTOR" : "VECTOR",
    shape: b.shape(rep(0, count, strideBytes, block), alignOf),
    contents: inBytes
      ? { integers: [count, blocklength], addresses: [stride], datatypes: [old] }
      : { integers: [count, blocklength, stride], addresses: [], datatypes: [old] },
  };
}

/** Create_indexed (displacements in elements of the old type) and Create_hindexed (in bytes). */
export function indexed(old: Datatype, blocklengths: readonly number[], displacements: readonly number[], inBytes: boolean, call: string): Derivation {
  sameLength(call, blocklengths, displacements);
  arrayArg(displacements, "displacements", call, true);
  return blocks(old, inBytes ? "HINDEXED" : "INDEXED", blocklengths, displacements, inBytes, [blocklengths.length, ...blocklengths], call);
}

/** Create_indexed_block and Create_hindexed_block: one block length for every block. */
export function indexedBlock(old: Datatype, blocklength: number, displacements: readonly number[], inBytes: boolean, call: string): Derivation {
  arrayArg(displacements, "displacements", call, true);
  const bls = displacements.map(() => blocklength);
  return blocks(old, inBytes ? "HINDEXED_BLOCK" : "INDEXED_BLOCK", bls, displacements, inBytes, [displacements.length, blocklength], call);
}

/** Blocks of the old type at the given displacements; Get_contents lists element displacements as integers, byte ones as addresses. */
function blocks(
  old: Datatype, combiner: Combiner, bls: readonly number[], displacements: readonly number[], inBytes: boolean,
  integers: number[], call: string,
): Derivation {
  const byteDispls = inBytes ? displacements : displacements.map((d) => d * old.extent);
  const b = new Bounds();
  const items: Node[] = [];
  for (let i = 0; i < bls.length; i++) {
    nonNegInt(bls[i], `blocklengths[${i}]`, "ERR_ARG", call);
    anyInt(displacements[i], `displacements[${i}]`, call);
    b.block(byteDispls[i], bls[i], old);
    items.push(rep(byteDispls[i], bls[i], old.extent, old.layout));
  }
  return {
    combiner,
    shape: b.shape(seq(items), alignOf),
    contents: inBytes
      ? { integers, addresses: [...displacements], datatypes: [old] }
      : { integers: [...integers, ...displacements], addresses: [], datatypes: [old] },
  };
}

/** MPI 4.1 §5.1.3: an ndims-d block of a sizes-shaped array of the old type; lb 0, extent the whole array. */
export function subarray(
  old: Datatype, sizes: readonly number[], subsizes: readonly number[], starts: readonly number[], order: number | { order?: number }, call: string,
): Derivation {
  // mpi4py's keyword `order` (SPEC §1: an options object may stand in for it).
  if (isOptions(order)) order = order.order ?? ORDER_C;
  if (!Array.isArray(sizes) || !Array.isArray(subsizes) || !Array.isArray(starts)) {
    throw new MPIException("ERR_ARG", "sizes, subsizes and starts must be arrays of integers", call);
  }
  const nd = sizes.length;
  if (nd < 1 || subsizes.length !== nd || starts.length !== nd) {
    throw new MPIException("ERR_ARG", `sizes, subsizes and starts must have the same length ≥ 1 (got ${sizes.length}, ${subsizes.length}, ${starts.length})`, call);
  }
  if (order !== ORDER_C && order !== ORDER_FORTRAN) {
    throw new MPIException("ERR_ARG", `order must be ORDER_C or ORDER_FORTRAN, got ${show(order)}`, call);
  }
  for (let i = 0; i < nd; i++) {
    if (!Number.isInteger(sizes[i]) || sizes[i] < 1) throw new MPIException("ERR_ARG", `sizes[${i}] = ${sizes[i]} must be ≥ 1`, call);
    if (!Number.isInteger(subsizes[i]) || subsizes[i] < 0 || subsizes[i] > sizes[i]) {
      throw new MPIException("ERR_ARG", `subsizes[${i}] = ${subsizes[i]} must be in 0..sizes[${i}] = ${sizes[i]}`, call);
    }
    if (!Number.isInteger(starts[i]) || starts[i] < 0 || starts[i] > sizes[i] - subsizes[i]) {
      throw new MPIException("ERR_ARG", `starts[${i}] = ${starts[i]} must be in 0..sizes[${i}] - subsizes[${i}] = ${sizes[i] - subsizes[i]}`, call);
    }
  }
  // Dims from fastest-varying to slowest: the last one in C order, the first in Fortran order.
  const dims = [...Array(nd).keys()];
  if (order === ORDER_C) dims.reverse();
  let node = old.layout;
  let stride = old.extent;
  for (const d of dims) {
    node = rep(starts[d] * stride, subsizes[d], stride, node);
    stride *= sizes[d];
  }
  // MPI 4.1 §5.1.3: the subarray type is resized to lb 0 and the full array's extent (markers).
  return {
    combiner: "SUBARRAY",
    shape: { node, lb: 0, extent: stride, explicit: true },
    contents: { integers: [nd, ...sizes, ...subsizes, ...starts, order], addresses: [], datatypes: [old] },
  };
}

/** MPI 4.1 §5.1.7: same typemap, lb and extent replaced. */
export function resized(old: Datatype, lb: number, extent: number, call: string): Derivation {
  anyInt(lb, "lb", call);
  anyInt(extent, "extent", call);
  return {
    combiner: "RESIZED",
    shape: { node: old.layout, lb, extent, explicit: true },
    contents: { integers: [], addresses: [lb, extent], datatypes: [old] },
  };
}
