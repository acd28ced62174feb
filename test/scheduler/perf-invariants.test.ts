/**
 * Trace pins for the performance work (issue 15): the hashes of a few runs, taken before the
 * per-program namespaces, class caching and worker pool landed. A speed-up that changes what a
 * run does (a schedule, a record, a checker verdict) changes a hash here.
 */
import { describe, expect, it } from "vitest";
import { load, run } from "../../index.ts";
import { runProgram } from "../../scheduler/run.ts";
import type { Program } from "../../core/program.ts";
import type { MPI as MPINamespace } from "../../core/api.ts";

async function pins(file: string, cases: { seed: number; buffering?: "eager" | "rendezvous"; params?: Record<string, number> }[]) {
  const p: Program = await load(file);
  const out: string[] = [];
  for (const checkers of [false, true]) {
    for (const c of cases) {
      if (c.params) Object.assign(p.exports.params as Record<string, number>, c.params);
      const opts = { ranks: 4, seed: c.seed, strategy: "random", buffering: c.buffering ?? "eager" } as const;
      const r = checkers ? await run(p, { ...opts, checkers: true }) : await runProgram(p, opts);
      out.push(`${checkers ? "on " : "off"} seed ${c.seed} ${opts.buffering}: ${r.traceHash} ${r.status} ${r.steps} steps ${r.diagnostics.map((d) => d.kind).join(",")}`);
    }
  }
  return out;
}

const seeds = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("trace pins (issue 15: speed-ups keep traces identical)", () => {
  it("work-stealing queue, seeds 1..5, both bufferings, checkers off and on", async () => {
    const cases = seeds(5).flatMap((seed) => (["eager", "rendezvous"] as const).map((buffering) => ({ seed, buffering })));
    expect(await pins("scenarios/work-stealing.ts", cases)).toMatchInlineSnapshot(`
      [
        "off seed 1 eager: 97d3dd3011cc7a05 ok 244 steps ",
        "off seed 1 rendezvous: 97d3dd3011cc7a05 ok 244 steps ",
        "off seed 2 eager: f26cb5008f9e1d2d ok 212 steps ",
        "off seed 2 rendezvous: f26cb5008f9e1d2d ok 212 steps ",
        "off seed 3 eager: 67b41ede87b669b0 ok 212 steps ",
        "off seed 3 rendezvous: 67b41ede87b669b0 ok 212 steps ",
        "off seed 4 eager: 00784b4c476c98c1 ok 244 steps ",
        "off seed 4 rendezvous: 00784b4c476c98c1 ok 244 steps ",
        "off seed 5 eager: 76e076a6cfc4fbe7 ok 236 steps ",
        "off seed 5 rendezvous: 76e076a6cfc4fbe7 ok 236 steps ",
        "on  seed 1 eager: 97d3dd3011cc7a05 ok 244 steps ",
        "on  seed 1 rendezvous: 97d3dd3011cc7a05 ok 244 steps ",
        "on  seed 2 eager: f26cb5008f9e1d2d ok 212 steps ",
        "on  seed 2 rendezvous: f26cb5008f9e1d2d ok 212 steps ",
        "on  seed 3 eager: 67b41ede87b669b0 ok 212 steps ",
        "on  seed 3 rendezvous: 67b41ede87b669b0 ok 212 steps ",
        "on  seed 4 eager: 00784b4c476c98c1 ok 244 steps ",
        "on  seed 4 rendezvous: 00784b4c476c98c1 ok 244 steps ",
        "on  seed 5 eager: 76e076a6cfc4fbe7 ok 236 steps ",
        "on  seed 5 rendezvous: 76e076a6cfc4fbe7 ok 236 steps ",
      ]
    `);
  });
  it("persistent ring and lock/put/flush (bench programs, 20 iterations)", async () => {
    const cases = seeds(2).map((seed) => ({ seed, params: { iters: 20 } }));
    expect(await pins("bench/programs/ring.ts", cases)).toMatchInlineSnapshot(`
      [
        "off seed 1 eager: 1c42cc3499c69857 ok 164 steps ",
        "off seed 2 eager: f22a2beca322a66a ok 164 steps ",
        "on  seed 1 eager: 1c42cc3499c69857 ok 164 steps ",
        "on  seed 2 eager: f22a2beca322a66a ok 164 steps ",
      ]
    `);
    expect(await pins("bench/programs/lock-put.ts", cases)).toMatchInlineSnapshot(`
      [
        "off seed 1 eager: 0ca7b060457f71c5 ok 336 steps ",
        "off seed 2 eager: af017804e05eb541 ok 336 steps ",
        "on  seed 1 eager: 0ca7b060457f71c5 ok 336 steps ",
        "on  seed 2 eager: af017804e05eb541 ok 336 steps ",
      ]
    `);
  });
  it("persistent ring scenario and the Get/Put work-stealing variant", async () => {
    expect(await pins("scenarios/persistent-ring.ts", [{ seed: 1 }, { seed: 7 }])).toMatchInlineSnapshot(`
      [
        "off seed 1 eager: a4062fb3926f45dd ok 44 steps ",
        "off seed 7 eager: a4726eadb5b1b353 ok 44 steps ",
        "on  seed 1 eager: a4062fb3926f45dd ok 44 steps ",
        "on  seed 7 eager: a4726eadb5b1b353 ok 44 steps ",
      ]
    `);
    expect(await pins("scenarios/work-stealing-getput.ts", [{ seed: 1 }, { seed: 7 }])).toMatchInlineSnapshot(`
      [
        "off seed 1 eager: 2e33c5098fd67236 ok 340 steps property",
        "off seed 7 eager: d77f2f4cb65ac316 ok 340 steps property",
        "on  seed 1 eager: 2e33c5098fd67236 ok 340 steps property,rma-race,lost-update",
        "on  seed 7 eager: d77f2f4cb65ac316 ok 340 steps property,rma-race,lost-update",
      ]
    `);
  });
});

describe("namespace members built on first access (issue 15)", () => {
  it("are stable per rank, distinct between ranks, assignable, and work as before", async () => {
    const { programFromFunction } = await import("../../index.ts");
    const seen: string[] = [];
    const p = programFromFunction(async (MPI: MPINamespace) => {
      const r = MPI.COMM_WORLD.Get_rank();
      const keys: string[] = [];
      for (const k in MPI) keys.push(k);
      expect(keys).toEqual(expect.arrayContaining(["COMM_WORLD", "Win", "File", "Status", "Wtime", "argv", "INT"]));
      const win = MPI.Win;
      seen.push(`${r}: ${MPI.Win === win} ${MPI.Status === MPI.Status} ${new MPI.Status() instanceof MPI.Status} ${MPI.Get_processor_name()} ${MPI.Aint_add(2, 3)} ${MPI.argv.length} ${typeof MPI.File.Open}`);
      (MPI as { Wtime: () => number }).Wtime = () => -1;
      seen.push(`${r}: ${MPI.Wtime()}`);
      const w = await MPI.Win.Allocate(8, 1, MPI.INFO_NULL, MPI.COMM_WORLD);
      await w.Free();
    });
    const r = await run(p, { ranks: 2, strategy: "round-robin" });
    expect(r.diagnostics.map((d) => d.message)).toEqual([]);
    expect(r.status).toBe("ok");
    expect(seen.sort()).toEqual(["0: -1", "0: true true true mpisim-node0 5 1 function", "1: -1", "1: true true true mpisim-node1 5 1 function"]);
  });
});

describe("exploration worker pool (issue 15)", () => {
  it("keeps its threads between explorations, and a reused thread gives the same report", async () => {
    const { explore } = await import("../../index.ts");
    const { idleThreads } = await import("../../scheduler/pool.ts");
    const p = await load("test/fixtures/scheduler/getput-counter.ts");
    const opts = { strategy: "random", schedules: 12, seed: 5, all: true, shrink: false, record: true } as const;
    const one = await explore(p, { ...opts, workers: 1 });
    const first = await explore(p, { ...opts, workers: 2 });
    expect(idleThreads()).toBe(2);
    const again = await explore(p, { ...opts, workers: 2 });
    expect(idleThreads()).toBe(2);
    for (const r of [first, again]) expect(r.runs).toEqual(one.runs);
    expect(again.failures.map((f) => f.schedule)).toEqual(one.failures.map((f) => f.schedule));
  });
});
