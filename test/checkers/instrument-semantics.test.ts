// Property: instrumenting a program never changes what it computes. Random sequences of element
// operations on a typed array (or on a plain array hiding behind `any` or a typed-array type)
// give the same return values, thrown errors and final contents instrumented (with a sink that
// watches everything, and with no sink) as merely transpiled.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Recorder, runInstrumented, runPlain } from "../fixtures/instrument/harness.ts";

const N = 4;
const idx = fc.constantFrom("0", "1", "2", "3", "-1", "4", "i", "j");
const val = fc.constantFrom("0", "1", "-1", "3", "2.5", "300", "NaN", "-0");
const binop = fc.constantFrom("+", "-", "*", "|", "<<", "**", "%", ">>>", "^");

const op: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(idx, val).map(([i, v]) => `a[${i}] = ${v};`),
  idx.map((i) => `r.push(a[${i}]);`),
  fc.tuple(idx, binop, val).map(([i, o, v]) => `r.push(a[${i}] ${o}= ${v});`),
  fc.tuple(idx, fc.constantFrom("++", "--"), fc.boolean()).map(([i, o, pre]) => (pre ? `r.push(${o}a[${i}]);` : `r.push(a[${i}]${o});`)),
  fc.tuple(idx, fc.constantFrom("||=", "&&=", "??="), val).map(([i, o, v]) => `r.push(a[${i}] ${o} ${v});`),
  fc.tuple(idx, val).map(([i, v]) => `r.push(a[${i}] += poke(${v}));`),
  fc.tuple(idx, idx, val).map(([i, j, v]) => `r.push(a[${i}] -= (a[${j}] = ${v}));`),
  fc.tuple(idx, idx).map(([i, j]) => `[a[${i}], a[${j}]] = [a[${j}], a[${i}]];`),
  fc.tuple(idx, idx).map(([i, j]) => `a[${i}] = a[${j}] * 2 + a[${i}];`),
  fc.tuple(val, idx, idx).map(([v, s, e]) => `a.fill(${v}, ${s}, ${e});`),
  fc.tuple(idx, idx, idx).map(([t, s, e]) => `a.copyWithin(${t}, ${s}, ${e});`),
  fc.tuple(val, idx).map(([v, i]) => `a.set([${v}, ${v}], ${i});`),
  fc.constantFrom("a.reverse();", "a.sort();", "r.push(a.join('|'));", "r.push(`${a}`);", "for (const x of a) r.push(x);"),
  fc.constantFrom("{ const [p, q] = a; r.push(p, q); }", "r.push([...a].length);", "r.push(a.reduce((s: number, x: number) => s + x, 0));"),
  fc.tuple(idx, idx).map(([s, e]) => `r.push(Array.from(a.slice(${s}, ${e})));`),
  idx.map((i) => `r.push(a.at(${i}), a?.[${i}]);`),
  fc.tuple(val, idx).map(([v, i]) => `r.push(a.indexOf(${v}), a.lastIndexOf(${v}, ${i}), a.includes(${v}), a.findIndex((x: number) => x > ${v}));`),
  fc.tuple(fc.constantFrom('"1"', '"01"', '"-0"', '"length"', '"1.5"'), val).map(([k, v]) => `a[${k}] = ${v}; r.push(a[${k}]);`),
);

function program(decl: string, ops: string[]): string {
  return [
    `export default async function run(mk: () => any, i: number, j: number) {`,
    `  const a: ${decl} = mk();`,
    `  const r: unknown[] = [];`,
    `  const poke = (v: number) => { a[0] = v + 1; return v; };`,
    ...ops.map((o) => `  try { ${o} } catch (e) { r.push("threw " + (e as Error).name); }`),
    `  return [r, Array.prototype.slice.call(a), Object.keys(a).length];`,
    `}`,
  ].join("\n");
}

const makers: Record<string, () => ArrayLike<number>> = {
  Int32Array: () => new Int32Array([5, -2, 7, 0]),
  Float64Array: () => new Float64Array([0.5, -2, 7, NaN]),
  Uint8ClampedArray: () => new Uint8ClampedArray([5, 250, 7, 0]),
  Array: () => [5, -2, 7, 0],
};

describe("instrumented code computes what the original computes", () => {
  test("random element-operation sequences", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("Int32Array", "Float64Array", "any"),
        fc.constantFrom(...Object.keys(makers)),
        fc.array(op, { minLength: 1, maxLength: 14 }),
        fc.integer({ min: -1, max: N }),
        fc.integer({ min: 0, max: N - 1 }),
        async (decl, kind, ops, i, j) => {
          const src = program(decl, ops);
          const mk = makers[kind]!;
          const expected = await runPlain(src, mk, i, j);
          const watched = await runInstrumented(src, new Recorder(), mk, i, j);
          const unwatched = await runInstrumented(src, null, mk, i, j);
          expect(watched.result).toEqual(expected);
          expect(unwatched.result).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
