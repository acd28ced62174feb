/**
 * Datatypes of one layout share what is derived from its bytes (core/datatype/layout-memo.ts):
 * every rank committing its own column type must read one set of runs. Sharing must follow the
 * bytes exactly: another stride, extent or unit is another memo, and packing through a shared
 * memo with several counts gives each datatype its own typemap's bytes.
 */
import { describe, expect, it } from "vitest";
import { DOUBLE, DOUBLE_INT, FLOAT, INT, pack, unpack } from "../../core/datatype/index.ts";

const column = (stride: number) => DOUBLE.Create_vector(4, 1, stride).Commit();

describe("layout memo", () => {
  it("is shared by datatypes of the same layout and extent, not by others", () => {
    const a = column(6);
    const b = column(6);
    expect(a).not.toBe(b);
    expect(a.layoutMemo).toBe(b.layoutMemo);
    // The same layout built another way (a strided hvector of the same bytes) shares it too.
    expect(DOUBLE.Create_hvector(4, 1, 48).Commit().layoutMemo).toBe(a.layoutMemo);
    expect(column(5).layoutMemo).not.toBe(a.layoutMemo);
    expect(a.Create_resized(0, 8).Commit().layoutMemo).not.toBe(a.layoutMemo);
    // Same sizes, other units: INT×2 and FLOAT×2 have the same bytes, DOUBLE_INT pairs do not.
    expect(INT.Create_contiguous(2).Commit().layoutMemo).toBe(FLOAT.Create_contiguous(2).Commit().layoutMemo);
    expect(DOUBLE_INT.Create_contiguous(1).Commit().layoutMemo).not.toBe(DOUBLE.Create_contiguous(2).Commit().layoutMemo);
  });

  it("packs and unpacks each count of each datatype by its own typemap when the runs are shared", () => {
    const types = [column(6), column(6), column(5)];
    const src = new Uint8Array(1024).map((_, i) => (i * 7) & 255);
    for (let round = 0; round < 3; round++) {
      for (const count of [1, 3, 2, 5, 1]) {
        for (const dt of types) {
          const stride = dt.extent; // element i at i·extent
          const step = dt === types[2] ? 40 : 48;
          const expected: number[] = [];
          for (let e = 0; e < count; e++) for (let j = 0; j < 4; j++) for (let k = 0; k < 8; k++) expected.push(src[8 + e * stride + j * step + k]);
          const packed = pack(src, 8, dt, count);
          expect([...packed]).toEqual(expected);
          const back = new Uint8Array(1024);
          unpack(packed, back, 8, dt, count);
          for (let e = 0; e < count; e++) for (let j = 0; j < 4; j++) for (let k = 0; k < 8; k++) expect(back[8 + e * stride + j * step + k]).toBe(src[8 + e * stride + j * step + k]);
        }
      }
    }
  });
});
