import { describe, expect, it } from "vitest";
import { MPIException } from "../../core/errors.ts";
import {
  BYTE, DOUBLE, Datatype, INT, SHORT, assertCommitted, resolveBuffer, resolveVBuffer,
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

describe("resolveBuffer: mpi4py buffer specifications", () => {
  const arr = new Int32Array(10);

  it("buf alone: datatype inferred, count from the length", () => {
    const r = resolveBuffer(arr, "Comm.Send");
    expect([r.datatype, r.count, r.byteOffset, r.byteLength, r.spanStart]).toEqual([INT, 10, 0, 40, 0]);
    expect(r.view).toBe(arr);
    expect(r.buffer).toBe(arr.buffer);
    expect(r.bytes.byteLength).toBe(arr.buffer.byteLength);
  });

  it("[buf, datatype], [buf, count], [buf, count, datatype]", () => {
    expect(resolveBuffer([arr, SHORT], "c").count).toBe(20);
    expect(resolveBuffer([arr, 3], "c").count).toBe(3);
    const r = resolveBuffer([arr, 2, DOUBLE], "c");
    expect([r.count, r.datatype, r.byteLength]).toEqual([2, DOUBLE, 16]);
  });

  it("[buf, [count, displ], datatype] and [buf, count, displ, datatype]: displ in extents", () => {
    const r = resolveBuffer([arr, [2, 3], INT], "c");
    expect([r.count, r.byteOffset, r.spanStart, r.byteLength]).toEqual([2, 12, 12, 8]);
    expect(resolveBuffer([arr, 2, 3, INT], "c").byteOffset).toBe(12);
    // With displ and no count, the count comes from what is left after the displacement.
    expect(resolveBuffer([arr, [null, 4]] as unknown, "c").count).toBe(6);
  });

  it("offsets are absolute in the underlying ArrayBuffer for subarray views", () => {
    const whole = new Float64Array(8);
    const view = whole.subarray(2, 6);
    const r = resolveBuffer([view, [1, 1], DOUBLE], "c");
    expect([r.byteOffset, r.count]).toEqual([24, 1]);
    expect(r.bytes.buffer).toBe(whole.buffer);
  });

  it("a strided derived type spans trueLb..trueUb of count elements", () => {
    const v = INT.Create_vector(2, 1, 3).Commit(); // ints 0 and 3, extent 16, true extent 16
    const r = resolveBuffer([arr, 2, v], "c");
    expect([r.byteLength, r.spanStart]).toEqual([32, 0]);
    const neg = INT.Create_resized(-4, 8).Commit();
    const r2 = resolveBuffer([arr, [2, 1], neg], "c");
    expect([r2.byteOffset, r2.spanStart, r2.byteLength]).toEqual([8, 8, 12]);
  });

  it("DataView → BYTE", () => {
    const r = resolveBuffer(new DataView(new ArrayBuffer(16), 4, 8), "c");
    expect([r.datatype, r.count, r.byteOffset]).toEqual([BYTE, 8, 4]);
  });

  it("null only where allowed: count 0", () => {
    expect(errorOf(() => resolveBuffer(null, "c")).errorClass).toBe("ERR_BUFFER");
    const r = resolveBuffer(null, "c", { allowNull: true });
    expect([r.count, r.isNull, r.byteLength]).toEqual([0, true, 0]);
    expect(resolveBuffer([null, INT], "c", { allowNull: true }).datatype).toBe(INT);
    expect(errorOf(() => resolveBuffer([null, 2, INT], "c", { allowNull: true })).errorClass).toBe("ERR_BUFFER");
  });

  it.each([
    ["negative count", () => resolveBuffer([arr, -1, INT], "Comm.Send"), "ERR_COUNT", /negative count -1/],
    ["count past the end", () => resolveBuffer([arr, 11, INT], "Comm.Send"), "ERR_BUFFER", /runs past the buffer/],
    ["displ + count past the end", () => resolveBuffer([arr, [3, 8], INT], "Comm.Send"), "ERR_BUFFER", /runs past/],
    ["typemap past the end", () => resolveBuffer([arr, 1, INT.Create_vector(2, 1, 10).Commit()], "c"), "ERR_BUFFER", /bytes \[0, 44\) of a 40-byte Int32Array/],
    ["negative lb before the start", () => resolveBuffer([arr, 1, INT.Create_hindexed([1], [-4]).Commit()], "c"), "ERR_BUFFER", /runs past/],
    ["length not a multiple of the extent", () => resolveBuffer([arr, DOUBLE.Create_contiguous(3).Commit()], "c"), "ERR_COUNT", /not a multiple/],
    ["uncommitted derived type", () => resolveBuffer([arr, 1, INT.Create_contiguous(2)], "Comm.Send"), "ERR_TYPE", /not committed/],
    ["freed type", () => { const t = INT.Create_contiguous(2).Commit(); t.Free(); return resolveBuffer([arr, 1, t], "c"); }, "ERR_TYPE", /freed/],
    ["not a buffer", () => resolveBuffer([1, 2, 3] as unknown, "c"), "ERR_BUFFER", /typed array/],
    ["not a datatype", () => resolveBuffer([arr, 1, "i"] as unknown, "c"), "ERR_TYPE", /Datatype/],
    ["too many items", () => resolveBuffer([arr, 1, 2, INT, 5] as unknown, "c"), "ERR_ARG", /2 to 4/],
  ])("%s", (_n, f, cls, msg) => {
    const e = errorOf(f);
    expect(e.errorClass).toBe(cls);
    expect(e.message).toMatch(msg);
  });

  it("errors carry the call name", () => {
    expect(errorOf(() => resolveBuffer([arr, 99], "Win.Put")).call).toBe("Win.Put");
  });

  it("requireCommitted: false lets file views and Pack use uncommitted types", () => {
    expect(resolveBuffer([arr, 1, INT.Create_contiguous(2)], "c", { requireCommitted: false }).count).toBe(1);
  });

  it("assertCommitted", () => {
    expect(() => assertCommitted(INT, "c")).not.toThrow();
    expect(errorOf(() => assertCommitted(Datatype.Create_struct([1], [0], [INT]), "c")).errorClass).toBe("ERR_TYPE");
  });
});

describe("resolveVBuffer: v-collective specifications", () => {
  const arr = new Int32Array(10);

  it("[buf, counts]: displs are prefix sums", () => {
    const r = resolveVBuffer([arr, [1, 2, 3]], "Comm.Gatherv", 3);
    expect([r.counts, r.displs, r.datatype]).toEqual([[1, 2, 3], [0, 1, 3], INT]);
  });

  it("[buf, counts, datatype], [buf, [counts, displs], datatype], [buf, counts, displs, datatype]", () => {
    expect(resolveVBuffer([arr, [2, 2], SHORT], "c", 2).counts).toEqual([2, 2]);
    const r = resolveVBuffer([arr, [[2, 2], [5, 0]], INT], "c", 2);
    expect([r.counts, r.displs]).toEqual([[2, 2], [5, 0]]);
    expect(resolveVBuffer([arr, [1, 1], [8, 0], INT], "c", 2).displs).toEqual([8, 0]);
  });

  it("an integer count or displ applies to every rank; no counts splits the buffer evenly", () => {
    expect(resolveVBuffer([arr, 2, INT], "c", 3).counts).toEqual([2, 2, 2]);
    expect(resolveVBuffer([arr, 2, 3, INT], "c", 3).displs).toEqual([0, 3, 6]);
    expect(resolveVBuffer(arr, "c", 3).counts).toEqual([4, 3, 3]);
  });

  it.each([
    ["a block past the end", () => resolveVBuffer([arr, [5, 6]], "c", 2), "ERR_BUFFER"],
    ["a displacement past the end", () => resolveVBuffer([arr, [1, 1], [0, 10], INT], "c", 2), "ERR_BUFFER"],
    ["wrong number of counts", () => resolveVBuffer([arr, [1, 1, 1]], "c", 2), "ERR_COUNT"],
    ["negative count", () => resolveVBuffer([arr, [1, -1]], "c", 2), "ERR_COUNT"],
    ["uncommitted", () => resolveVBuffer([arr, [1, 1], INT.Create_contiguous(1)], "c", 2), "ERR_TYPE"],
    ["null not allowed", () => resolveVBuffer(null, "c", 2), "ERR_BUFFER"],
  ])("%s", (_n, f, cls) => {
    expect(errorOf(f).errorClass).toBe(cls);
  });

  it("null where allowed has zero counts", () => {
    expect(resolveVBuffer([null, INT], "c", 2, { allowNull: true }).counts).toEqual([0, 0]);
  });
});
