import { describe, expect, it } from "vitest";
import { load } from "../../index.ts";
import { runProgram } from "../../scheduler/run.ts";

/** Tickets claimed more than once, or never, in one run of a work-stealing scenario. */
function badTickets(outputs: string[][]): string[] {
  const count = new Map<number, number>();
  for (const lines of outputs.slice(1)) {
    for (const l of lines) {
      const m = /claimed ticket=(\d+)/.exec(l);
      if (m) count.set(Number(m[1]), (count.get(Number(m[1])) ?? 0) + 1);
    }
  }
  const bad: string[] = [];
  for (let t = 0; t < 8; t++) if ((count.get(t) ?? 0) !== 1) bad.push(`ticket ${t} × ${count.get(t) ?? 0}`);
  return bad;
}

describe("built-in RMA scenarios", () => {
  it("work-stealing-getput: searching schedules finds one that duplicates (or loses) a ticket, and replaying its token shows it again", async () => {
    const program = await load("scenario:work-stealing-getput");
    let found: { seed: number; schedule: string; bad: string[] } | undefined;
    for (let seed = 0; seed < 200 && !found; seed++) {
      const r = await runProgram(program, { seed, keepTrace: false });
      const bad = badTickets(r.outputs);
      if (bad.length) {
        found = { seed, schedule: r.schedule, bad };
        // The scenario's check() turns the broken invariant into a property diagnostic.
        expect(r.diagnostics.map((d) => d.kind)).toEqual(["property"]);
      }
    }
    expect(found, "no schedule of the Get-then-Put queue lost an update").toBeDefined();
    const again = await runProgram(program, { schedule: found!.schedule });
    expect(badTickets(again.outputs)).toEqual(found!.bad);
  });

  it("work-stealing (Compare_and_swap): no schedule duplicates or loses a ticket", async () => {
    const program = await load("scenario:work-stealing");
    for (let seed = 0; seed < 200; seed++) {
      const r = await runProgram(program, { seed, keepTrace: false });
      expect(badTickets(r.outputs), `seed ${seed}`).toEqual([]);
      expect(r.diagnostics, `seed ${seed}`).toEqual([]);
    }
  });

  it("accumulate-counter: Accumulate and Fetch_and_op from every rank never lose an increment", async () => {
    const program = await load("scenario:accumulate-counter");
    for (const ranks of [1, 3, 4, 7]) {
      for (let seed = 0; seed < 30; seed++) {
        const r = await runProgram(program, { ranks, seed, keepTrace: false });
        expect(r.diagnostics, `${ranks} ranks, seed ${seed}`).toEqual([]);
        expect(r.outputs[0]).toEqual([
          `accumulate counter = ${3 * ranks} (expected ${3 * ranks})`,
          `fetch_and_op counter = ${3 * ranks} (expected ${3 * ranks})`,
          `tickets 0..${3 * ranks - 1} each handed out once: true`,
        ]);
      }
    }
  });

  it("fence-put and lock-put run as scenarios", async () => {
    for (const [name, out] of [["fence-put", [[], ["Rank 1 sees 42"]]], ["lock-put", [["[Lock/Unlock] rank 0 buf = 0"], ["[Lock/Unlock] rank 1 buf = 123"]]]] as const) {
      const r = await runProgram(await load(`scenario:${name}`), { seed: 4 });
      expect(r.outputs).toEqual(out);
      expect(r.diagnostics).toEqual([]);
    }
  });

  it("replaying a work-stealing token gives the identical trace", async () => {
    const program = await load("scenario:work-stealing");
    const a = await runProgram(program, { seed: 17 });
    const b = await runProgram(program, { schedule: a.schedule });
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.outputs).toEqual(a.outputs);
  });
});
