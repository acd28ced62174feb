import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { instrumentToCache, loadProgram, programFromFunction, sha256 } from "../../checkers/instrument/loader.ts";
import { programHash } from "../../checkers/instrument/graph.ts";
import { UsageError } from "../../core/errors.ts";
import { setAccessSink } from "../../core/instrument-runtime.ts";
import { helperScale } from "../fixtures/instrument/helper.ts";
import { Recorder } from "../fixtures/instrument/harness.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURE = "test/fixtures/instrument/counter.ts";
const scratch = mkdtempSync(join(tmpdir(), "mpisim-loader-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, text: string): string {
  const p = join(scratch, name);
  writeFileSync(p, text);
  return p;
}

describe("loadProgram inside vitest", () => {
  test("loads a fixture: name as given, absolute path, hash of its module graph, exports", async () => {
    const p = await loadProgram(FIXTURE);
    expect(p.name).toBe(FIXTURE);
    expect(p.path).toBe(resolve(ROOT, FIXTURE));
    const read = (f: string) => ({ abs: resolve(ROOT, f), source: readFileSync(resolve(ROOT, f), "utf8") });
    expect(p.hash).toBe(programHash([read(FIXTURE), read("test/fixtures/instrument/helper.ts")]));
    expect(p.ranks).toBe(3);
    expect(typeof p.check).toBe("function");
    expect(p.instrumented).toBe(true);
    expect(p.exports.expected).toEqual({ note: "fixture" });
    // import.meta.url is the original file's; the helper it imports is part of its instrumented graph
    expect(p.exports.metaUrl).toBe(`file://${resolve(ROOT, FIXTURE)}`);
    expect(p.exports.helperRef).not.toBe(helperScale);
    expect((p.exports.helperRef as typeof helperScale)(2)).toBe(helperScale(2));
  });

  test("its loads and stores reach the sink with the user's file:line:column", async () => {
    const p = await loadProgram(FIXTURE);
    const rec = new Recorder();
    setAccessSink(rec);
    try {
      await (p.main as unknown as (m: unknown) => Promise<unknown>)({});
    } finally {
      setAccessSink(null);
    }
    expect(rec.lines()).toEqual(["store 0+4 @10:3", "load 0+4 @11:13", "load 4+4 @11:3", "store 4+4 @11:3"]);
  });

  test("instrument: false imports the file as it is (its imports are the originals; the hash covers the file alone)", async () => {
    const p = await loadProgram(FIXTURE, { instrument: false });
    expect(p.instrumented).toBe(false);
    expect(p.ranks).toBe(3);
    expect(p.exports.helperRef).toBe(helperScale);
    expect(p.hash).toBe(sha256(readFileSync(resolve(ROOT, FIXTURE), "utf8")).slice(0, 16));
  });

  test("the second load of unchanged source is a cache hit; an edit is a miss", async () => {
    const dir = join(scratch, "cache");
    const prog = scratchFile("cached.ts", "export default async function main() { const a = new Int8Array(1); a[0] = 1; }\n");
    const first = await instrumentToCache(prog, dir);
    const mtime = statSync(first.file).mtimeMs;
    const second = await instrumentToCache(prog, dir);
    expect(first.hit).toBe(false);
    expect(second).toEqual({ ...first, hit: true });
    expect(statSync(second.file).mtimeMs).toBe(mtime);
    writeFileSync(prog, "export default async function main() { const a = new Int8Array(2); a[1] = 1; }\n");
    const third = await instrumentToCache(prog, dir);
    expect(third.hit).toBe(false);
    expect(third.file).not.toBe(first.file);
    expect(readdirSync(dir).filter((f) => f.startsWith("g-"))).toHaveLength(2);
  });

  test("the cached module rewrites `mpisim` and relative imports to absolute URLs and carries an inline map", async () => {
    const prog = scratchFile("imports.ts", 'import { run } from "mpisim";\nimport { x } from "./x.ts";\nexport default async function main() { run(x); }\n');
    const { file } = await instrumentToCache(prog, join(scratch, "cache2"));
    const text = readFileSync(file, "utf8");
    expect(text).toContain(`from "file://${ROOT}/index.ts"`);
    expect(text).toContain(`from "file://${scratch}/x.ts"`);
    expect(text).toMatch(/\n\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,/);
  });

  test("a syntax error is a one-line UsageError with file:line:column", async () => {
    const prog = scratchFile("broken.ts", "export default async function main() {\n  const a = new Int32Array(2);\n  a[0] = (1 +;\n}\n");
    const err = await loadProgram(prog).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(`${prog}:3:14: Expression expected.`);
  });

  test("an error only the JavaScript engine catches (await in a plain function) still gets a location", async () => {
    const prog = scratchFile("await.ts", "export default async function main() {\n  function inner() {\n    await Promise.resolve(1);\n  }\n}\n");
    const err = await loadProgram(prog).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(new RegExp(`^${prog.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:5: 'await' expressions`));
    expect((err as Error).message).not.toContain("\n");
  });

  test("a module without a default-exported function is refused clearly", async () => {
    const prog = scratchFile("nodefault.ts", "export const ranks = 2;\nexport function main() {}\n");
    await expect(loadProgram(prog)).rejects.toThrow(/nodefault\.ts: no default export; a program must `export default async function main\(MPI\)/);
    const prog2 = scratchFile("notfn.ts", "export default 42;\n");
    await expect(loadProgram(prog2)).rejects.toThrow(/notfn\.ts: the default export is not a function/);
    await expect(loadProgram(join(scratch, "missing.ts"))).rejects.toThrow(/missing\.ts: no such file/);
  });

  test("exported ranks is used only when it is a positive integer", async () => {
    const bad = await loadProgram(scratchFile("r0.ts", "export const ranks = 0;\nexport default () => {};\n"));
    expect(bad.ranks).toBeUndefined();
    const frac = await loadProgram(scratchFile("r1.ts", "export const ranks = 2.5;\nexport default () => {};\n"));
    expect(frac.ranks).toBeUndefined();
  });

  test("plain .mjs programs load too", async () => {
    const p = await loadProgram(scratchFile("plain.mjs", "export const ranks = 2;\nexport default function main(MPI) { const a = new Uint8Array(1); a[0] = 1; return a[0]; }\n"));
    expect(p.ranks).toBe(2);
    expect(await (p.main as unknown as () => number)()).toBe(1);
  });
});

describe("loadProgram in a plain node --import tsx process", () => {
  const run = (program: string) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "test/fixtures/instrument/spawn-load.ts", program], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as { name: string; ranks: number; instrumented: boolean; keys: string[]; seen: string[]; stack: string; exportsSameHelper: boolean | null };
  };

  test("loads, instruments and reports with the user's locations; the helper is instrumented with it", () => {
    const out = run(FIXTURE);
    // the program's helper is its instrumented copy, not the one this script imported itself
    expect(out).toMatchObject({ name: FIXTURE, ranks: 3, instrumented: true, exportsSameHelper: false });
    expect(out.keys).toEqual(["check", "default", "expected", "helperRef", "metaUrl", "ranks"]);
    expect(out.seen).toEqual([
      `store 0+4 @${FIXTURE}:10:3`,
      `load 0+4 @${FIXTURE}:11:13`,
      `load 4+4 @${FIXTURE}:11:3`,
      `store 4+4 @${FIXTURE}:11:3`,
    ]);
  });

  test("stack traces name the original .ts file and line", () => {
    const out = run("test/fixtures/instrument/throws.ts");
    expect(out.stack).toContain("Error: boom 1");
    expect(out.stack).toContain(`${resolve(ROOT, "test/fixtures/instrument/throws.ts")}:9:`);
  });
});

describe("programFromFunction", () => {
  test("wraps a plain function", () => {
    async function ring() {}
    const check = () => true;
    const p = programFromFunction(ring, { ranks: 4, check });
    expect(p).toEqual({ name: "ring", hash: sha256(ring.toString()).slice(0, 16), main: ring, ranks: 4, check, instrumented: false, exports: {} });
    expect(programFromFunction(() => {}, { name: "x" }).name).toBe("x");
    expect(programFromFunction(() => {}).name).toBe("anonymous");
  });

  test("refuses what is not a program", () => {
    expect(() => programFromFunction(42 as never)).toThrow(UsageError);
    expect(() => programFromFunction(() => {}, { ranks: 0 })).toThrow(/ranks must be a positive integer/);
  });
});
