import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MPIException } from "../../core/errors.ts";
import {
  BAND, BOR, BXOR, BYTE, C_BOOL, CHAR, DOUBLE, DOUBLE_INT, Datatype, FLOAT, FLOAT_INT, INT, INT16_T, INT64_T, INT8_T,
  LAND, LONG, LONG_INT, LOR, LXOR, MAX, MAXLOC, MIN, MINLOC, NO_OP, OP_NULL, Op, PROD, REPLACE, SHORT, SHORT_INT,
  SIGNED_CHAR, SUM, TWOINT, UINT16_T, UINT32_T, UINT64_T, UINT8_T, UNSIGNED, UNSIGNED_CHAR, UNSIGNED_LONG,
  UNSIGNED_SHORT, WCHAR, applyOp, applyOpPacked, applyOpToValues, pack, typedArrayFor, type TypedArray,
} from "../../core/datatype/index.ts";

function errorOf(f: () => unknown): MPIException {
  try {
    f();
  } catch (e) {
    if (e instanceof MPIException) return e;
    throw e;
  }
  throw new Error("expected an MPIException");
}
const u8 = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** dst = src op dst on two typed arrays of the datatype's element type. */
function run<T extends TypedArray>(op: Op, src: T, dst: T, dt: Datatype, count = src.length): T {
  applyOp(op, u8(src), 0, u8(dst), 0, dt, count);
  return dst;
}

const intTypes = [SIGNED_CHAR, UNSIGNED_CHAR, SHORT, UNSIGNED_SHORT, INT, UNSIGNED, LONG, UNSIGNED_LONG, INT8_T, INT16_T, INT64_T, UINT8_T, UINT16_T, UINT32_T, UINT64_T];

describe("applyOp on every integer type: C arithmetic, wrapping modulo 2^bits", () => {
  it.each(intTypes.map((t) => [t.name, t] as const))("%s", (_n, t) => {
    const Ctor = typedArrayFor(t)!;
    const bits = BigInt(t.size * 8);
    const arb = fc.bigInt({ min: 0n, max: (1n << bits) - 1n });
    fc.assert(fc.property(fc.array(fc.tuple(arb, arb), { minLength: 1, maxLength: 6 }), (pairs) => {
      const fill = (xs: bigint[]): TypedArray => {
        const a = new Ctor(new ArrayBuffer(xs.length * t.size), 0, xs.length);
        xs.forEach((x, i) => {
          (a as unknown as { [i: number]: number | bigint })[i] = t.size === 8 ? BigInt.asIntN(64, x) : Number(BigInt.asIntN(32, x));
        });
        return a;
      };
      const read = (a: TypedArray): bigint[] => Array.from(a as ArrayLike<number | bigint>, (v) => BigInt(v));
      const xs = pairs.map((p) => p[0]);
      const ys = pairs.map((p) => p[1]);
      const as = read(fill(xs));
      const bs = read(fill(ys));
      // What C gives: exact result, then stored into the type (the typed array wraps it).
      const expectOp = (op: Op, f: (a: bigint, b: bigint) => bigint): void => {
        const got = run(op, fill(xs), fill(ys), t);
        const want = read(fill(as.map((a, i) => BigInt.asUintN(Number(bits), f(a, bs[i])))));
        expect(read(got)).toEqual(want);
        // The unaligned (DataView) path agrees byte for byte with the aligned (typed array) one.
        if (t.size > 1) {
          const src = new Uint8Array(xs.length * t.size + 3);
          const dst = new Uint8Array(xs.length * t.size + 1);
          src.set(u8(fill(xs)), 3);
          dst.set(u8(fill(ys)), 1);
          applyOp(op, src, 3, dst, 1, t, xs.length);
          expect(dst.subarray(1)).toEqual(u8(got));
        }
      };
      expectOp(SUM, (a, b) => a + b);
      expectOp(PROD, (a, b) => a * b);
      expectOp(MAX, (a, b) => (a > b ? a : b));
      expectOp(MIN, (a, b) => (a < b ? a : b));
      expectOp(LAND, (a, b) => (a !== 0n && b !== 0n ? 1n : 0n));
      expectOp(LOR, (a, b) => (a !== 0n || b !== 0n ? 1n : 0n));
      expectOp(LXOR, (a, b) => ((a !== 0n) !== (b !== 0n) ? 1n : 0n));
      expectOp(BAND, (a, b) => a & b);
      expectOp(BOR, (a, b) => a | b);
      expectOp(BXOR, (a, b) => a ^ b);
    }), { numRuns: 40 });
  });

  it("int64 sums wrap at 2^63 and keep full precision", () => {
    expect(run(SUM, new BigInt64Array([2n ** 62n, 1n]), new BigInt64Array([2n ** 62n, 2n ** 53n]), LONG)).toEqual(
      new BigInt64Array([-(2n ** 63n), 2n ** 53n + 1n]),
    );
    expect(run(PROD, new BigUint64Array([2n ** 32n + 1n]), new BigUint64Array([2n ** 32n + 1n]), UNSIGNED_LONG)).toEqual(
      new BigUint64Array([2n ** 33n + 1n]),
    );
  });

  it("int32 products keep the exact low 32 bits", () => {
    expect(run(PROD, new Int32Array([123456789]), new Int32Array([987654321]), INT)[0]).toBe(Math.imul(123456789, 987654321));
  });
});

describe("applyOp on floating point", () => {
  it("float32 results are rounded to single precision", () => {
    const got = run(SUM, new Float32Array([0.1]), new Float32Array([0.2]), FLOAT);
    expect(got[0]).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    expect(got[0]).not.toBe(0.1 + 0.2);
    expect(run(PROD, new Float32Array([3.4e38]), new Float32Array([10]), FLOAT)[0]).toBe(Infinity);
  });

  it("doubles: SUM PROD MAX MIN", () => {
    expect(run(SUM, new Float64Array([0.1, -1]), new Float64Array([0.2, 1]), DOUBLE)).toEqual(new Float64Array([0.1 + 0.2, 0]));
    expect(run(PROD, new Float64Array([1.5]), new Float64Array([-2]), DOUBLE)[0]).toBe(-3);
    expect(run(MAX, new Float64Array([1, 5]), new Float64Array([2, -5]), DOUBLE)).toEqual(new Float64Array([2, 5]));
    expect(run(MIN, new Float64Array([1, 5]), new Float64Array([2, -5]), DOUBLE)).toEqual(new Float64Array([1, -5]));
  });

  it.each([BAND, BOR, BXOR, LAND, LOR, LXOR, MAXLOC])("%s on a float is ERR_OP", (op) => {
    expect(errorOf(() => run(op, new Float64Array(1), new Float64Array(1), DOUBLE)).errorClass).toBe("ERR_OP");
    expect(errorOf(() => run(op, new Float32Array(1), new Float32Array(1), FLOAT)).errorClass).toBe("ERR_OP");
  });
});

describe("op/type rules (MPI 4.1 §6.9.2)", () => {
  it("C_BOOL takes logical ops only, producing 0/1", () => {
    expect(run(LAND, new Uint8Array([1, 0, 7]), new Uint8Array([5, 1, 1]), C_BOOL)).toEqual(new Uint8Array([1, 0, 1]));
    expect(run(LXOR, new Uint8Array([1, 0]), new Uint8Array([1, 9]), C_BOOL)).toEqual(new Uint8Array([0, 1]));
    expect(errorOf(() => run(SUM, new Uint8Array(1), new Uint8Array(1), C_BOOL)).errorClass).toBe("ERR_OP");
  });

  it("BYTE takes bitwise ops only; CHAR and WCHAR take no reduction", () => {
    expect(run(BXOR, new Uint8Array([0xf0]), new Uint8Array([0xff]), BYTE)).toEqual(new Uint8Array([0x0f]));
    expect(errorOf(() => run(SUM, new Uint8Array(1), new Uint8Array(1), BYTE)).errorClass).toBe("ERR_OP");
    expect(errorOf(() => run(MAX, new Uint8Array(1), new Uint8Array(1), CHAR)).errorClass).toBe("ERR_OP");
    expect(errorOf(() => run(SUM, new Uint32Array(1), new Uint32Array(1), WCHAR)).errorClass).toBe("ERR_OP");
  });

  it("MAXLOC/MINLOC only on pair types; pair types take nothing else", () => {
    expect(errorOf(() => run(MAXLOC, new Int32Array(2), new Int32Array(2), INT)).errorClass).toBe("ERR_OP");
    expect(errorOf(() => run(SUM, new Int32Array(2), new Int32Array(2), TWOINT)).errorClass).toBe("ERR_OP");
  });

  it("derived types are checked per basic type and reduced through their typemap", () => {
    const v = INT.Create_vector(2, 1, 2); // ints 0 and 2, extent 3 ints: element 1 is ints 3 and 5
    expect(run(SUM, new Int32Array([1, 2, 3, 4, 5, 6]), new Int32Array([10, 20, 30, 40, 50, 60]), v, 2)).toEqual(
      new Int32Array([11, 20, 33, 44, 50, 66]),
    );
    const mixed = Datatype.Create_struct([1, 1], [0, 8], [INT, DOUBLE]);
    expect(errorOf(() => applyOp(BAND, new Uint8Array(16), 0, new Uint8Array(16), 0, mixed, 1)).errorClass).toBe("ERR_OP");
    const src = new DataView(new ArrayBuffer(16));
    const dst = new DataView(new ArrayBuffer(16));
    src.setInt32(0, 3, true); src.setFloat64(8, 0.5, true);
    dst.setInt32(0, 4, true); dst.setFloat64(8, 0.25, true);
    applyOp(SUM, u8(src), 0, u8(dst), 0, mixed, 1);
    expect([dst.getInt32(0, true), dst.getFloat64(8, true)]).toEqual([7, 0.75]);
  });

  it("unaligned offsets and byte offsets within larger buffers", () => {
    const src = new Uint8Array(11);
    const dst = new Uint8Array(11);
    new DataView(src.buffer).setFloat64(3, 1.25, true);
    new DataView(dst.buffer).setFloat64(1, 2.5, true);
    applyOp(SUM, src, 3, dst, 1, DOUBLE, 1);
    expect(new DataView(dst.buffer).getFloat64(1, true)).toBe(3.75);
  });

  it("REPLACE copies the typemap bytes, NO_OP leaves dst alone", () => {
    const v = SHORT.Create_vector(2, 1, 2);
    expect(run(REPLACE, new Int16Array([1, 2, 3]), new Int16Array([7, 8, 9]), v, 1)).toEqual(new Int16Array([1, 8, 3]));
    expect(run(NO_OP, new Int16Array([1, 2, 3]), new Int16Array([7, 8, 9]), SHORT)).toEqual(new Int16Array([7, 8, 9]));
  });

  it("count errors and unusable ops", () => {
    expect(errorOf(() => applyOp(SUM, new Uint8Array(4), 0, new Uint8Array(4), 0, INT, -1)).errorClass).toBe("ERR_COUNT");
    expect(errorOf(() => applyOp(OP_NULL, new Uint8Array(4), 0, new Uint8Array(4), 0, INT, 1)).errorClass).toBe("ERR_OP");
    const freedType = INT.Create_contiguous(1);
    freedType.Free();
    expect(errorOf(() => applyOp(SUM, new Uint8Array(4), 0, new Uint8Array(4), 0, freedType, 1)).errorClass).toBe("ERR_TYPE");
  });
});

describe("MAXLOC / MINLOC (MPI 4.1 §6.9.4)", () => {
  function pairs(t: Datatype, vals: [number, number][]): Uint8Array {
    const b = new Uint8Array(t.extent * vals.length);
    const dv = new DataView(b.buffer);
    vals.forEach(([v, i], k) => {
      const p = k * t.extent;
      const vt = t.pairValue!;
      if (vt === DOUBLE) dv.setFloat64(p, v, true);
      else if (vt === FLOAT) dv.setFloat32(p, v, true);
      else if (vt === LONG) dv.setBigInt64(p, BigInt(v), true);
      else if (vt === SHORT) dv.setInt16(p, v, true);
      else dv.setInt32(p, v, true);
      dv.setInt32(p + t.pairIndexOffset, i, true);
    });
    return b;
  }
  function read(t: Datatype, b: Uint8Array): [number, number][] {
    const dv = new DataView(b.buffer);
    const out: [number, number][] = [];
    for (let p = 0; p < b.length; p += t.extent) {
      const vt = t.pairValue!;
      const v = vt === DOUBLE ? dv.getFloat64(p, true) : vt === FLOAT ? dv.getFloat32(p, true)
        : vt === LONG ? Number(dv.getBigInt64(p, true)) : vt === SHORT ? dv.getInt16(p, true) : dv.getInt32(p, true);
      out.push([v, dv.getInt32(p + t.pairIndexOffset, true)]);
    }
    return out;
  }

  it.each([FLOAT_INT, DOUBLE_INT, LONG_INT, TWOINT, SHORT_INT])("%s: the winner's index, the smaller index on a tie", (t) => {
    const src: [number, number][] = [[5, 3], [1, 3], [4, 7], [4, 2]];
    const dst: [number, number][] = [[2, 0], [9, 1], [4, 1], [4, 5]];
    const mx = pairs(t, dst);
    applyOp(MAXLOC, pairs(t, src), 0, mx, 0, t, 4);
    expect(read(t, mx)).toEqual([[5, 3], [9, 1], [4, 1], [4, 2]]);
    const mn = pairs(t, dst);
    applyOp(MINLOC, pairs(t, src), 0, mn, 0, t, 4);
    expect(read(t, mn)).toEqual([[2, 0], [1, 3], [4, 1], [4, 2]]);
  });

  it("leaves the padding of DOUBLE_INT untouched", () => {
    const dst = pairs(DOUBLE_INT, [[1, 1]]);
    dst.fill(0xab, 12, 16);
    applyOp(MAXLOC, pairs(DOUBLE_INT, [[2, 2]]), 0, dst, 0, DOUBLE_INT, 1);
    expect(Array.from(dst.subarray(12))).toEqual([0xab, 0xab, 0xab, 0xab]);
  });
});

describe("user ops (Op.Create)", () => {
  it("get typed arrays of the element type and compute inoutvec = invec ∘ inoutvec", () => {
    const seen: string[] = [];
    const minus = Op.Create((inv: Float64Array, io: Float64Array, dt) => {
      seen.push(`${inv.constructor.name} ${io.length} ${dt?.name}`);
      for (let i = 0; i < inv.length; i++) io[i] = inv[i] - io[i];
    });
    expect(minus.Is_commutative()).toBe(false);
    expect(run(minus, new Float64Array([10, 20]), new Float64Array([1, 2]), DOUBLE)).toEqual(new Float64Array([9, 18]));
    expect(seen).toEqual(["Float64Array 2 MPI_DOUBLE"]);
  });

  it("get BigInt64Array for LONG", () => {
    const op = Op.Create((a: BigInt64Array, b: BigInt64Array) => { b[0] = a[0] * 2n + b[0]; }, true);
    expect(op.Is_commutative()).toBe(true);
    expect(run(op, new BigInt64Array([2n ** 40n]), new BigInt64Array([1n]), LONG)[0]).toBe(2n ** 41n + 1n);
  });

  it("get the datatype's own layout as bytes for derived types; only typemap bytes are written back", () => {
    const v = INT.Create_vector(2, 1, 2);
    const op = Op.Create((a: Uint8Array, b: Uint8Array) => {
      const ia = new Int32Array(a.buffer);
      const ib = new Int32Array(b.buffer);
      for (let i = 0; i < ib.length; i++) ib[i] = ia[i] * 100 + ib[i];
    });
    expect(run(op, new Int32Array([1, 2, 3]), new Int32Array([4, 5, 6]), v, 1)).toEqual(new Int32Array([104, 5, 306]));
  });

  it("can be freed once; predefined ops cannot", () => {
    const op = Op.Create(() => undefined);
    op.Free();
    expect(errorOf(() => op.Free()).errorClass).toBe("ERR_OP");
    expect(errorOf(() => run(op, new Int32Array(1), new Int32Array(1), INT)).errorClass).toBe("ERR_OP");
    expect(errorOf(() => SUM.Free()).errorClass).toBe("ERR_OP");
  });
});

describe("applyOpToValues: mpi4py's object reductions", () => {
  it("SUM/PROD are Python's + and *", () => {
    expect(applyOpToValues(SUM, 1, 2)).toBe(3);
    expect(applyOpToValues(SUM, 2n ** 60n, 2n ** 60n)).toBe(2n ** 61n);
    expect(applyOpToValues(SUM, 2n, 3)).toBe(5n);
    expect(applyOpToValues(SUM, 2n, 0.5)).toBe(2.5);
    expect(applyOpToValues(SUM, "ab", "cd")).toBe("abcd");
    expect(applyOpToValues(SUM, [1, 2], [3])).toEqual([1, 2, 3]);
    expect(applyOpToValues(SUM, new Int32Array([1, 2]), new Int32Array([10, 20]))).toEqual(new Int32Array([11, 22]));
    expect(applyOpToValues(PROD, 3, 4)).toBe(12);
    expect(applyOpToValues(PROD, new Float64Array([1.5]), 2)).toEqual(new Float64Array([3]));
    expect(errorOf(() => applyOpToValues(SUM, "a", 1)).errorClass).toBe("ERR_OP");
    expect(errorOf(() => applyOpToValues(SUM, new Int32Array(2), new Int32Array(3))).errorClass).toBe("ERR_OP");
  });

  it("MAX/MIN are Python's max/min (first argument kept on ties), lists compare lexicographically", () => {
    expect(applyOpToValues(MAX, 1, 5)).toBe(5);
    expect(applyOpToValues(MIN, "b", "a")).toBe("a");
    expect(applyOpToValues(MAX, [1, 2], [1, 3])).toEqual([1, 3]);
    const a = [1];
    expect(applyOpToValues(MAX, a, [1])).toBe(a);
    expect(applyOpToValues(MIN, 3n, 2)).toBe(2);
  });

  it("LAND/LOR return an operand, LXOR a boolean (Python truthiness)", () => {
    expect(applyOpToValues(LAND, 0, 5)).toBe(0);
    expect(applyOpToValues(LAND, 3, 5)).toBe(5);
    expect(applyOpToValues(LOR, [], "x")).toBe("x");
    expect(applyOpToValues(LXOR, 1, [])).toBe(true);
    expect(applyOpToValues(LXOR, NaN, 1)).toBe(false);
  });

  it("bitwise ops are exact beyond 32 bits", () => {
    expect(applyOpToValues(BOR, 2 ** 40, 1)).toBe(2 ** 40 + 1);
    expect(applyOpToValues(BAND, 0xff00n, 0x0ff0n)).toBe(0x0f00n);
    expect(applyOpToValues(BXOR, true, true)).toBe(false);
    expect(errorOf(() => applyOpToValues(BAND, 1.5, 1)).errorClass).toBe("ERR_OP");
  });

  it("MAXLOC/MINLOC on [value, index] pairs, smaller index on ties", () => {
    expect(applyOpToValues(MAXLOC, [3, 4], [3, 1])).toEqual([3, 1]);
    expect(applyOpToValues(MAXLOC, [2, 0], [3, 1])).toEqual([3, 1]);
    expect(applyOpToValues(MINLOC, [2, 5], [3, 1])).toEqual([2, 5]);
    expect(errorOf(() => applyOpToValues(MINLOC, 2, 3)).errorClass).toBe("ERR_OP");
  });

  it("REPLACE and NO_OP as mpi4py: y and x", () => {
    expect(applyOpToValues(REPLACE, 1, 2)).toBe(2);
    expect(applyOpToValues(NO_OP, 1, 2)).toBe(1);
  });

  it("user ops are called as fn(x, y, null) and return the result", () => {
    const cat = Op.Create((x: string, y: string, dt) => `${x}${y}${dt === null ? "" : "!"}`);
    expect(applyOpToValues(cat, "a", "b")).toBe("ab");
  });
});

describe("applyOpPacked agrees with applyOp in the datatype's layout", () => {
  const s = Datatype.Create_struct([1, 2, 1], [0, 8, 20], [DOUBLE, SHORT, INT]);
  const cases: [string, Datatype, Op][] = [
    ["DOUBLE_INT MAXLOC", DOUBLE_INT, MAXLOC],
    ["SHORT_INT MINLOC", SHORT_INT, MINLOC],
    ["LONG_INT MAXLOC", LONG_INT, MAXLOC],
    ["struct SUM", s, SUM],
    ["resized struct MAX", s.Create_resized(-8, 40), MAX],
    ["vector of short BXOR", SHORT.Create_vector(3, 2, -3), BXOR],
    ["subarray of float PROD", FLOAT.Create_subarray([3, 4], [2, 2], [1, 1]), PROD],
    ["user op on a vector", INT.Create_vector(2, 1, 3), Op.Create((a: Uint8Array, b: Uint8Array) => { for (let i = 0; i < b.length; i++) b[i] = (a[i] * 3 + b[i]) & 0xff; })],
    ["REPLACE on a struct", s, REPLACE],
  ];
  it.each(cases)("%s", (_n, dt, op) => {
    fc.assert(fc.property(fc.nat(3), fc.integer(), (count, seed) => {
      const lo = Math.min(0, dt.trueLb, dt.lb);
      const base = -lo + 3;
      const len = base + Math.max(count * Math.abs(dt.extent), dt.trueUb) + Math.abs(dt.extent) * 3 + 8;
      const a = new Uint8Array(len);
      const b = new Uint8Array(len);
      let h = seed | 1;
      for (let i = 0; i < len; i++) {
        h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) + i;
        a[i] = h >>> 24;
        b[i] = (h >>> 16) & 0xff;
      }
      const pa = pack(a, base, dt, count);
      const pb = pack(b, base, dt, count);
      applyOp(op, a, base, b, base, dt, count);
      const packedIo = new Uint8Array(pb.length + 5);
      packedIo.set(pb, 5);
      applyOpPacked(op, pa, 0, packedIo, 5, dt, count);
      expect(packedIo.subarray(5)).toEqual(pack(b, base, dt, count));
    }), { numRuns: 60 });
  });
});
