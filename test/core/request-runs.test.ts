import { describe, expect, it } from "vitest";
import { DOUBLE, INT, runsOf } from "../../core/datatype/index.ts";
import { requestRuns } from "../../core/request-runs.ts";

describe("requestRuns (the runs a request's buffer record carries)", () => {
  it("equals runsOf, and is the same array for the same datatype, count and offset", () => {
    const col = DOUBLE.Create_vector(4, 1, 6).Commit();
    for (const [count, off] of [[1, 0], [1, 48], [2, 8], [1, 48]] as const) {
      expect(requestRuns(col, count, off)).toEqual(runsOf(col, count, off));
    }
    expect(requestRuns(col, 1, 48)).toBe(requestRuns(col, 1, 48));
    expect(requestRuns(col, 1, 48)).not.toBe(requestRuns(col, 1, 56));
    // A dense type is one span: no runs to carry.
    expect(requestRuns(INT, 5, 4)).toBeNull();
    expect(requestRuns(INT.Create_contiguous(3).Commit(), 2, 0)).toBeNull();
  });

  it("stays exact past what it keeps per datatype and outside the packed key's range", () => {
    const v = INT.Create_vector(3, 1, 2).Commit();
    for (let off = 0; off < 200 * 4; off += 4) expect(requestRuns(v, 1, off)).toEqual(runsOf(v, 1, off));
    for (let off = 0; off < 200 * 4; off += 4) expect(requestRuns(v, 1, off)).toEqual(runsOf(v, 1, off));
    expect(requestRuns(v, 70_000, 0)).toEqual(runsOf(v, 70_000, 0));
    expect(requestRuns(v, 1, 2 ** 37)).toEqual(runsOf(v, 1, 2 ** 37));
    expect(requestRuns(v, 2, 2 ** 36 - 4)).toEqual(runsOf(v, 2, 2 ** 36 - 4));
  });
});
