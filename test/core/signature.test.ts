import { describe, expect, it } from "vitest";
import { DOUBLE, FLOAT, INT, INT32_T, BYTE, UNSIGNED_CHAR, SIGNED_CHAR, Datatype } from "../../core/datatype/index.ts";
import { isPrefix, showSignature, signature, untyped } from "../../core/datatype/signature.ts";

const sig = (dt: Datatype, n: number) => showSignature(signature(dt, n));

describe("type signatures (MPI 4.1 §3.3.1)", () => {
  it("are the sequence of basic types, whatever the layout", () => {
    const v = INT.Create_vector(3, 1, 2).Commit();
    expect(sig(v, 2)).toBe(sig(INT, 6));
    expect(sig(INT32_T, 2)).toBe(sig(INT, 2));
    expect(sig(FLOAT, 2)).not.toBe(sig(INT, 2));
    const s = Datatype.Create_struct([2, 1], [0, 8], [INT, DOUBLE]).Commit();
    expect(sig(s, 2)).toBe("int32×2 float64×1 int32×2 float64×1");
    // One-byte integers are one family: JS infers them from Int8Array and Uint8Array alike.
    expect(sig(UNSIGNED_CHAR, 3)).toBe(sig(SIGNED_CHAR, 3));
  });

  it("a receive may be longer than the message, not different", () => {
    const s = Datatype.Create_struct([1, 1], [0, 8], [INT, DOUBLE]).Commit();
    expect(isPrefix(signature(INT, 2), signature(INT, 5))).toBe(true);
    expect(isPrefix(signature(s, 1), signature(s, 3))).toBe(true);
    expect(isPrefix(signature(INT, 1), signature(s, 1))).toBe(true);
    expect(isPrefix(signature(INT, 2), signature(s, 1))).toBe(false);
    expect(isPrefix(signature(DOUBLE, 1), signature(s, 1))).toBe(false);
    expect(isPrefix(signature(FLOAT, 2), signature(INT, 2))).toBe(false);
    // Longer than the receive: a truncation (ERR_TRUNCATE), not a type mismatch.
    expect(isPrefix(signature(INT, 5), signature(INT, 2))).toBe(true);
  });

  it("BYTE has no signature to compare", () => {
    expect(untyped(BYTE)).toBe(true);
    expect(untyped(Datatype.Create_struct([1, 4], [0, 4], [INT, BYTE]).Commit())).toBe(true);
    expect(untyped(INT)).toBe(false);
  });
});
