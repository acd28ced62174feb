import { describe, expect, it } from "vitest";
import { MPIException } from "../../core/errors.ts";
import {
  AINT, BYTE, C_BOOL, CHAR, DATATYPE_NULL, DOUBLE, DOUBLE_INT, Datatype, FLOAT, FLOAT_INT, INT, INT16_T, INT64_T,
  INT8_T, LONG, LONG_INT, LONG_LONG, ORDER_C, ORDER_FORTRAN, PACKED, PREDEFINED, SHORT, SHORT_INT, SIGNED_CHAR, TWOINT,
  UINT16_T, UINT32_T, UINT64_T, UINT8_T, UNSIGNED, UNSIGNED_CHAR, UNSIGNED_LONG, UNSIGNED_LONG_LONG, UNSIGNED_SHORT,
  WCHAR, basicElementsIn, basicLayout, inferDatatype, runCountBound, segments, stridedRuns,
} from "../../core/datatype/index.ts";

/** The MPI typemap of one element as [displacement, basic type name] pairs. */
const typemap = (dt: Datatype): [number, string][] => basicLayout(dt).map((e) => [e.offset, e.type.name]);
const runs = (dt: Datatype, count = 1): [number, number][] => {
  const s = segments(dt, count);
  return Array.from(s.offsets, (o, i) => [o, s.lengths[i]]);
};
function errorClassOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof MPIException) return e.errorClass;
    throw e;
  }
  return "no error";
}

describe("predefined datatypes (x86-64 Linux LP64)", () => {
  it.each([
    [BYTE, 1], [CHAR, 1], [SIGNED_CHAR, 1], [UNSIGNED_CHAR, 1], [SHORT, 2], [UNSIGNED_SHORT, 2], [INT, 4],
    [UNSIGNED, 4], [LONG, 8], [UNSIGNED_LONG, 8], [LONG_LONG, 8], [UNSIGNED_LONG_LONG, 8], [FLOAT, 4], [DOUBLE, 8],
    [C_BOOL, 1], [INT8_T, 1], [INT16_T, 2], [INT64_T, 8], [UINT8_T, 1], [UINT16_T, 2], [UINT32_T, 4], [UINT64_T, 8],
    [WCHAR, 4], [PACKED, 1], [AINT, 8],
  ] as const)("%s has size and extent %i", (dt, n) => {
    expect(dt.Get_size()).toBe(n);
    expect(dt.Get_extent()).toEqual([0, n]);
    expect(dt.Get_true_extent()).toEqual([0, n]);
    expect(dt.isPredefined && dt.committed && !dt.freed).toBe(true);
    expect(dt.basic).toBe(dt);
    expect(dt.basicTypes()).toEqual([dt]);
  });

  it("lays out the MAXLOC/MINLOC pair types as C structs {T value; int index;}", () => {
    expect([FLOAT_INT.size, FLOAT_INT.extent]).toEqual([8, 8]);
    expect([DOUBLE_INT.size, DOUBLE_INT.extent, DOUBLE_INT.trueExtent]).toEqual([12, 16, 12]);
    expect([LONG_INT.size, LONG_INT.extent]).toEqual([12, 16]);
    expect([TWOINT.size, TWOINT.extent, TWOINT.name]).toEqual([8, 8, "MPI_2INT"]);
    expect([SHORT_INT.size, SHORT_INT.extent, SHORT_INT.trueExtent]).toEqual([6, 8, 8]);
    expect(runs(SHORT_INT, 2)).toEqual([[0, 2], [4, 6], [12, 4]]);
    expect(runs(DOUBLE_INT, 2)).toEqual([[0, 12], [16, 12]]);
    expect(PREDEFINED["2INT"]).toBe(TWOINT);
  });

  it("are shared and cannot be freed or renamed", () => {
    expect(errorClassOf(() => INT.Free())).toBe("ERR_TYPE");
    expect(errorClassOf(() => INT.Set_name("x"))).toBe("ERR_TYPE");
    expect(INT.Commit()).toBe(INT);
    expect(Object.isFrozen(INT)).toBe(true);
    expect(errorClassOf(() => DATATYPE_NULL.Get_size())).toBe("ERR_TYPE");
  });

  it("infers datatypes from typed arrays as mpi4py does from numpy dtypes", () => {
    expect(inferDatatype(new Int8Array(1))).toBe(SIGNED_CHAR);
    expect(inferDatatype(new Uint8Array(1))).toBe(UNSIGNED_CHAR);
    expect(inferDatatype(new Uint8ClampedArray(1))).toBe(UNSIGNED_CHAR);
    expect(inferDatatype(new Int16Array(1))).toBe(SHORT);
    expect(inferDatatype(new Uint16Array(1))).toBe(UNSIGNED_SHORT);
    expect(inferDatatype(new Int32Array(1))).toBe(INT);
    expect(inferDatatype(new Uint32Array(1))).toBe(UNSIGNED);
    expect(inferDatatype(new BigInt64Array(1))).toBe(LONG);
    expect(inferDatatype(new BigUint64Array(1))).toBe(UNSIGNED_LONG);
    expect(inferDatatype(new Float32Array(1))).toBe(FLOAT);
    expect(inferDatatype(new Float64Array(1))).toBe(DOUBLE);
    expect(inferDatatype(new DataView(new ArrayBuffer(1)))).toBe(BYTE);
  });
});

describe("derived datatypes: the MPI 4.1 §5.1.2 constructor examples", () => {
  // oldtype = {(double, 0), (char, 8)} with extent 16: the standard's own example, where the
  // struct's upper bound is padded to the double's alignment (MPI 4.1 §5.1.7 epsilon).
  const oldtype = Datatype.Create_struct([1, 1], [0, 8], [DOUBLE, CHAR]);
  const d = "MPI_DOUBLE";
  const c = "MPI_CHAR";

  it("struct of double and char is padded to the double's alignment (MPI 4.1 §5.1.7 epsilon)", () => {
    const s = Datatype.Create_struct([1, 1], [0, 8], [DOUBLE, CHAR]);
    expect([s.size, s.lb, s.extent, s.trueLb, s.trueExtent]).toEqual([9, 0, 16, 0, 9]);
    expect([oldtype.size, oldtype.extent, oldtype.trueExtent]).toEqual([9, 16, 9]);
  });

  it("Create_contiguous(3)", () => {
    const t = oldtype.Create_contiguous(3);
    expect(typemap(t)).toEqual([[0, d], [8, c], [16, d], [24, c], [32, d], [40, c]]);
    expect([t.size, t.lb, t.extent, t.trueExtent]).toEqual([27, 0, 48, 41]);
  });

  it("Create_vector(2, 3, 4)", () => {
    const t = oldtype.Create_vector(2, 3, 4);
    expect(typemap(t)).toEqual([
      [0, d], [8, c], [16, d], [24, c], [32, d], [40, c], [64, d], [72, c], [80, d], [88, c], [96, d], [104, c],
    ]);
    expect([t.lb, t.extent]).toEqual([0, 112]);
  });

  it("Create_vector(3, 1, -2) (negative stride)", () => {
    const t = oldtype.Create_vector(3, 1, -2);
    expect(typemap(t)).toEqual([[0, d], [8, c], [-32, d], [-24, c], [-64, d], [-56, c]]);
    expect([t.lb, t.extent, t.trueLb, t.trueExtent]).toEqual([-64, 80, -64, 73]);
  });

  it("Create_hvector(2, 3, 4)", () => {
    const t = oldtype.Create_hvector(2, 3, 4);
    expect(typemap(t)).toEqual([
      [0, d], [8, c], [16, d], [24, c], [32, d], [40, c], [4, d], [12, c], [20, d], [28, c], [36, d], [44, c],
    ]);
    // §5.1.7 on this typemap: ub = 44 + 1 rounded up to the double's 8 → 48. (Open MPI 4.1 pads
    // the copy's own ub 4 + 16 again and says 56: a recorded deviation, docs/fidelity.md.)
    expect([t.lb, t.extent]).toEqual([0, 48]);
  });

  it("Create_indexed([3, 1], [4, 0])", () => {
    const t = oldtype.Create_indexed([3, 1], [4, 0]);
    expect(typemap(t)).toEqual([[64, d], [72, c], [80, d], [88, c], [96, d], [104, c], [0, d], [8, c]]);
    expect([t.lb, t.extent]).toEqual([0, 112]);
  });

  it("Create_hindexed([3, 1], [4, 0])", () => {
    const t = oldtype.Create_hindexed([3, 1], [4, 0]);
    expect(typemap(t)).toEqual([[4, d], [12, c], [20, d], [28, c], [36, d], [44, c], [0, d], [8, c]]);
  });

  it("Create_struct([2, 1, 3], [0, 16, 26], [FLOAT, type1, CHAR])", () => {
    const t = Datatype.Create_struct([2, 1, 3], [0, 16, 26], [FLOAT, oldtype, CHAR]);
    expect(typemap(t)).toEqual([[0, "MPI_FLOAT"], [4, "MPI_FLOAT"], [16, d], [24, c], [26, c], [27, c], [28, c]]);
    expect([t.size, t.lb, t.extent]).toEqual([8 + 9 + 3, 0, 32]);
    expect(t.basic).toBeNull();
    expect(t.basicTypes()).toEqual([FLOAT, DOUBLE, CHAR]);
  });

  it("Create_indexed_block and Create_hindexed_block", () => {
    expect(typemap(INT.Create_indexed_block(2, [3, 0]))).toEqual([[12, "MPI_INT"], [16, "MPI_INT"], [0, "MPI_INT"], [4, "MPI_INT"]]);
    expect(typemap(INT.Create_hindexed_block(1, [6, 1]))).toEqual([[6, "MPI_INT"], [1, "MPI_INT"]]);
  });
});

describe("subarrays (MPI 4.1 §5.1.3)", () => {
  const idx = (dt: Datatype): number[] => basicLayout(dt).map((e) => e.offset / 4);

  it("ORDER_C: row-major, last index fastest; lb 0 and the whole array as extent", () => {
    const t = INT.Create_subarray([4, 6], [2, 3], [1, 2], ORDER_C);
    expect(idx(t)).toEqual([8, 9, 10, 14, 15, 16]);
    expect([t.size, t.lb, t.extent, t.trueLb, t.trueExtent]).toEqual([24, 0, 96, 32, 36]);
    expect(runs(t)).toEqual([[32, 12], [56, 12]]);
  });

  it("ORDER_FORTRAN: column-major, first index fastest", () => {
    const t = INT.Create_subarray([4, 6], [2, 3], [1, 2], ORDER_FORTRAN);
    expect(idx(t)).toEqual([9, 10, 13, 14, 17, 18]);
    expect([t.lb, t.extent]).toEqual([0, 96]);
  });

  it("3-d, and the seed program's row block of a 2-d double array", () => {
    const t = INT.Create_subarray([2, 3, 4], [1, 2, 2], [1, 1, 2]);
    expect(idx(t)).toEqual([12 + 4 + 2, 12 + 4 + 3, 12 + 8 + 2, 12 + 8 + 3]);
    const rows = DOUBLE.Create_subarray([12, 10], [3, 10], [6, 0], ORDER_C);
    expect(runs(rows)).toEqual([[480, 240]]);
    expect([rows.extent, rows.size]).toEqual([960, 240]);
  });

  it("of a vector of a struct nests (indexed of vector of resized struct)", () => {
    const s = Datatype.Create_struct([1, 1], [0, 4], [INT, SHORT]).Create_resized(0, 8);
    const v = s.Create_vector(2, 1, 3); // elements 0 and 3 of s: extent 4·8 = 32
    const t = v.Create_indexed([1, 2], [2, 0]);
    expect([v.size, v.extent]).toEqual([12, 32]);
    expect(typemap(t)).toEqual([
      [64, "MPI_INT"], [68, "MPI_SHORT"], [88, "MPI_INT"], [92, "MPI_SHORT"],
      [0, "MPI_INT"], [4, "MPI_SHORT"], [24, "MPI_INT"], [28, "MPI_SHORT"],
      [32, "MPI_INT"], [36, "MPI_SHORT"], [56, "MPI_INT"], [60, "MPI_SHORT"],
    ]);
    expect([t.lb, t.extent, t.size]).toEqual([0, 96, 36]);
  });

  it("a 4096×4096 double array flattens to a few runs or one strided family", () => {
    const full = DOUBLE.Create_subarray([4096, 4096], [4096, 4096], [0, 0]);
    expect(runs(full)).toEqual([[0, 4096 * 4096 * 8]]);
    const rows = DOUBLE.Create_subarray([4096, 4096], [1024, 4096], [512, 0]);
    expect(segments(rows, 1).count).toBe(1);
    expect(runCountBound(rows, 1)).toBe(1);
    const cols = DOUBLE.Create_subarray([4096, 4096], [4096, 1024], [0, 100]);
    expect(stridedRuns(cols, 1)).toEqual([{ offset: 800, length: 8192, repeat: 4096, stride: 32768 }]);
    expect(runCountBound(cols, 1)).toBe(4096);
    // A million contiguous doubles, and a vector of a million doubles, stay one node.
    expect(runs(DOUBLE.Create_contiguous(1 << 20), 3)).toEqual([[0, 3 * 8 * (1 << 20)]]);
    expect(stridedRuns(DOUBLE.Create_vector(1 << 20, 1, 2), 1)).toEqual([{ offset: 0, length: 8, repeat: 1 << 20, stride: 16 }]);
  });
});

describe("bounds and resizing", () => {
  it("Create_resized replaces lb and extent, keeps the true extent (MPI 4.1 §5.1.7)", () => {
    const r = INT.Create_resized(-4, 16);
    expect([r.lb, r.extent, r.trueLb, r.trueExtent, r.ub]).toEqual([-4, 16, 0, 4, 12]);
    const c = r.Create_contiguous(3);
    expect(typemap(c)).toEqual([[0, "MPI_INT"], [16, "MPI_INT"], [32, "MPI_INT"]]);
    expect([c.lb, c.extent, c.trueLb, c.trueExtent]).toEqual([-4, 48, 0, 36]);
  });

  it("empty types have zero size and extent", () => {
    for (const t of [INT.Create_contiguous(0), INT.Create_vector(0, 2, 3), INT.Create_indexed([], []), Datatype.Create_struct([0], [8], [INT])]) {
      expect([t.size, t.lb, t.extent, t.trueLb, t.trueExtent]).toEqual([0, 0, 0, 0, 0]);
      expect(t.basic).toBeNull();
      expect(segments(t, 5).count).toBe(0);
    }
  });

  it("Dup keeps the typemap and the committed state; Free and Commit chain", () => {
    const v = INT.Create_vector(2, 1, 2);
    expect(v.committed).toBe(false);
    expect(v.Commit()).toBe(v);
    const d = v.Dup();
    expect([d.committed, d.isPredefined, d.size, d.extent]).toEqual([true, false, 8, 12]);
    expect(INT.Dup().isPredefined).toBe(false);
    v.Free();
    expect(v.freed).toBe(true);
    expect(d.Get_size()).toBe(8);
    expect(errorClassOf(() => v.Get_size())).toBe("ERR_TYPE");
    expect(errorClassOf(() => v.Create_contiguous(2))).toBe("ERR_TYPE");
    expect(errorClassOf(() => v.Free())).toBe("ERR_TYPE");
  });

  it("Get_envelope / Get_contents describe the constructor", () => {
    const v = INT.Create_vector(2, 3, 4);
    const [ni, na, nd] = v.Get_envelope();
    expect([ni, na, nd]).toEqual([3, 0, 1]);
    expect(v.Get_contents()).toEqual([[2, 3, 4], [], [INT]]);
    expect(errorClassOf(() => INT.Get_contents())).toBe("ERR_TYPE");
  });
});

describe("constructor argument errors", () => {
  it.each([
    ["negative count", () => INT.Create_contiguous(-1), "ERR_COUNT"],
    ["negative vector count", () => INT.Create_vector(-2, 1, 1), "ERR_COUNT"],
    ["negative blocklength", () => INT.Create_vector(2, -1, 1), "ERR_ARG"],
    ["non-integer count", () => INT.Create_contiguous(1.5), "ERR_COUNT"],
    ["length mismatch", () => INT.Create_indexed([1, 2], [0]), "ERR_ARG"],
    ["struct length mismatch", () => Datatype.Create_struct([1], [0, 4], [INT]), "ERR_ARG"],
    ["subarray start out of range", () => INT.Create_subarray([4], [2], [3]), "ERR_ARG"],
    ["subarray bad order", () => INT.Create_subarray([4], [2], [0], 7), "ERR_ARG"],
    ["subarray ndims mismatch", () => INT.Create_subarray([4, 4], [2], [0]), "ERR_ARG"],
    ["struct of the null type", () => Datatype.Create_struct([1], [0], [DATATYPE_NULL]), "ERR_TYPE"],
  ])("%s", (_name, f, cls) => {
    expect(errorClassOf(f)).toBe(cls);
  });
});

describe("basicElementsIn (MPI_Get_elements)", () => {
  it("counts whole basic elements of a possibly partial message", () => {
    const s = Datatype.Create_struct([1, 2], [0, 8], [DOUBLE, INT]); // 8 + 2·4 = 16 bytes, 3 elements
    expect(basicElementsIn(s, 0)).toBe(0);
    expect(basicElementsIn(s, 16)).toBe(3);
    expect(basicElementsIn(s, 16 + 8 + 4)).toBe(5);
    expect(basicElementsIn(s, 16 + 7)).toBe(3);
    expect(basicElementsIn(DOUBLE_INT, 24)).toBe(2);
    expect(basicElementsIn(DOUBLE.Create_vector(1 << 20, 1, 2), 8 * 5)).toBe(5);
  });
});
