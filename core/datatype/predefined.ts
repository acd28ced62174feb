/**
 * Predefined datatypes, with the sizes of x86-64 Linux (LP64): long is 8 bytes, wchar_t 4,
 * _Bool 1. They are shared by every rank and every world, so they are frozen handles: always
 * committed, never freeable (Free → ERR_TYPE).
 */
import { Datatype, type BasicKind } from "./datatype.ts";

function basic(name: string, kind: BasicKind, size: number): Datatype {
  return Datatype.predefined({ name, kind, size, extent: size });
}

export const BYTE = basic("MPI_BYTE", "byte", 1);
export const PACKED = basic("MPI_PACKED", "packed", 1);
export const CHAR = basic("MPI_CHAR", "char", 1);
export const WCHAR = basic("MPI_WCHAR", "wchar", 4);
export const SIGNED_CHAR = basic("MPI_SIGNED_CHAR", "int", 1);
export const UNSIGNED_CHAR = basic("MPI_UNSIGNED_CHAR", "uint", 1);
export const SHORT = basic("MPI_SHORT", "int", 2);
export const UNSIGNED_SHORT = basic("MPI_UNSIGNED_SHORT", "uint", 2);
export const INT = basic("MPI_INT", "int", 4);
export const UNSIGNED = basic("MPI_UNSIGNED", "uint", 4);
export const LONG = basic("MPI_LONG", "int", 8);
export const UNSIGNED_LONG = basic("MPI_UNSIGNED_LONG", "uint", 8);
export const LONG_LONG = basic("MPI_LONG_LONG", "int", 8);
export const LONG_LONG_INT = LONG_LONG;
export const UNSIGNED_LONG_LONG = basic("MPI_UNSIGNED_LONG_LONG", "uint", 8);
export const FLOAT = basic("MPI_FLOAT", "float", 4);
export const DOUBLE = basic("MPI_DOUBLE", "float", 8);
export const C_BOOL = basic("MPI_C_BOOL", "bool", 1);
export const INT8_T = basic("MPI_INT8_T", "int", 1);
export const INT16_T = basic("MPI_INT16_T", "int", 2);
export const INT32_T = basic("MPI_INT32_T", "int", 4);
export const INT64_T = basic("MPI_INT64_T", "int", 8);
export const UINT8_T = basic("MPI_UINT8_T", "uint", 1);
export const UINT16_T = basic("MPI_UINT16_T", "uint", 2);
export const UINT32_T = basic("MPI_UINT32_T", "uint", 4);
export const UINT64_T = basic("MPI_UINT64_T", "uint", 8);
// MPI 4.1 §3.2.2: address-sized integers; MPI_Aint, MPI_Offset and MPI_Count are 8 bytes on LP64.
export const AINT = basic("MPI_AINT", "int", 8);
export const OFFSET = basic("MPI_OFFSET", "int", 8);
export const COUNT = basic("MPI_COUNT", "int", 8);

/**
 * MAXLOC/MINLOC value–index pairs (MPI 4.1 §6.9.4), laid out as the C structs
 * `struct { T value; int index; }`: padding after the int where the value is 8 bytes wide, and
 * between the fields for short. Sizes and extents match Open MPI on x86-64.
 */
function pair(name: string, value: Datatype, indexOffset: number, extent: number): Datatype {
  const unitRuns = indexOffset === value.size ? [0, value.size + 4] : [0, value.size, indexOffset, 4];
  return Datatype.predefined({
    name, kind: "pair", size: value.size + 4, extent, unitRuns, pairValue: value, pairIndexOffset: indexOffset,
  });
}

export const FLOAT_INT = pair("MPI_FLOAT_INT", FLOAT, 4, 8);
export const DOUBLE_INT = pair("MPI_DOUBLE_INT", DOUBLE, 8, 16);
export const LONG_INT = pair("MPI_LONG_INT", LONG, 8, 16);
export const TWOINT = pair("MPI_2INT", INT, 4, 8);
export const SHORT_INT = pair("MPI_SHORT_INT", SHORT, 4, 8);

export const DATATYPE_NULL = Datatype.nullHandle();

/** Every predefined constant by its mpi4py attribute name (MPI.<name>), including "2INT". */
export const PREDEFINED: Readonly<Record<string, Datatype>> = Object.freeze({
  BYTE, PACKED, CHAR, WCHAR, SIGNED_CHAR, UNSIGNED_CHAR, SHORT, UNSIGNED_SHORT, INT, UNSIGNED,
  LONG, UNSIGNED_LONG, LONG_LONG, LONG_LONG_INT, UNSIGNED_LONG_LONG, FLOAT, DOUBLE, C_BOOL,
  INT8_T, INT16_T, INT32_T, INT64_T, UINT8_T, UINT16_T, UINT32_T, UINT64_T, AINT, OFFSET, COUNT,
  FLOAT_INT, DOUBLE_INT, LONG_INT, TWOINT, "2INT": TWOINT, SHORT_INT,
});

for (const dt of Object.values(PREDEFINED)) Object.freeze(dt);
Object.freeze(DATATYPE_NULL);
