/**
 * Small typed arrays (core/datatype/buffer.ts, SmallViews): a message that is exactly a small
 * array's elements is copied through a same-type scratch array instead of the array's buffer.
 * The bytes must be the same as the byte-view path gives, bit for bit, for every typed-array
 * type, and every other shape must still go through the byte view.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { BYTE, DOUBLE, FLOAT, INT, pack, packBuffer, resolveBuffer, unpack, unpackBuffer } from "../../core/datatype/index.ts";

const CTORS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array] as const;

/** A fresh array of `C` with `len` elements whose bytes are `bytes` (through a DataView-free copy). */
function arrayOf(C: (typeof CTORS)[number], bytes: Uint8Array): ArrayBufferView {
  const a = new C(bytes.length / C.BYTES_PER_ELEMENT);
  new Uint8Array(a.buffer).set(bytes);
  return a;
}

function bytesOf(v: ArrayBufferView): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
}

/** A typed-array type and whole elements' worth of arbitrary bytes for it (at most 64). */
const typeAndBytes = fc
  .tuple(fc.constantFrom(...CTORS), fc.uint8Array({ minLength: 1, maxLength: 64 }))
  .map(([C, raw]) => {
    const n = Math.max(1, Math.floor(raw.length / C.BYTES_PER_ELEMENT));
    const bytes = new Uint8Array(n * C.BYTES_PER_ELEMENT);
    bytes.set(raw.subarray(0, bytes.length));
    return { C, n, bytes };
  });

describe("small typed arrays: packBuffer / unpackBuffer", () => {
  it("pack gives the bytes of the array, for every type and length up to 64 bytes (NaN payloads kept)", () => {
    fc.assert(
      fc.property(typeAndBytes, ({ C, n, bytes }) => {
        // A fresh array whose buffer nobody has read (the case the scratch path is for).
        const fresh = new C(n);
        fresh.set(arrayOf(C, bytes) as never);
        const r = resolveBuffer(fresh, "c");
        expect(r.direct).not.toBeNull();
        expect([...packBuffer(r)]).toEqual([...bytes]);
      }),
    );
  });

  it("unpack writes exactly the bytes given, for every type (NaN payloads kept)", () => {
    fc.assert(
      fc.property(typeAndBytes, ({ C, n, bytes }) => {
        const dst = new C(n);
        const r = resolveBuffer(dst, "c");
        expect(r.direct).not.toBeNull();
        unpackBuffer(bytes, r);
        expect([...bytesOf(dst)]).toEqual([...bytes]);
      }),
    );
  });

  it("a signalling-NaN float keeps its bits both ways", () => {
    const sNaN32 = new Uint8Array([0x01, 0x00, 0x80, 0x7f]); // 0x7f800001
    const f = new Float32Array(1);
    unpackBuffer(sNaN32, resolveBuffer([f, FLOAT], "c"));
    expect([...bytesOf(f)]).toEqual([...sNaN32]);
    const g = new Float32Array(1);
    g.set(f);
    expect([...packBuffer(resolveBuffer([g, FLOAT], "c"))]).toEqual([...sNaN32]);
  });

  it("other shapes take the byte view: part of the array, a displacement, a derived type, a large array, a DataView", () => {
    const a = new Int32Array(4);
    for (const spec of [[a, 2, INT], [a, [1, 1], INT], [a, 1, INT.Create_vector(2, 1, 2).Commit()], new Int32Array(17), new DataView(new ArrayBuffer(8))] as const) {
      const r = resolveBuffer(spec, "c");
      expect(r.direct).toBeNull();
      // Same bytes as packing the byte view directly.
      expect([...packBuffer(r)]).toEqual([...pack(r.bytes, r.byteOffset, r.datatype, r.count)]);
    }
  });

  it("a short message into a small array fills its prefix, as unpack does", () => {
    const dst = new Float64Array(2).fill(7);
    const r = resolveBuffer([dst, DOUBLE], "c");
    const data = new Uint8Array(new Float64Array([1.5]).buffer);
    unpackBuffer(data, r, 1);
    expect([...dst]).toEqual([1.5, 7]);
    const ref = new Float64Array(2).fill(7);
    unpack(data, new Uint8Array(ref.buffer), 0, DOUBLE, 1);
    expect([...dst]).toEqual([...ref]);
  });

  it("buffer and bytes are still the array's own memory when asked for", () => {
    const a = new Int32Array(2);
    const r = resolveBuffer(a, "c");
    expect(r.direct).not.toBeNull();
    expect(r.buffer).toBe(a.buffer);
    expect(r.bytes.buffer).toBe(a.buffer);
    const b = new Uint8Array(3);
    expect(resolveBuffer([b, BYTE], "c").buffer).toBe(b.buffer);
  });

  it("a view over a resizable buffer that shrank after resolving takes the byte view (no scratch copy of the wrong length)", () => {
    const rab = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(8, { maxByteLength: 16 });
    const v = new Int32Array(rab);
    v.set([1, 2]);
    const r = resolveBuffer(v, "c");
    rab.resize(4);
    // Same as the byte view gives: the bytes still there, writes past the end dropped.
    expect(() => unpackBuffer(new Uint8Array(8).fill(9), r)).not.toThrow();
    expect([...v]).toEqual([0x09090909]);
    expect([...packBuffer(r)]).toEqual([...pack(r.bytes, r.byteOffset, r.datatype, r.count)]);
  });

  it("a subclass of a typed array (Node's Buffer) takes the byte view", () => {
    const r = resolveBuffer([Buffer.alloc(4), BYTE], "c");
    expect(r.direct).toBeNull();
  });

  it("the type's scratch views follow each array's own type, call after call (the last type is remembered)", () => {
    class Mine extends Int32Array {}
    const seq: [ArrayBufferView, typeof INT | typeof DOUBLE | typeof BYTE, boolean][] = [
      [new Int32Array(1), INT, true],
      [new Mine(1), INT, false],
      [new Mine(1), INT, false],
      [new Int32Array(2), INT, true],
      [Buffer.alloc(4), BYTE, false],
      [new Uint8Array(4), BYTE, true],
      [new DataView(new ArrayBuffer(8)), DOUBLE, false],
      [new Float64Array(1), DOUBLE, true],
    ];
    for (const [v, dt, direct] of seq) {
      const r = resolveBuffer([v, dt], "c");
      expect(r.direct !== null).toBe(direct);
      if (direct) expect(r.direct![0]).toBeInstanceOf(v.constructor as typeof Int32Array);
    }
  });
});
