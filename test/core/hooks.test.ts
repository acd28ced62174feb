import { describe, expect, it } from "vitest";
import { WorldHooks, datatypeEvent, unrecorded, type HookedWorld } from "../../core/hooks.ts";
import { currentCallLoc, runtimeHooks } from "../../core/instrument-runtime.ts";

/** A world reduced to what the hooks see: it records what reaches it. */
class FakeWorld implements HookedWorld {
  current = -1;
  tracksMemory = true;
  /** how often the hooks asked whether some memory is watched */
  asked = 0;
  readonly lines: string[] = [];
  readonly types: string[] = [];
  readonly accesses: number[] = [];
  readonly hooks = new WorldHooks(this);
  print(rank: number, text: string): void {
    this.lines.push(`${rank}:${text}`);
  }
  datatypeEvent(what: "create" | "free"): void {
    if (this.current >= 0) this.types.push(what);
  }
  opEvent(what: "create" | "free"): void {
    if (this.current >= 0) this.types.push(`op ${what}`);
  }
  watches(): boolean {
    this.asked++;
    return this.current >= 0;
  }
  access(_k: "load" | "store", _b: ArrayBufferLike, off: number): void {
    this.accesses.push(off);
  }
  /** One "step" of rank 0: console, a datatype, a store reported through the runtime, a macrotask in between. */
  async step(tag: string): Promise<void> {
    this.current = 0;
    this.hooks.enter();
    console.log(tag);
    await new Promise<void>((r) => setImmediate(r));
    datatypeEvent("create", {});
    runtimeHooks().s(new Int32Array(4), 2, 1, { file: tag, line: 1, column: 1 });
    runtimeHooks().k0({ file: tag, line: 2, column: 1 });
    await new Promise<void>((r) => setImmediate(r));
    expect(currentCallLoc()?.file).toBe(tag);
    console.log(`${tag} again`);
    this.current = -1;
    this.hooks.leave();
  }
}

describe("WorldHooks", () => {
  it("three worlds stepping at once each get their own console lines, datatype records, accesses and call locations", async () => {
    const worlds = [new FakeWorld(), new FakeWorld(), new FakeWorld()];
    const log = console.log;
    await Promise.all(worlds.map((w, i) => w.hooks.run(() => w.step(`w${i}`))));
    worlds.forEach((w, i) => {
      expect(w.lines).toEqual([`0:w${i}`, `0:w${i} again`]);
      expect(w.types).toEqual(["create"]);
      expect(w.accesses).toEqual([8]);
    });
    expect(console.log).toBe(log);
    expect(currentCallLoc()).toBeUndefined();
  });

  it("a world that tracks no memory gets no sink: a rank's stores are not even asked about", async () => {
    const quiet = new FakeWorld();
    quiet.tracksMemory = false;
    await quiet.hooks.run(() => quiet.step("quiet"));
    expect(quiet.asked).toBe(0);
    expect(quiet.accesses).toEqual([]);
    expect(quiet.lines).toEqual(["0:quiet", "0:quiet again"]);
    // the same step in a world that tracks memory is asked about and reports the store
    const loud = new FakeWorld();
    await loud.hooks.run(() => loud.step("loud"));
    expect(loud.asked).toBeGreaterThan(0);
    expect(loud.accesses).toEqual([8]);
  });

  it("library datatypes made inside unrecorded() are not told to the world", async () => {
    const w = new FakeWorld();
    await w.hooks.run(async () => {
      w.current = 0;
      unrecorded(() => datatypeEvent("create", {}));
      datatypeEvent("free", {});
      w.current = -1;
    });
    expect(w.types).toEqual(["free"]);
  });

  it("work that fails still deactivates: console and sink are the process's own again", async () => {
    const w = new FakeWorld();
    const log = console.log;
    await expect(w.hooks.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(console.log).toBe(log);
    // no world active: a store is just a store
    const a = new Int32Array(1);
    runtimeHooks().s(a, 0, 5, { file: "x", line: 1, column: 1 });
    expect(a[0]).toBe(5);
    expect(w.accesses).toEqual([]);
  });
});
