import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SCENARIOS, load, run } from "../../index.ts";

// Trace hashes pinned before World was split and its process-wide hooks scoped (issue 14 move 4):
// the refactor must not change a single record. Regenerate only for an intended trace change:
// PIN_WRITE=1 npx vitest run test/core/world-trace-pins.test.ts
const PINS = fileURLToPath(new URL("./world-trace-pins.json", import.meta.url));

describe("trace hashes across the World split", () => {
  it("every scenario, seeds 1..3, eager and rendezvous, checkers on and off, hashes as pinned", async () => {
    const got: Record<string, string> = {};
    for (const s of SCENARIOS) {
      const p = await load(`scenario:${s.name}`);
      for (const buffering of ["eager", "rendezvous"] as const) {
        for (const checkers of [true, false]) {
          for (let seed = 1; seed <= 3; seed++) {
            const r = await run(p, { seed, buffering, checkers });
            got[`${s.name}/${buffering}/${checkers ? "checked" : "bare"}/${seed}`] = `${r.traceHash} ${r.diagnostics.length}`;
          }
        }
      }
    }
    if (process.env.PIN_WRITE === "1") writeFileSync(PINS, JSON.stringify(got, null, 1) + "\n");
    expect(got).toEqual(JSON.parse(readFileSync(PINS, "utf8")));
  }, 300_000);
});
