/**
 * Trace pins: the trace hash and schedule token of every built-in scenario and every bench
 * program, under eager and rendezvous buffering, checkers on and off, for round-robin, two seeded
 * random schedules and one PCT schedule, plus the list of executions of a DPOR exploration of the
 * small programs. A scheduler refactor must leave every line of test/scheduler/trace-pins.json
 * unchanged (issue 14: "traces identical before and after"); the pinned tokens are also replayed,
 * so tokens made before a change still decode to the same run after it.
 *
 * A change that legitimately changes traces (a new diagnostic, a new trace record) re-records the
 * pins, and says so in its commit message:
 *
 *   MPISIM_UPDATE_PINS=1 npx vitest run test/scheduler/trace-pins.test.ts
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryFileSystem, SCENARIOS, load, replay, run } from "../../index.ts";
import type { Program } from "../../core/program.ts";
import type { Buffering } from "../../core/world.ts";
import type { RunOptions, RunResult } from "../../scheduler/run.ts";
import { dporAll } from "../../scheduler/dpor.ts";
import { PctStrategy } from "../../scheduler/pct.ts";

const here = dirname(fileURLToPath(import.meta.url));
const PINS = join(here, "trace-pins.json");
const UPDATE = process.env.MPISIM_UPDATE_PINS === "1";
const BENCH = join(here, "..", "..", "bench", "programs");

/** Bench programs at small sizes (the same programs the bench runs, with smaller params). */
const BENCH_PROGRAMS: { name: string; params: Record<string, number> }[] = [
  { name: "halo", params: { iters: 1 } },
  { name: "io-view", params: { iters: 1, rows: 4, cols: 4 } },
  { name: "lock-put", params: { iters: 1 } },
  { name: "ring", params: { iters: 1 } },
  { name: "wildcard", params: { msgs: 2 } },
];

/** Programs small enough for a DPOR exploration (at most DPOR_LIMIT executions per buffering). */
const DPOR_PROGRAMS: { name: string; ranks?: number }[] = [
  { name: "scenario:deadlock-ssend" },
  { name: "scenario:send-first" },
  { name: "scenario:fence-put" },
  { name: "bench:wildcard" },
  { name: "bench:ring", ranks: 3 },
  { name: "bench:lock-put", ranks: 2 },
];
const DPOR_LIMIT = 24;

const BUFFERINGS: Buffering[] = ["eager", "rendezvous"];
const STRATEGIES: { label: string; opts: () => Pick<RunOptions, "strategy" | "seed"> }[] = [
  { label: "round-robin", opts: () => ({ strategy: "round-robin" }) },
  { label: "random#1", opts: () => ({ strategy: "random", seed: 1 }) },
  { label: "random#7", opts: () => ({ strategy: "random", seed: 7 }) },
  { label: "pct(d=2)#3", opts: () => ({ strategy: new PctStrategy(3, 2, 200) }) },
];

async function programs(): Promise<Map<string, Program>> {
  const out = new Map<string, Program>();
  for (const s of SCENARIOS) out.set(`scenario:${s.name}`, await load(`scenario:${s.name}`));
  for (const b of BENCH_PROGRAMS) {
    const p = await load(join(BENCH, `${b.name}.ts`));
    Object.assign(p.exports.params as Record<string, number>, b.params);
    p.name = `bench:${b.name}`;
    out.set(p.name, p);
  }
  return out;
}

function pin(r: RunResult): string {
  return `${r.traceHash} ${r.status} ${r.diagnostics.length} ${r.schedule}`;
}

describe("trace pins (issue 14: refactors leave every trace unchanged)", () => {
  it("every scenario and bench program, both bufferings, checkers on and off, pinned strategies and DPOR", async () => {
    const progs = await programs();
    const got: Record<string, string | string[]> = {};
    for (const buffering of BUFFERINGS) {
      for (const checkers of [true, false]) {
        for (const st of STRATEGIES) {
          // io-rows-read reads what io-rows-write wrote: one file system per configuration, in list order.
          const fs = new MemoryFileSystem();
          for (const [name, p] of progs) {
            const r = await run(p, { ...st.opts(), buffering, checkers, fs, maxSteps: 200_000 });
            got[`${name} ${buffering} checkers-${checkers ? "on" : "off"} ${st.label}`] = pin(r);
          }
        }
      }
    }
    for (const d of DPOR_PROGRAMS) {
      const p = progs.get(d.name)!;
      for (const buffering of BUFFERINGS) {
        const list: string[] = [];
        await dporAll((s) => run(p, { ranks: d.ranks, buffering, strategy: s, checkers: false, fs: new MemoryFileSystem() }), {
          limit: DPOR_LIMIT,
          onExecution: (_run, kind, r) => list.push(`${kind} ${pin(r as RunResult)}`),
        });
        got[`${d.name} ${buffering} dpor`] = list;
      }
    }

    if (UPDATE || !existsSync(PINS)) {
      writeFileSync(PINS, JSON.stringify(got, null, 1) + "\n");
      if (!UPDATE) throw new Error(`no ${PINS}: recorded it now; commit it and run again`);
      return;
    }
    const want = JSON.parse(readFileSync(PINS, "utf8")) as Record<string, string | string[]>;
    expect(Object.keys(got)).toEqual(Object.keys(want));
    for (const k of Object.keys(want)) expect(got[k], k).toEqual(want[k]);

    // Pinned tokens replay to the pinned trace (tokens made before a change decode to the same run).
    for (const [k, v] of Object.entries(want)) {
      if (typeof v !== "string" || !k.includes("random#1") || !k.includes("checkers-on")) continue;
      const name = k.split(" ")[0];
      const [hash, , , token] = v.split(" ");
      const fs = new MemoryFileSystem();
      if (name === "scenario:io-rows-read") await replay(progs.get("scenario:io-rows-write")!, (want[k.replace("io-rows-read", "io-rows-write")] as string).split(" ")[3], { fs, maxSteps: 200_000 });
      const r = await replay(progs.get(name)!, token, { fs, maxSteps: 200_000 });
      expect(r.traceHash, `replay of ${k}`).toBe(hash);
    }
  }, 120_000);
});
