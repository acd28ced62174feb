import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createServer, type ViteDevServer } from "vite";
import { DEFAULT_INCLUDE, mpisimPlugin } from "../../checkers/instrument/vite-plugin.ts";
import { currentCallLoc, setAccessSink } from "../../core/instrument-runtime.ts";
import { programFromFunction, run } from "../../index.ts";
import { Recorder } from "../fixtures/instrument/harness.ts";

const ROOT = resolve(import.meta.dirname, "../..");

describe("mpisimPlugin", () => {
  test("default include: programs/ and scenarios/ folders and *.mpi.ts, nothing else", () => {
    for (const id of ["/p/programs/ring.ts", "/p/scenarios/x.mts", "/p/src/halo.mpi.ts", "C:\\p\\programs\\a.ts"]) expect(DEFAULT_INCLUDE.test(id)).toBe(true);
    for (const id of ["/p/src/ring.ts", "/p/programs.ts", "/p/test/x.test.ts"]) expect(DEFAULT_INCLUDE.test(id)).toBe(false);
  });

  test("transform returns instrumented code and a map, and leaves other files and mpisim itself alone", async () => {
    const plugin = mpisimPlugin();
    plugin.configResolved({ root: "/proj" });
    const out = await plugin.transform("export default (a: Int32Array) => { a[0] = 1; };", "/proj/programs/p.ts?v=1");
    expect(out?.code).toMatch(/^import \{ installRuntime as __mpInstall \} from ".*core\/instrument-runtime\.ts";/);
    expect(out?.code).toContain('.locs("programs/p.ts", "1:37")');
    expect(JSON.parse(out!.map).sources).toEqual(["/proj/programs/p.ts"]);
    expect(await plugin.transform("export {}", "/proj/src/p.ts")).toBeNull();
    expect(await plugin.transform("export {}", "/proj/node_modules/x/programs/p.ts")).toBeNull();
    expect(await plugin.transform("export {}", resolve(ROOT, "scenarios/index.ts"))).toBeNull();
    expect(await plugin.transform("export {}", "\0virtual:programs/p.ts")).toBeNull();
  });

  describe("in a real Vite server", () => {
    let server: ViteDevServer;
    beforeAll(async () => {
      server = await createServer({
        configFile: false,
        root: ROOT,
        logLevel: "silent",
        plugins: [mpisimPlugin()],
        server: { middlewareMode: true, hmr: false, watch: null },
        appType: "custom",
      });
    });
    afterAll(async () => {
      await server?.close();
    });

    test("an imported program reports its loads/stores and MPI call sites", async () => {
      const mod = await server.ssrLoadModule("/test/fixtures/instrument/programs/tiny.ts");
      const rec = new Recorder();
      const calls: string[] = [];
      const MPI = { COMM_WORLD: { Barrier: async () => void calls.push(`${currentCallLoc()?.file}:${currentCallLoc()?.line}:${currentCallLoc()?.column}`) } };
      setAccessSink(rec);
      let result: unknown;
      try {
        result = await (mod.default as (m: unknown) => Promise<number>)(MPI);
      } finally {
        setAccessSink(null);
      }
      expect(result).toBe(5);
      expect(mod.ranks).toBe(2);
      expect(rec.lines()).toEqual(["store 8+8 @8:3", "load 8+8 @10:10"]);
      expect(calls).toEqual(["test/fixtures/instrument/programs/tiny.ts:9:9"]);
    });
  });

  describe("a program's whole local module graph, in a real Vite server", () => {
    let server: ViteDevServer;
    beforeAll(async () => {
      server = await createServer({
        configFile: false,
        root: ROOT,
        logLevel: "silent",
        plugins: [mpisimPlugin({ include: /[\\/]graph[\\/]race-main\.ts$/ })],
        server: { middlewareMode: true, hmr: false, watch: null },
        appType: "custom",
      });
    });
    afterAll(async () => {
      await server?.close();
    });

    test("a buffer race inside a helper the program imports is found, at the helper's line", async () => {
      const mod = await server.ssrLoadModule("/test/fixtures/graph/race-main.ts");
      const r = await run(programFromFunction(mod.default as () => Promise<void>, { ranks: 2 }), { seed: 1 });
      const race = r.diagnostics.find((d) => d.kind === "buffer-race");
      expect(race?.message).toMatch(/helper-race\.ts:9:3/);
      expect(r.diagnostics.filter((d) => d.kind === "rank-exception")).toEqual([]);
    });

    test("a module imported by the program and by its helper is one instance; the test's own import is the plain module", async () => {
      const mod = await server.ssrLoadModule("/test/fixtures/graph/race-main.ts");
      const counter = mod.counter as { calls: number };
      const before = counter.calls;
      await run(programFromFunction(mod.default as () => Promise<void>, { ranks: 2 }), { seed: 2 });
      // the helper counted its calls in the very object the program exports
      expect(counter.calls).toBeGreaterThan(before);
      const plain = await server.ssrLoadModule("/test/fixtures/graph/shared-state.ts");
      expect(plain.counter).not.toBe(counter);
      const helper = await server.transformRequest("/test/fixtures/graph/helper-race.ts?mpisim", { ssr: true });
      expect(helper?.code).toContain("installRuntime");
      const direct = await server.transformRequest("/test/fixtures/graph/helper-race.ts", { ssr: true });
      expect(direct?.code).not.toContain("installRuntime");
    });
  });
});
