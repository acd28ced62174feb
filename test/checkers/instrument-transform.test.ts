import { describe, expect, test } from "vitest";
import { instrumentSource } from "../../checkers/instrument/transform.ts";
import { watchesChanged } from "../../core/instrument-runtime.ts";
import { Recorder, record, runInstrumented, runPlain } from "../fixtures/instrument/harness.ts";

describe("element access", () => {
  test("loads, stores, compound assignment and ++/-- report exact bytes and line:column", async () => {
    const { lines, result } = await record(
      [
        "export default function run() {",
        "  const a = new Int32Array(4);",
        "  a[1] = 7;",
        "  const x = a[1];",
        "  a[2] += x;",
        "  a[3]++;",
        "  --a[0];",
        "  return [x, Array.prototype.slice.call(a)];",
        "}",
      ].join("\n"),
    );
    expect(lines).toEqual([
      "store 4+4 @3:3",
      "load 4+4 @4:13",
      "load 8+4 @5:3",
      "store 8+4 @5:3",
      "load 12+4 @6:3",
      "store 12+4 @6:3",
      "load 0+4 @7:5",
      "store 0+4 @7:5",
    ]);
    expect(result).toEqual([7, [-1, 7, 7, 1]]);
  });

  test("byte ranges follow the view: Float64Array and a subarray alias at an offset", async () => {
    const { rec, lines } = await record(
      [
        "export default function run() {",
        "  const f = new Float64Array(8);",
        "  const tail = f.subarray(5);",
        "  tail[1] = 1.5;",
        "  return f[6];",
        "}",
      ].join("\n"),
    );
    expect(lines).toEqual(["store 48+8 @4:3", "load 48+8 @5:10"]);
    expect(rec.seen[0]!.buffer).toBe(rec.seen[1]!.buffer);
  });

  test("two views of one ArrayBuffer (new Int32Array(mem)) map to the same bytes", async () => {
    const { rec, lines } = await record(
      [
        "export default function run(mem: ArrayBuffer) {",
        "  const i32 = new Int32Array(mem);",
        "  const u8 = new Uint8Array(mem, 4);",
        "  i32[1] = 0x01020304;",
        "  return u8[0];",
        "}",
      ].join("\n"),
      new ArrayBuffer(16),
    );
    expect(lines).toEqual(["store 4+4 @4:3", "load 4+1 @5:10"]);
    expect(rec.seen[0]!.buffer).toBe(rec.seen[1]!.buffer);
  });

  test("`any` values holding typed arrays are reported (win_base: any), aliases through functions too", async () => {
    const { lines } = await record(
      [
        "export default function run() {",
        "  let win_base: any;",
        "  win_base = new Int32Array(10);",
        "  const alias = ((x: any) => x)(win_base);",
        "  alias[2] = 42;",
        "  return `${win_base[2]}`;",
        "}",
      ].join("\n"),
    );
    expect(lines).toEqual(["store 8+4 @5:3", "load 8+4 @6:13"]);
  });

  test("plain arrays, strings, Maps and records are left untouched", () => {
    const { code } = instrumentSource(
      [
        "const xs: number[] = [1, 2, 3];",
        "const s = 'abc';",
        "const m = new Map<string, number>();",
        "const r: Record<string, number> = {};",
        "xs[0] = xs[1] + s[2].length; xs[2]++; r['k'] = 1; m.set('a', xs.indexOf(2));",
        "const t: [number, string] = [1, 'a']; t[0] += 1;",
        "const ta = new Int32Array(2); ta.length; ta['length']; ta.subarray(0);",
      ].join("\n"),
      "plain.ts",
    );
    const body = code.split("\n").slice(1).join("\n");
    expect(body).not.toMatch(/__mp/);
  });

  test("the un-instrumented meaning is kept for objects that are not typed arrays", async () => {
    const src = [
      "export default function run(o: any, m: any, arr: any) {",
      "  const out: unknown[] = [];",
      "  o.count = 1; o['count'] += 2; out.push(o['count']++, ++o.count);",
      "  m.set('k', 5); out.push(m.get('k'));",
      "  arr[5] = 'x'; arr.fill(0, 0, 2); out.push(arr.length, arr.join('|'), arr.indexOf('x'), arr.at(-1));",
      "  const self = { v: 3, at(this: any, i: number) { return this.v + i; } } as any;",
      "  out.push(self.at(2), [...arr].length);",
      "  for (const ch of 'ab' as any) out.push(ch);",
      "  let s: any = 'q'; s += arr; out.push(s);",
      "  return out;",
      "}",
    ].join("\n");
    const mk = () => [{}, new Map(), [1, 2, 3]] as const;
    const plain = await runPlain(src, ...mk());
    const inst = (await record(src, ...mk())).result;
    const instNoSink = (await runInstrumented(src, null, ...mk())).result;
    expect(inst).toEqual(plain);
    expect(instNoSink).toEqual(plain);
  });

  test("compound assignment loads before its right-hand side runs (a[0] += (a[0] = 5, 1))", async () => {
    const src = [
      "export default async function run() {",
      "  const a = new Int32Array([10, 20]);",
      "  const set = (v: number) => { a[0] = v; return 1; };",
      "  a[0] += (a[0] = 5, 1);",
      "  a[1] += set(100) + await Promise.resolve(1);",
      "  return Array.from(a);",
      "}",
    ].join("\n");
    const { result, lines } = await record(src);
    expect(result).toEqual(await runPlain(src));
    expect(result).toEqual([100, 22]); // a[0]: 10 + 1, then set(100) overwrote it
    // the load of a[1] (line 5) comes before the store made inside set()
    expect(lines.slice(3, 6)).toEqual(["load 4+4 @5:3", "store 0+4 @3:32", "store 4+4 @5:3"]);
  });

  test("logical assignment only stores when it assigns", async () => {
    const { lines, result } = await record(
      [
        "export default function run() {",
        "  const a = new Int32Array([0, 3]);",
        "  a[0] ||= 9; a[1] ||= 9; a[1] &&= 4; a[0] ??= 1;",
        "  return Array.from(a);",
        "}",
      ].join("\n"),
    );
    expect(result).toEqual([9, 4]);
    expect(lines.filter((l) => l.startsWith("store"))).toEqual(["store 0+4 @3:3", "store 4+4 @3:27"]);
  });

  test("destructuring targets and for-of bindings store through the hook", async () => {
    const { lines, result } = await record(
      [
        "export default function run() {",
        "  const a = new Int32Array([1, 2]);",
        "  [a[0], a[1]] = [a[1], a[0]];",
        "  const b = new Int32Array(1);",
        "  for (b[0] of [7]) ;",
        "  return [a[0], a[1], b[0]];",
        "}",
      ].join("\n"),
    );
    expect(result).toEqual([2, 1, 7]);
    expect(lines.slice(0, 5)).toEqual(["load 4+4 @3:19", "load 0+4 @3:25", "store 0+4 @3:4", "store 4+4 @3:10", "store 0+4 @5:8"]);
  });

  test("optional element access keeps short-circuiting", async () => {
    const { result, lines } = await record(
      [
        "export default function run() {",
        "  const a: Int32Array | undefined = new Int32Array([5]);",
        "  const n: Int32Array | undefined = undefined;",
        "  const o = { v: a } as { v?: Int32Array };",
        "  return [a?.[0], n?.[0], (undefined as any)?.v[0], o?.v?.[0]];",
        "}",
      ].join("\n"),
    );
    expect(result).toEqual([5, undefined, undefined, 5]);
    expect(lines).toEqual(["load 0+4 @5:11", "load 0+4 @5:53"]);
  });

  test("nothing is reported when the sink watches nothing, or no sink is set", async () => {
    const src = "export default function run() { const a = new Int32Array(2); a[0] = 1; a.fill(3); return a[0] + a[1]; }";
    const rec = new Recorder(() => false);
    const { result } = await runInstrumented(src, rec);
    expect(result).toBe(6);
    expect(rec.seen).toEqual([]);
    expect((await runInstrumented(src, null)).result).toBe(6);
  });
});

describe("watch changes", () => {
  test("a buffer that becomes watched at an MPI call (or after watchesChanged()) is reported from then on", async () => {
    const watched = new Set<ArrayBufferLike>();
    const rec = new Recorder((b) => watched.has(b));
    const comm = { Irecv: (buf: Int32Array) => void watched.add(buf.buffer) };
    const quietly = (buf: Int32Array) => {
      watched.delete(buf.buffer);
      watchesChanged();
    };
    const src = [
      "export default function run(comm: any, quietly: (a: Int32Array) => void) {",
      "  const a = new Int32Array(2);",
      "  for (let i = 0; i < 3; i++) a[0] = i;",
      "  comm.Irecv(a);",
      "  for (let i = 0; i < 2; i++) a[1] = a[0];",
      "  quietly(a);",
      "  a[0] = 9;",
      "}",
    ].join("\n");
    await runInstrumented(src, rec, comm, quietly);
    expect(rec.lines()).toEqual(["load 0+4 @5:38", "store 4+4 @5:31", "load 0+4 @5:38", "store 4+4 @5:31"]);
  });
});

describe("bulk operations", () => {
  test("set, fill, copyWithin, sort, reverse, slice, at, indexOf", async () => {
    const { lines, result } = await record(
      [
        "export default function run() {",
        "  const a = new Int16Array(8), src = new Int16Array([4, 3]);",
        "  a.set(src, 2);",
        "  a.fill(1, -2);",
        "  a.copyWithin(0, 2, 4);",
        "  a.sort();",
        "  a.reverse();",
        "  const s = a.slice(1, 3);",
        "  const x = a.at(-1);",
        "  const i = a.indexOf(4);",
        "  return [Array.from(a), Array.from(s), x, i];",
        "}",
      ].join("\n"),
    );
    expect(result).toEqual([[4, 4, 3, 3, 1, 1, 0, 0], [4, 3], 0, 0]);
    expect(lines).toEqual([
      "load 0+4 @3:3", // src read
      "store 4+4 @3:3", // a[2..4)
      "store 12+4 @4:3", // a[6..8)
      "load 4+4 @5:3",
      "store 0+4 @5:3",
      "load 0+16 @6:3",
      "store 0+16 @6:3",
      "load 0+16 @7:3",
      "store 0+16 @7:3",
      "load 2+4 @8:13",
      "load 14+2 @9:13",
      "load 0+2 @10:13", // found at 0: stops there
      "load 0+16 @11:22", // Array.from(a)
      "load 0+4 @11:37", // Array.from(s): s is a copy with its own buffer
    ]);
  });

  test("whole-view reads: spread, for…of, join, map, template literal, new Float64Array(ta), console.log", async () => {
    const { lines } = await record(
      [
        "export default function run() {",
        "  const a = new Float32Array(2);",
        "  const b = [...a];",
        "  for (const v of a) b.push(v);",
        "  a.join(); a.map((v) => v);",
        "  const s = `${a}`;",
        "  const c = new Float64Array(a);",
        "  const [first] = a;",
        "  return [b, s, c, first];",
        "}",
      ].join("\n"),
    );
    expect(lines).toEqual([
      "load 0+8 @3:17",
      "load 0+4 @4:19", // for…of: element by element
      "load 4+4 @4:19",
      "load 0+8 @5:3",
      "load 0+8 @5:13",
      "load 0+8 @6:16",
      "load 0+8 @7:30",
      "load 0+4 @8:19", // destructuring reads only what it takes
    ]);
  });

  test("index arguments that are objects are not coerced a second time (whole view reported instead)", async () => {
    const src = [
      "export default function run() {",
      "  const a = new Int32Array(4);",
      "  let calls = 0;",
      "  const two = { valueOf() { calls++; return 2; } };",
      "  a.fill(7, two as any);",
      "  const s = a.slice(two as any);",
      "  return [calls, Array.prototype.slice.call(a), s.length];",
      "}",
    ].join("\n");
    const { result, lines } = await record(src);
    expect(result).toEqual([2, [0, 0, 7, 7], 2]);
    expect(result).toEqual(await runPlain(src));
    expect(lines).toEqual(["store 0+16 @5:3", "load 0+16 @6:13"]);
  });

  test("DataView get/set and ArrayBuffer.slice", async () => {
    const { lines, result } = await record(
      [
        "export default function run(mem: any) {",
        "  const dv = new DataView(mem, 8);",
        "  dv.setFloat64(0, 2.5, true);",
        "  const v = dv.getInt32(4, true);",
        "  const copy = mem.slice(8, 12);",
        "  return [v, copy.byteLength];",
        "}",
      ].join("\n"),
      new ArrayBuffer(32),
    );
    expect(lines).toEqual(["store 8+8 @3:3", "load 12+4 @4:13", "load 8+4 @5:16"]);
    expect(result).toEqual([1074003968, 4]);
  });
});
