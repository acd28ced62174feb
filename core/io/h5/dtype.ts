/**
 * Dataset element types, spelled as numpy/h5py spell them ("f4", "<f8", "float32", "i8", …),
 * with the MPI datatype their bytes go through and the typed array that holds them. Only
 * little-endian numeric types: what "native" means on x86-64, and what h5py writes by default.
 */
import {
  DOUBLE, FLOAT, INT16_T, INT32_T, INT64_T, INT8_T, UINT16_T, UINT32_T, UINT64_T, UINT8_T, type Datatype,
} from "../../datatype/index.ts";
import { H5Error } from "./errors.ts";

export type NumericArray =
  | Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array | Uint32Array | BigUint64Array;

type ArrayCtor = { new (n: number): NumericArray; readonly BYTES_PER_ELEMENT: number; readonly name: string };

export interface Dtype {
  /** numpy's canonical short name: "f4", "i8", "u1" … */
  name: string;
  /** h5wasm's (Python struct module) code: "<f", "<q" … */
  code: string;
  itemsize: number;
  /** the MPI datatype of one element (the etype of the dataset's file view) */
  mpi: Datatype;
  array: ArrayCtor;
  bigint: boolean;
}

const TABLE: Dtype[] = [
  { name: "f4", code: "<f", itemsize: 4, mpi: FLOAT, array: Float32Array, bigint: false },
  { name: "f8", code: "<d", itemsize: 8, mpi: DOUBLE, array: Float64Array, bigint: false },
  { name: "i1", code: "<b", itemsize: 1, mpi: INT8_T, array: Int8Array, bigint: false },
  { name: "i2", code: "<h", itemsize: 2, mpi: INT16_T, array: Int16Array, bigint: false },
  { name: "i4", code: "<i", itemsize: 4, mpi: INT32_T, array: Int32Array, bigint: false },
  { name: "i8", code: "<q", itemsize: 8, mpi: INT64_T, array: BigInt64Array, bigint: true },
  { name: "u1", code: "<B", itemsize: 1, mpi: UINT8_T, array: Uint8Array, bigint: false },
  { name: "u2", code: "<H", itemsize: 2, mpi: UINT16_T, array: Uint16Array, bigint: false },
  { name: "u4", code: "<I", itemsize: 4, mpi: UINT32_T, array: Uint32Array, bigint: false },
  { name: "u8", code: "<Q", itemsize: 8, mpi: UINT64_T, array: BigUint64Array, bigint: true },
];

const LONG_NAMES: Record<string, string> = {
  float32: "f4", float64: "f8", double: "f8", single: "f4", float: "f8",
  int8: "i1", int16: "i2", int32: "i4", int64: "i8",
  uint8: "u1", uint16: "u2", uint32: "u4", uint64: "u8",
};

/** numpy's dtype() for the names we support; anything else is h5py's TypeError. */
export function parseDtype(spec: unknown): Dtype {
  if (spec === undefined || spec === null) return TABLE[0]; // h5py's default dtype is "f4"
  const s = typeof spec === "string" ? spec.trim() : "";
  const key = LONG_NAMES[s] ?? s.replace(/^[<=|]/, "");
  const found = TABLE.find((d) => d.name === key);
  if (!found || s.startsWith(">")) {
    throw new H5Error("TypeError", `data type ${JSON.stringify(spec)} not understood${s.startsWith(">") ? " (mpisim datasets are little-endian)" : ""}; use e.g. "f4", "f8", "i4", "i8", "u1"`);
  }
  return found;
}

/** The dtype of a dataset h5wasm describes, or null when it is not a little-endian number. */
export function dtypeFromMetadata(m: { type: number; size: number; signed?: boolean; littleEndian?: boolean }): Dtype | null {
  if (m.littleEndian === false) return null;
  // H5T_class_t: 0 integer, 1 float
  const name = m.type === 1 ? `f${m.size}` : m.type === 0 ? `${m.signed ? "i" : "u"}${m.size}` : "";
  return TABLE.find((d) => d.name === name) ?? null;
}

/** The user's data as this dtype's typed array (converted like numpy's astype when it is another kind). */
export function asArray(data: unknown, dtype: Dtype, what: string): NumericArray {
  if (data instanceof dtype.array) return data;
  const isNumeric = ArrayBuffer.isView(data) && !(data instanceof DataView);
  if (!isNumeric && !Array.isArray(data)) throw new H5Error("TypeError", `${what} must be a typed array or an array of numbers, got ${data === null ? "null" : typeof data}`);
  const src = data as ArrayLike<number | bigint>;
  const out = new dtype.array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    // Typed arrays wrap out-of-range integers modulo 2^n, as numpy's astype does.
    (out as unknown as (number | bigint)[])[i] = dtype.bigint ? BigInt(typeof v === "bigint" ? v : Math.trunc(Number(v))) : Number(v);
  }
  return out;
}
