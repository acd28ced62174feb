// MPI.argv: the program and its arguments, like sys.argv, through run(), replay() and explore().
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { explore, load, programFromFunction, replay, run } from "../../index.ts";
import { ROOT } from "../helpers/conformance.ts";
import type { MPI } from "../../index.ts";

const echo = programFromFunction(
  (MPI: MPI) => {
    console.log(JSON.stringify(MPI.argv));
    MPI.argv.push("mine"); // each rank has its own copy, as each process has its own sys.argv
  },
  { name: "echo.ts", ranks: 3 },
);

describe("MPI.argv", () => {
  it("is [program, ...argv] at every rank, each rank with its own copy", async () => {
    const r = await run(echo, { argv: ["a", "b c"] });
    expect(r.outputs).toEqual([0, 1, 2].map(() => ['["echo.ts","a","b c"]']));
    const none = await run(echo);
    expect(none.outputs[0]).toEqual(['["echo.ts"]']);
    const again = await replay(echo, r.schedule, { argv: ["a", "b c"] });
    expect(again.traceHash).toBe(r.traceHash);
  });

  it("reaches every schedule explore() runs, in this thread and in worker threads", async () => {
    // with "race" as its argument the fixture writes its Isend buffer early: issues prove it arrived
    const p = await load(join(ROOT, "test/fixtures/cli/argv.ts"));
    expect((await explore(p, { schedules: 4 })).verdict).toBe("clean");
    for (const workers of [1, 2]) {
      const r = await explore(p, { schedules: 4, workers, argv: ["race"] });
      expect(r.diagnostics.map((d) => d.kind), `workers ${workers}`).toEqual(["buffer-race"]);
    }
  });
});
