/**
 * Issue 12 part B's rules, each with its erroneous program and the nearest correct one, under
 * eager and under rendezvous buffering: RMA epoch nesting (MPI 4.1 §12.5), RMA origin/result
 * buffers as window accesses and as local races with other MPI calls (§12.7, §12.3), buffer-race
 * per location of a derived datatype (§3.7.2), and harmful versus harmless wildcard races (§3.5).
 * The programs are detection cases (test/detection/cases/); each pair is named here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { explore, load, run } from "../../index.ts";

const CASES = join(import.meta.dirname, "../detection/cases");

/** [class/erroneous, class/correct twin] */
const PAIRS: [string, string][] = [
  ["epoch-lifecycle/lock-inside-fence-epoch", "epoch-lifecycle/lock-after-nosucceed-fence"],
  ["epoch-lifecycle/lock-after-fence-put", "epoch-lifecycle/fence-put-fence-then-lock"],
  ["epoch-lifecycle/lockall-inside-fence-epoch", "epoch-lifecycle/lockall-after-nosucceed"],
  ["epoch-lifecycle/start-inside-fence-epoch", "epoch-lifecycle/pscw-after-nosucceed"],
  ["epoch-lifecycle/lock-exposed-target", "epoch-lifecycle/lock-after-exposure-ends"],
  ["local-concurrency/halo-vector-sent-column-store", "local-concurrency/halo-vector-interior-update"],
  ["local-concurrency/vector-recv-block-read", "local-concurrency/vector-recv-gap-read"],
  ["local-concurrency/get-result-send-before-unlock", "local-concurrency/get-result-send-after-unlock"],
  ["local-concurrency/recv-into-put-origin", "local-concurrency/recv-into-put-origin-after-flush"],
  ["local-concurrency/put-from-active-irecv", "local-concurrency/put-from-completed-irecv"],
  ["global-concurrency/origin-in-own-window-put-race", "global-concurrency/origin-in-own-window-fenced"],
  ["global-concurrency/result-in-own-window-load-race", "global-concurrency/result-in-own-window-flushed"],
  ["message-race/any-source-print-order", "message-race/any-source-sum"],
  ["message-race/any-source-store-arrival-order", "message-race/any-source-store-by-sender"],
  ["message-race/any-source-into-window", "message-race/any-source-max"],
];

function expected(name: string): string[] {
  const first = readFileSync(join(CASES, `${name}.ts`), "utf8").split("\n")[0];
  const m = /^\/\/ expect: (.*)$/.exec(first);
  if (!m) throw new Error(`${name}: no "// expect:" line`);
  return m[1].trim() === "clean" ? [] : m[1].split(",").map((s) => s.trim()).sort();
}

async function kinds(name: string, buffering: "eager" | "rendezvous", strictWildcards = false): Promise<string[]> {
  const r = await explore(await load(join(CASES, `${name}.ts`)), { buffering, schedules: 40, strictWildcards });
  return [...new Set(r.diagnostics.map((d) => d.kind))].sort();
}

describe("each rule both ways, eager and rendezvous", () => {
  for (const [bad, good] of PAIRS) {
    for (const buffering of ["eager", "rendezvous"] as const) {
      it(`${bad} / ${good.slice(good.indexOf("/") + 1)} (${buffering})`, async () => {
        const want = expected(bad);
        expect(want.length).toBeGreaterThan(0);
        expect(await kinds(bad, buffering), bad).toEqual(want);
        expect(expected(good)).toEqual([]);
        expect(await kinds(good, buffering), good).toEqual([]);
      }, 120_000);
    }
  }
});

describe("harmless wildcard races", () => {
  it("are notes, not diagnostics, and --strict-wildcards reports them again", async () => {
    const p = await load(join(CASES, "message-race/any-source-sum.ts"));
    const r = await explore(p, { schedules: 20 });
    expect(r.verdict).toBe("clean");
    expect(r.notes?.map((d) => [d.kind, d.note])).toEqual([["message-race", true]]);
    const strict = await explore(p, { schedules: 20, strictWildcards: true });
    expect(strict.verdict).toBe("issues");
    expect(strict.diagnostics.map((d) => d.kind)).toEqual(["message-race"]);
    expect(strict.notes).toBeUndefined();
  }, 120_000);

  it("the decision is a function of the schedule: replaying a run gives the same verdict and trace", async () => {
    for (const f of ["message-race/any-source-sum", "message-race/any-source-print-order", "message-race/any-source-float-sum"]) {
      const p = await load(join(CASES, `${f}.ts`));
      for (let seed = 0; seed < 5; seed++) {
        const a = await run(p, { seed, keepTrace: false });
        const b = await run(p, { schedule: a.schedule, keepTrace: false });
        expect(b.traceHash, f).toBe(a.traceHash);
        expect(JSON.stringify(b.diagnostics.map((d) => [d.kind, d.message])), f).toBe(JSON.stringify(a.diagnostics.map((d) => [d.kind, d.message])));
        expect((b.notes ?? []).length, f).toBe((a.notes ?? []).length);
      }
    }
  }, 120_000);

  it("a harmful race says what the other matching changes", async () => {
    const r = await explore(await load(join(CASES, "message-race/any-source-float-sum.ts")), { schedules: 20 });
    expect(r.diagnostics.map((d) => d.kind)).toEqual(["message-race"]);
    expect(r.diagnostics[0].message).toMatch(/it changes the program's outputs/);
  }, 120_000);
});
