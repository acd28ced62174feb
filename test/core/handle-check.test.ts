import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { notAHandle, promiseHandleMessage, userMessage } from "../../core/handle-check.ts";
import { load, run } from "../../index.ts";

describe("messages in the user's words", () => {
  test("a missing method names the receiver as written", () => {
    expect(notAHandle({}, "Get_rank", "comm").message).toBe("comm.Get_rank is not a function");
  });

  test("a Promise in place of a handle: generic until the world names the call that returned it", () => {
    const p = Promise.resolve(1);
    const err = notAHandle(p, "Fence", "w");
    expect(err.message).toBe("w is a Promise: await the MPI call that returned it (`w.Fence()` was called on the Promise, not on its result)");
    expect(promiseHandleMessage(err, p, "Win.Create")).toBe("Win.Create returns a Promise: await it (`w.Fence()` was called on the Promise, not on its result)");
    // another Promise than the rank's last blocking call: no guess
    expect(promiseHandleMessage(err, Promise.resolve(2), "Win.Create")).toBeUndefined();
    expect(promiseHandleMessage(new TypeError("x"), p, "Win.Create")).toBeUndefined();
  });

  test("hook calls that V8 quotes in a message never reach the user", () => {
    expect(userMessage("__mpl(...).foo is not a function")).toBe("(expression).foo is not a function");
    expect(userMessage("__mp2_it(...) is not iterable")).toBe("(expression) is not iterable");
    expect(userMessage("a.b is not a function")).toBe("a.b is not a function");
  });
});

describe("through load() and run()", () => {
  test("a rank-exception never shows an instrumentation name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mpisim-handle-"));
    try {
      const file = join(dir, "p.ts");
      writeFileSync(file, "export const ranks = 1;\nexport default async function main(MPI: any) {\n  const a: any = new Int32Array(2);\n  a[0].foo();\n}\n");
      const r = await run(await load(file));
      expect(r.diagnostics.map((d) => d.message)).toEqual(["rank 0 threw TypeError: (expression).foo is not a function"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
