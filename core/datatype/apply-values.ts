/**
 * Ops on plain JS values, for the lower-case object collectives (reduce, allreduce, scan, …) —
 * mpi4py's Op.__call__, which for predefined ops is Python's operator on the two objects:
 * SUM is `x + y`, MAX is `max(x, y)`, LAND is `x and y`, MAXLOC compares (value, index) pairs.
 * JS values are mapped to their Python counterparts (arrays are lists, typed arrays are numpy
 * arrays with elementwise arithmetic). The left operand is the lower ranks' partial result.
 */
import { MPIException } from "../errors.ts";
import type { Op } from "./op.ts";

const CALL = "Op.__call__";

function fail(op: Op, a: unknown, b: unknown, why = ""): never {
  throw new MPIException("ERR_OP", `${op.name} cannot combine ${kind(a)} and ${kind(b)}${why ? `: ${why}` : ""}`, CALL);
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  return typeof v;
}

type NumArray = Exclude<ArrayBufferView, DataView>;
function isNumArray(v: unknown): v is NumArray & ArrayLike<number | bigint> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** Python truthiness: empty containers, 0, "", null/undefined and false are false; NaN is true. */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === 0n || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (isNumArray(v)) return v.length > 0;
  return true;
}

/** Python's < over numbers, bigints, strings and lists (lexicographic); -1, 0 or 1. */
function compare(op: Op, a: unknown, b: unknown): number {
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" || typeof b === "boolean") return compare(op, toNum(a), toNum(b));
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compare(op, a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
  }
  return fail(op, a, b, "values are not comparable");
}

function toNum(v: unknown): unknown {
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}

/** Python int semantics for & | ^ and + on mixed number/bigint: exact, never 32-bit truncation. */
function intOp(op: Op, a: unknown, b: unknown, f: (x: bigint, y: bigint) => bigint): unknown {
  if (typeof a === "boolean" && typeof b === "boolean") return f(BigInt(a), BigInt(b)) !== 0n;
  const x = toNum(a);
  const y = toNum(b);
  const isInt = (v: unknown): boolean => typeof v === "bigint" || (typeof v === "number" && Number.isSafeInteger(v));
  if (!isInt(x) || !isInt(y)) fail(op, a, b, "bitwise operations need integers");
  const r = f(BigInt(x as number | bigint), BigInt(y as number | bigint));
  return typeof x === "bigint" || typeof y === "bigint" ? r : Number(r);
}

function arith(op: Op, a: unknown, b: unknown, plus: boolean): unknown {
  const x = toNum(a);
  const y = toNum(b);
  if (typeof x === "number" && typeof y === "number") return plus ? x + y : x * y;
  if (typeof x === "bigint" && typeof y === "bigint") return plus ? x + y : x * y;
  if ((typeof x === "bigint" || typeof x === "number") && (typeof y === "bigint" || typeof y === "number")) {
    // Python int ∘ float is a float; int ∘ int stays exact.
    if (Number.isInteger(x) || Number.isInteger(y)) {
      const xi = typeof x === "number" && Number.isSafeInteger(x);
      const yi = typeof y === "number" && Number.isSafeInteger(y);
      if ((typeof x === "bigint" || xi) && (typeof y === "bigint" || yi)) {
        const bx = BigInt(x);
        const by = BigInt(y);
        return plus ? bx + by : bx * by;
      }
    }
    return plus ? Number(x) + Number(y) : Number(x) * Number(y);
  }
  if (plus && typeof a === "string" && typeof b === "string") return a + b;
  if (plus && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (isNumArray(a) && isNumArray(b)) return elementwise(op, a, b, plus);
  if (isNumArray(a) && (typeof b === "number" || typeof b === "bigint")) return elementwise(op, a, b, plus);
  if (isNumArray(b) && (typeof a === "number" || typeof a === "bigint")) return elementwise(op, b, a, plus);
  return fail(op, a, b);
}

/** numpy's elementwise + or × (with a scalar broadcast); the result has a's element type. */
function elementwise(op: Op, a: NumArray & ArrayLike<number | bigint>, b: unknown, plus: boolean): NumArray {
  const out = (a as unknown as { slice(): NumArray & { [i: number]: number | bigint } }).slice();
  const n = a.length;
  if (isNumArray(b) && b.length !== n) fail(op, a, b, `operands have lengths ${n} and ${b.length}`);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = isNumArray(b) ? (b as ArrayLike<number | bigint>)[i] : (b as number | bigint);
    if (typeof x === "bigint") {
      const by = BigInt(y);
      out[i] = plus ? x + by : x * by;
    } else {
      const ny = Number(y);
      out[i] = plus ? x + ny : x * ny;
    }
  }
  return out;
}

/** a op b with mpi4py's semantics; a is the left (lower-rank) operand. */
export function applyOpToValues(op: Op, a: unknown, b: unknown): unknown {
  op.usable(CALL);
  if (op.fn !== null) return op.fn(a, b, null);
  switch (op.name) {
    case "MPI_SUM":
      return arith(op, a, b, true);
    case "MPI_PROD":
      return arith(op, a, b, false);
    // Python's max(x, y) keeps x unless y > x; min(x, y) keeps x unless y < x.
    case "MPI_MAX":
      return compare(op, b, a) > 0 ? b : a;
    case "MPI_MIN":
      return compare(op, b, a) < 0 ? b : a;
    case "MPI_LAND":
      return pyTruthy(a) ? b : a;
    case "MPI_LOR":
      return pyTruthy(a) ? a : b;
    case "MPI_LXOR":
      return pyTruthy(a) !== pyTruthy(b);
    case "MPI_BAND":
      return intOp(op, a, b, (x, y) => x & y);
    case "MPI_BOR":
      return intOp(op, a, b, (x, y) => x | y);
    case "MPI_BXOR":
      return intOp(op, a, b, (x, y) => x ^ y);
    case "MPI_MAXLOC":
    case "MPI_MINLOC":
      return loc(op, a, b, op.name === "MPI_MAXLOC");
    // mpi4py's _op_REPLACE(x, y) is y and _op_NO_OP(x, y) is x: over ranks, the last and the first.
    case "MPI_REPLACE":
      return b;
    case "MPI_NO_OP":
      return a;
    default:
      return fail(op, a, b);
  }
}

/** MPI 4.1 §6.9.4 on [value, index] pairs: the winning value; on a tie the smaller index. */
function loc(op: Op, a: unknown, b: unknown, max: boolean): [unknown, unknown] {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== 2 || b.length !== 2) {
    fail(op, a, b, "expected [value, index] pairs");
  }
  const [u, i] = a as [unknown, unknown];
  const [v, j] = b as [unknown, unknown];
  const c = compare(op, u, v);
  if (c === 0) return [u, compare(op, i, j) <= 0 ? i : j];
  return (max ? c > 0 : c < 0) ? [u, i] : [v, j];
}
