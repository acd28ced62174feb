/**
 * Bounds of derived datatypes per MPI 4.1 §5.1.7 (lb/ub markers and the alignment epsilon). The
 * expected values were read from Open MPI 4.1.4 (mpi4py Get_extent / Get_true_extent) wherever
 * Open MPI follows the standard; the one place it does not is marked.
 */
import { describe, expect, it } from "vitest";
import {
  BYTE, C_BOOL, CHAR, DOUBLE, DOUBLE_INT, Datatype, FLOAT, FLOAT_INT, INT, INT64_T, LONG, SHORT,
} from "../../core/datatype/index.ts";

const bounds = (t: Datatype): number[] => [t.lb, t.extent, t.trueLb, t.trueExtent, t.size];
const struct = (bl: number[], d: number[], ts: Datatype[]): Datatype => Datatype.Create_struct(bl, d, ts);

describe("the alignment epsilon (MPI 4.1 §5.1.7: ub rounded up to the largest alignment of the basic types)", () => {
  it("pads a struct of mixed types as a C compiler would", () => {
    expect(bounds(struct([1, 1], [0, 8], [DOUBLE, INT]))).toEqual([0, 16, 0, 12, 12]);
    expect(bounds(struct([1, 1], [0, 8], [INT, DOUBLE]))).toEqual([0, 16, 0, 16, 12]);
    expect(bounds(struct([1, 1], [0, 2], [CHAR, SHORT]))).toEqual([0, 4, 0, 4, 3]);
    expect(bounds(struct([1, 1, 1], [0, 4, 8], [CHAR, INT, CHAR]))).toEqual([0, 12, 0, 9, 6]);
    expect(bounds(struct([1, 1], [0, 8], [LONG, FLOAT]))).toEqual([0, 16, 0, 12, 12]);
    expect(bounds(struct([1, 1], [0, 8], [C_BOOL, INT64_T]))).toEqual([0, 16, 0, 16, 9]);
    expect(bounds(struct([1, 1], [0, 8], [DOUBLE, BYTE]))).toEqual([0, 16, 0, 9, 9]);
  });

  it("measures from the lower bound, also when it is negative", () => {
    expect(bounds(struct([1, 1], [-3, 2], [INT, CHAR]))).toEqual([-3, 8, -3, 6, 5]);
    expect(bounds(struct([1], [4], [struct([1, 1], [0, 8], [DOUBLE, INT])]))).toEqual([4, 16, 4, 12, 12]);
  });

  it("counts only types present in the typemap (a zero blocklength adds no alignment)", () => {
    expect(bounds(struct([0, 1], [0, 8], [DOUBLE, CHAR]))).toEqual([8, 1, 8, 1, 1]);
    expect(bounds(struct([], [], []))).toEqual([0, 0, 0, 0, 0]);
  });

  it("applies to every constructor, not only structs", () => {
    expect(bounds(DOUBLE.Create_hvector(2, 1, 12))).toEqual([0, 24, 0, 20, 16]);
    expect(bounds(DOUBLE.Create_hindexed([1, 1], [0, 12]))).toEqual([0, 24, 0, 20, 16]);
    expect(bounds(INT.Create_hindexed([1, 1], [0, 6]))).toEqual([0, 12, 0, 10, 8]);
    const di = struct([1, 1], [0, 8], [DOUBLE, INT]);
    expect(bounds(di.Create_contiguous(2))).toEqual([0, 32, 0, 28, 24]);
    expect(bounds(di.Create_vector(2, 1, 2))).toEqual([0, 48, 0, 44, 24]);
    expect(bounds(di.Create_indexed([1, 1], [0, 1]))).toEqual([0, 32, 0, 28, 24]);
  });

  it("aligns the MAXLOC/MINLOC pair types as their C structs", () => {
    expect(bounds(struct([1], [0], [DOUBLE_INT]))).toEqual([0, 16, 0, 12, 12]);
    expect(bounds(struct([1, 1], [0, 8], [FLOAT_INT, CHAR]))).toEqual([0, 12, 0, 9, 9]);
    expect(bounds(struct([1, 1], [0, 16], [DOUBLE_INT, CHAR]))).toEqual([0, 24, 0, 17, 13]);
  });

  it("is on the flattened typemap: an old type's own padding does not carry over (Open MPI deviates)", () => {
    // Copies of {DOUBLE at 0, INT at 8} (extent 16) at 0 and 4: entries end at 16, already a
    // multiple of 8. Open MPI 4.1 takes the copy's padded ub 4 + 16 and pads again: extent 24.
    const di = struct([1, 1], [0, 8], [DOUBLE, INT]);
    expect(bounds(di.Create_hvector(2, 1, 4))).toEqual([0, 16, 0, 16, 24]);
    expect(bounds(di.Create_hvector(2, 1, 20))).toEqual([0, 32, 0, 32, 24]);
  });
});

describe("explicit lb/ub markers (MPI 4.1 §5.1.7: markers alone set lb and ub)", () => {
  const rI = INT.Create_resized(0, 4);

  it("a struct member made by Create_resized sets the struct's bounds, whatever else it holds", () => {
    expect(bounds(struct([1, 1], [0, 8], [DOUBLE, rI]))).toEqual([8, 4, 0, 12, 12]);
    expect(bounds(struct([1, 2], [0, 8], [DOUBLE, rI]))).toEqual([8, 8, 0, 16, 16]);
    expect(bounds(struct([1, 1], [0, 8], [DOUBLE, INT.Create_resized(-4, 16)]))).toEqual([4, 16, 0, 12, 12]);
    expect(bounds(struct([1, 1], [8, 0], [rI, DOUBLE]))).toEqual([8, 4, 0, 12, 12]);
    expect(bounds(struct([1, 1], [0, 4], [DOUBLE.Create_resized(0, 4), CHAR]))).toEqual([0, 4, 0, 8, 9]);
    expect(bounds(struct([1, 1], [0, 4], [CHAR, DOUBLE.Create_resized(0, 4)]))).toEqual([4, 4, 0, 12, 9]);
  });

  it("markers survive Dup, contiguous and vector, and add no padding", () => {
    expect(bounds(struct([1, 1], [0, 8], [DOUBLE, rI.Dup()]))).toEqual([8, 4, 0, 12, 12]);
    expect(bounds(struct([1, 1], [0, 8], [DOUBLE, rI.Create_contiguous(2)]))).toEqual([8, 8, 0, 16, 16]);
    expect(bounds(struct([1, 1], [0, 20], [DOUBLE.Create_resized(0, 4).Create_vector(2, 1, 1), CHAR]))).toEqual([0, 8, 0, 21, 17]);
    expect(bounds(struct([1, 1], [0, 12], [struct([1, 1], [0, 8], [DOUBLE, INT]).Create_resized(0, 12), CHAR]))).toEqual([0, 12, 0, 13, 13]);
  });

  it("a subarray carries markers (MPI 4.1 §5.1.3: resized to the whole array)", () => {
    const sub = INT.Create_subarray([4], [2], [1]);
    expect(bounds(struct([1, 1], [0, 8], [DOUBLE, sub]))).toEqual([8, 16, 0, 20, 16]);
    expect(bounds(struct([1, 1], [0, 100], [DOUBLE, sub]))).toEqual([100, 16, 0, 112, 16]);
    expect(bounds(struct([1, 1], [0, 3], [DOUBLE.Create_subarray([2], [1], [0]), CHAR]))).toEqual([0, 16, 0, 8, 9]);
  });

  it("a member of blocklength 0 brings no markers", () => {
    expect(bounds(struct([1, 0], [0, 8], [DOUBLE, rI]))).toEqual([0, 8, 0, 8, 8]);
    expect(bounds(struct([0], [8], [rI]))).toEqual([0, 0, 0, 0, 0]);
    expect(bounds(struct([1], [8], [rI]))).toEqual([8, 4, 8, 4, 4]);
  });
});
