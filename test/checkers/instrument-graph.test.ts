// The whole local module graph of a program is instrumented (checkers/instrument/graph.ts), in
// load() here; the CLI's side is test/cli/load-errors.test.ts, the Vite plugin's
// instrument-vite-plugin.test.ts.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { load, replay, run, UsageError } from "../../index.ts";
import { loadProgram } from "../../checkers/instrument/loader.ts";
import { defaultCacheDir } from "../../checkers/instrument/cache-dir.ts";
import { setAccessSink } from "../../core/instrument-runtime.ts";
import type { SourceLoc } from "../../core/errors.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const scratch = realpathSync(mkdtempSync(join(tmpdir(), "mpisim-graph-test-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(resolve(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

/** Every store of a module writes one byte at its own offset: which modules were instrumented. */
const store = (off: number) => `(globalThis as any).__probe[${off}] = 1;`;

describe("load() instruments the program's whole local module graph", () => {
  test("a buffer race inside an imported helper is found, at the helper's line", async () => {
    const p = await load("test/fixtures/graph/race-main.ts");
    const r = await run(p, { seed: 1 });
    const races = r.diagnostics.filter((d) => d.kind === "buffer-race");
    expect(races.length).toBeGreaterThan(0);
    expect(races[0]!.message).toMatch(/helper-race\.ts:9:3/);
    // the helper and the program share one instance of the module they both import
    expect(r.diagnostics.filter((d) => d.kind === "rank-exception")).toEqual([]);
  });

  test(".ts .mts .js .mjs .tsx, extensionless and .js-spelled imports, a cycle, a dynamic import: each module once", async () => {
    const dir = project("exts", {
      "main.ts": [
        'import { a, shared as fromA } from "./a.mts";',
        'import { b, shared as fromB } from "./b.js";',
        'import { c } from "./c.tsx";',
        'import { n } from "./sub/noext";',
        'import { t } from "./twin.js";',
        'import { cyc1 } from "./cyc1.ts";',
        "export const ranks = 1;",
        "export default async function main() {",
        `  const p = new Uint8Array(16); (globalThis as any).__probe = p; ${store(0).replace("(globalThis as any).__probe", "p")}`,
        '  a(); b(); c(); n(); t(); cyc1(); const { dyn } = await import("./dyn.ts"); dyn();',
        "  return fromA === fromB;",
        "}",
      ].join("\n"),
      "a.mts": `export { shared } from "./shared.ts";\nexport function a() { ${store(1)} }\n`,
      "b.js": `export { shared } from "./shared.ts";\nexport function b() { globalThis.__probe[2] = 1; }\n`,
      "c.tsx": `export function c(): void { ${store(3)} }\n`,
      "sub/noext.ts": `export function n() { ${store(4)} }\n`,
      "twin.ts": `export function t() { ${store(5)} }\n`,
      "cyc1.ts": `import { cyc2 } from "./cyc2.mjs";\nexport function cyc1() { ${store(6)} cyc2(); }\nexport const one = 1;\n`,
      "cyc2.mjs": `import * as c1 from "./cyc1.ts";\nexport function cyc2() { globalThis.__probe[7] = c1.one; }\n`,
      "dyn.ts": `export function dyn() { ${store(8)} }\n`,
      "shared.ts": "export const shared = {};\n",
    });
    const cache = join(scratch, "cache-exts");
    const p = await loadProgram(join(dir, "main.ts"), { cacheDir: cache });
    const seen: string[] = [];
    setAccessSink({ watches: () => true, access: (kind, _b, off, _len, loc?: SourceLoc) => void seen.push(`${kind} ${off} ${loc?.file.replace(dir + "/", "")}`) });
    let same: unknown;
    try {
      same = await (p.main as unknown as () => Promise<boolean>)();
    } finally {
      setAccessSink(null);
    }
    expect(same).toBe(true);
    const files = ["main.ts", "a.mts", "b.js", "c.tsx", "sub/noext.ts", "twin.ts", "cyc1.ts", "cyc2.mjs", "dyn.ts"];
    expect(seen.filter((s) => s.startsWith("store"))).toEqual(files.map((f, i) => `store ${i} ${f}`));
    const graph = readdirSync(cache).filter((f) => f.startsWith("g-"));
    expect(graph).toHaveLength(1);
    expect(readdirSync(join(cache, graph[0]!)).sort()).toHaveLength(files.length + 1); // + shared.ts
  });

  test("an import that was missing when the graph was cached is instrumented once the file exists", async () => {
    const dir = project("later", { "main.ts": 'import { later } from "./later.ts";\nexport default async function main() { later(); }\n' });
    const cacheDir = join(scratch, "cache-later");
    await expect(loadProgram(join(dir, "main.ts"), { cacheDir })).rejects.toThrow(/cannot find module '\.\/later\.ts'/);
    writeFileSync(join(dir, "later.ts"), `export function later() { const a = new Uint8Array(1); a[0] = 1; }\n`);
    const p = await loadProgram(join(dir, "main.ts"), { cacheDir });
    const seen: string[] = [];
    setAccessSink({ watches: () => true, access: (kind, _b, _o, _l, loc?: SourceLoc) => void seen.push(`${kind} ${loc?.file.replace(dir + "/", "")}:${loc?.line}`) });
    try {
      await (p.main as unknown as () => Promise<void>)();
    } finally {
      setAccessSink(null);
    }
    expect(seen).toEqual(["store later.ts:1"]);
  });

  test("editing a helper is a new program hash: a token of the old graph is refused", async () => {
    const dir = join(scratch, "edit");
    cpSync(join(ROOT, "test/fixtures/graph"), dir, { recursive: true });
    const cacheDir = join(scratch, "cache-edit");
    const before = await loadProgram(join(dir, "race-main.ts"), { cacheDir });
    const token = (await run(before, { seed: 3 })).schedule;
    expect((await loadProgram(join(dir, "race-main.ts"), { cacheDir })).hash).toBe(before.hash);
    writeFileSync(join(dir, "shared-state.ts"), "// edited\nexport const counter = { calls: 0 };\n");
    const after = await loadProgram(join(dir, "race-main.ts"), { cacheDir });
    expect(after.hash).not.toBe(before.hash);
    await expect(replay(after, token)).rejects.toThrow(/schedule token was made for a different program/);
    await expect(replay(before, token)).resolves.toBeDefined();
  });
});

describe("load() rejects a program that cannot be loaded with one UsageError line naming the user's file", () => {
  const dir = project("broken", {
    "missing.ts": 'import { x } from "./nope.ts";\nexport default async function main() { console.log(x); }\n',
    "top-throw.ts": 'import { y } from "./throwing.ts";\nexport default async function main() { console.log(y); }\n',
    "throwing.ts": 'export const y = 1;\nthrow new Error("helper failed at load");\n',
    "syntax.ts": 'import { z } from "./bad.ts";\nexport default async function main() { console.log(z); }\n',
    "bad.ts": "export const z = (1 +;\n",
  });
  const cases: Array<[string, string]> = [
    ["missing.ts", `${dir}/missing.ts:1:19: cannot find module './nope.ts'`],
    ["top-throw.ts", `${dir}/throwing.ts:2:7: Error: helper failed at load (thrown while loading ${dir}/top-throw.ts)`],
    ["syntax.ts", `${dir}/bad.ts:1:22: Expression expected.`],
  ];
  for (const [f, message] of cases) {
    test(f, async () => {
      const err = await load(join(dir, f)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toBe(message);
    });
  }
});

describe("the cache", () => {
  const spawnLoad = (program: string, env: Record<string, string>, cwd = ROOT) => {
    // tsx by path: the current directory may be a project without it
    const r = spawnSync(process.execPath, ["--import", pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href, join(ROOT, "test/fixtures/graph/spawn-hit.ts"), program], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    expect(r.stderr).toBe("");
    return JSON.parse(r.stdout) as { hit: boolean; typescriptLoaded: boolean; cacheDir: string; hash: string };
  };

  test("a cache hit does not load TypeScript (ts-morph); MPISIM_CACHE_DIR says where the cache is", () => {
    const cacheDir = join(scratch, "env-cache");
    const prog = resolve(ROOT, "test/fixtures/graph/race-main.ts");
    const first = spawnLoad(prog, { MPISIM_CACHE_DIR: cacheDir });
    expect(first).toMatchObject({ hit: false, typescriptLoaded: true, cacheDir });
    const second = spawnLoad(prog, { MPISIM_CACHE_DIR: cacheDir });
    expect(second).toMatchObject({ hit: true, typescriptLoaded: false, cacheDir, hash: first.hash });
    expect(readdirSync(cacheDir).some((f) => f.startsWith("g-"))).toBe(true);
  });

  test("default: the nearest node_modules/.cache/mpisim from the current directory, else the OS temp dir; never the project root", () => {
    const proj = project("userproj", { "package.json": "{}\n", "prog.ts": "export default async function main() {}\n" });
    const prog = join(proj, "prog.ts");
    const noModules = spawnLoad(prog, { MPISIM_CACHE_DIR: "" }, proj);
    expect(noModules.cacheDir.startsWith(tmpdir())).toBe(true);
    mkdirSync(join(proj, "node_modules"));
    const withModules = spawnLoad(prog, { MPISIM_CACHE_DIR: "" }, proj);
    expect(withModules.cacheDir).toBe(join(proj, "node_modules", ".cache", "mpisim"));
    expect(readdirSync(proj).sort()).toEqual(["node_modules", "package.json", "prog.ts"]);
  });

  test("under vitest the cache is in the OS temp dir (Vite would hand node_modules/ modules to Node untransformed)", () => {
    expect(defaultCacheDir().startsWith(tmpdir())).toBe(true);
    expect(existsSync(join(ROOT, ".mpisim-cache"))).toBe(false);
  });
});
