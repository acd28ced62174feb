/**
 * Typed arrays are mpisim's numpy arrays: the datatype of a buffer given without one is inferred
 * from its element type, as mpi4py does from the numpy dtype's typecode.
 */
import type { Datatype } from "./datatype.ts";
import {
  BYTE, DOUBLE, FLOAT, INT, LONG, SHORT, SIGNED_CHAR, UNSIGNED, UNSIGNED_CHAR, UNSIGNED_LONG,
  UNSIGNED_SHORT,
} from "./predefined.ts";

export type TypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

/** What a buffer argument may be: any typed array, or a DataView for raw bytes. */
export type BufferLike = TypedArray | DataView;

export function isBufferLike(x: unknown): x is BufferLike {
  return ArrayBuffer.isView(x);
}

/** The datatype mpi4py would infer for this array (numpy typecode → MPI type). */
export function inferDatatype(view: ArrayBufferView): Datatype | null {
  if (view instanceof Float64Array) return DOUBLE;
  if (view instanceof Int32Array) return INT;
  if (view instanceof Float32Array) return FLOAT;
  if (view instanceof Uint8Array) return UNSIGNED_CHAR;
  if (view instanceof Uint8ClampedArray) return UNSIGNED_CHAR;
  if (view instanceof Int8Array) return SIGNED_CHAR;
  if (view instanceof Int16Array) return SHORT;
  if (view instanceof Uint16Array) return UNSIGNED_SHORT;
  if (view instanceof Uint32Array) return UNSIGNED;
  if (view instanceof BigInt64Array) return LONG;
  if (view instanceof BigUint64Array) return UNSIGNED_LONG;
  if (view instanceof DataView) return BYTE;
  return null;
}

type TypedArrayCtor = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

/**
 * The typed-array class that holds one predefined type's values (for user ops and reductions),
 * or null for types with no numeric reading (pairs, PACKED).
 */
export function typedArrayFor(type: Datatype): TypedArrayCtor | null {
  switch (type.kind) {
    case "float":
      return type.size === 4 ? Float32Array : Float64Array;
    case "int":
    case "char":
      return ({ 1: Int8Array, 2: Int16Array, 4: Int32Array, 8: BigInt64Array } as const)[type.size as 1 | 2 | 4 | 8] ?? null;
    case "uint":
    case "bool":
    case "byte":
    case "wchar":
      return ({ 1: Uint8Array, 2: Uint16Array, 4: Uint32Array, 8: BigUint64Array } as const)[type.size as 1 | 2 | 4 | 8] ?? null;
    default:
      return null;
  }
}
