// Instrumentation, continued (instrument-transform.test.ts has element access, watch changes and
// bulk operations): MPI call-site markers, the transpiled output and unusual syntax.
import { describe, expect, test } from "vitest";
import { instrumentSource } from "../../checkers/instrument/transform.ts";
import { decodeMappings } from "../../checkers/instrument/sourcemap.ts";
import { UsageError } from "../../core/errors.ts";
import { currentCallLoc, installRuntime, setCurrentCallLoc } from "../../core/instrument-runtime.ts";
import { record, runInstrumented, runPlain } from "../fixtures/instrument/harness.ts";

describe("MPI call-site markers", () => {
  test("currentCallLoc() names the user's call, after its arguments ran (nested calls do not leak)", async () => {
    installRuntime();
    const seen: string[] = [];
    const at = (name: string) => () => {
      const l = currentCallLoc();
      seen.push(`${name}@${l?.file}:${l?.line}:${l?.column}`);
      return 1;
    };
    const comm = { Get_rank: at("Get_rank"), Send: at("Send"), Barrier: at("Barrier"), send: at("send") };
    const MPI = { COMM_WORLD: comm, Win: { Create: at("Win.Create") } };
    const src = [
      "export default async function main(MPI: any) {",
      "  const comm = MPI.COMM_WORLD;",
      "  comm.Send(new Int32Array(1), comm.Get_rank());",
      "  await comm.Barrier();",
      "  MPI.Win.Create(null, { comm });",
      "  comm?.send({ x: 1 }, 0);",
      "  [1].reduce((a: number) => a);",
      "}",
    ].join("\n");
    await runInstrumented(src, null, MPI);
    expect(seen).toEqual([
      "Get_rank@snippet.ts:3:32",
      "Send@snippet.ts:3:3",
      "Barrier@snippet.ts:4:9",
      "Win.Create@snippet.ts:5:3",
      "send@snippet.ts:6:3",
    ]);
    setCurrentCallLoc(undefined);
    expect(currentCallLoc()).toBeUndefined();
  });

  test("markers are shared location objects from a per-module table, not allocations", () => {
    const { code } = instrumentSource("export default async function main(MPI: any) { for (;;) await MPI.COMM_WORLD.Barrier(); }", "m.ts");
    expect(code).toMatch(/__mpm\(MPI\.COMM_WORLD, "Barrier", __mpLoc\[0\], "MPI\.COMM_WORLD"\)\.Barrier\(\)/);
    expect(code).toContain('.locs("m.ts", "1:63")');
  });
});

describe("transpiled output", () => {
  test("lines stay where they were, and the source map points at the original text", () => {
    const src = [
      "// header comment",
      "import type { MPI } from 'mpisim';",
      "",
      "export const ranks = 2;",
      "",
      "interface Unused { x: number }",
      "export default async function main(MPI: MPI) {",
      "  const a = new Int32Array(2); a[0] = 1;",
      "",
      "  a[1] = a[0] + 1;",
      "}",
    ].join("\n");
    const { code, map } = instrumentSource(src, "prog.ts");
    const lines = code.split("\n");
    expect(lines[3]).toBe("export const ranks = 2;");
    expect(lines[6]).toMatch(/^export default async function main\(MPI\) \{/);
    expect(lines[7]).toMatch(/const a = new Int32Array\(2\); __mps\(a, 0, 1, __mpLoc\[0\]\);/);
    expect(lines[9]).toMatch(/__mps\(a, 1, __mpl\(a, 0, __mpLoc\[\d\]\) \+ 1, __mpLoc\[\d\]\);/);
    const parsed = JSON.parse(map) as { sources: string[]; sourcesContent: string[]; mappings: string };
    expect(parsed.sources).toEqual(["prog.ts"]);
    expect(parsed.sourcesContent[0]).toBe(src);
    const segs = decodeMappings(parsed.mappings);
    for (const g of [3, 6, 7, 9]) expect(segs[g]!.filter((s) => s.length >= 4).every((s) => s[2] === g)).toBe(true);
  });

  test("a syntax error is a UsageError naming file:line:column", () => {
    expect(() => instrumentSource("export default function f() {\n  const a = new Int32Array(2);\n  a[0] = (1 +;\n}\n", "bad/prog.ts")).toThrow(UsageError);
    expect(() => instrumentSource("let x = ;", "p.ts")).toThrow(/^p\.ts:1:9: Expression expected\.$/);
  });

  test("value imports of mpisim and relative modules can be rewritten; import.meta.url too", () => {
    const { code } = instrumentSource(
      "import { load } from 'mpisim';\nimport { h } from './h.ts';\nexport const u = import.meta.url;\nexport const m = () => import('./d.ts');\nload(h);",
      "p.ts",
      { specifier: (s) => (s === "mpisim" ? "/abs/index.ts" : s.startsWith(".") ? `/abs${s.slice(1)}` : undefined), importMeta: { url: "file:///abs/p.ts" } },
    );
    expect(code).toContain('from "/abs/index.ts"');
    expect(code).toContain('from "/abs/h.ts"');
    expect(code).toContain('import("/abs/d.ts")');
    expect(code).toContain('export const u = "file:///abs/p.ts"');
  });

  test("with runtimeImport, the module installs the runtime itself", () => {
    const { code } = instrumentSource("export const a = new Int32Array(1); a[0] = 1;", "p.ts", { runtimeImport: "/x/core/instrument-runtime.ts" });
    expect(code.split("\n")[0]).toMatch(/^import \{ installRuntime as __mpInstall \} from "\/x\/core\/instrument-runtime\.ts";/);
  });

  test("identifiers already in the source never collide with the hooks", () => {
    const { code } = instrumentSource("const __mpl = 1; const a = new Int8Array(1); a[0] = __mpl;", "p.ts");
    expect(code).toMatch(/__mp1_s\(a, 0, __mpl, __mp1_Loc\[0\]\)/);
  });

  test("plain JavaScript programs are instrumented too (untyped values are treated as any)", async () => {
    const { code } = instrumentSource("export default function run(a) { a[0] = 1; return a[0]; }", "p.js");
    expect(code).toMatch(/__mps\(a, 0, 1/);
  });
});

describe("unusual syntax", () => {
  test("classes, private fields, generators, enums, namespaces, optional calls, labels: same results", async () => {
    const src = [
      "enum E { A = 2 }",
      "namespace NS { export const t = new Int8Array([E.A, 3]); }",
      "class V extends Float64Array {",
      "  #aux = new Int32Array(2);",
      "  first = this.length > 0 ? this[0] : -1;",
      "  bumped = (this.#aux[0] += side(), this.#aux[0]);",
      "  get head() { return this[0]; }",
      "  static make() { const v = new V(3); v[1] = 4; return v; }",
      "}",
      "let calls = 0;",
      "function side() { calls++; return 5; }",
      "function* gen(a: Int32Array) { yield a[0]; yield* a; }",
      "export default async function run(comm: any) {",
      "  const a = new Int32Array([1, 2, 3]);",
      "  const out: unknown[] = [];",
      "  const v = V.make();",
      "  out.push(v.head, v[1], v.bumped, NS.t[0], [...gen(a)]);",
      "  outer: for (const x of a) { for (const y of a) { if (y > 1) continue outer; out.push(x * y); } }",
      "  out.push(comm.Missing?.(), comm?.Send?.(a, 1), comm.Barrier?.());",
      "  const f = (i = a[0]) => (a[i] **= 2);",
      "  out.push(f(), f(2), calls);",
      "  const { x = a[1] } = {} as { x?: number };",
      "  out.push(x, typeof a[0], a[0] === a[0]);",
      "  let k: any = '1'; a[k] <<= 1; out.push(a[k]);",
      "  const o = { [a[0]]: a[0] }; out.push(o);",
      "  label: { out.push(a.at(-1)); break label; }",
      "  return out;",
      "}",
    ].join("\n");
    const comm = { Send: (_a: unknown, n: number) => n + 1, Barrier: () => "b" };
    const expected = await runPlain(src, comm);
    const { result, code } = await record(src, comm);
    expect(result).toEqual(expected);
    expect((await runInstrumented(src, null, comm)).result).toEqual(expected);
    expect(code).toMatch(/__mpl\(this, 0, __mpLoc/); // this[0] in a class extending Float64Array
  });
});
