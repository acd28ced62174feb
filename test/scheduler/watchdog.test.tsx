import { describe, expect, it } from "vitest";
import React from "react";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { render, cleanup } from "ink-testing-library";
import { explore, load, run, type MPI } from "../../index.ts";
import { TuiDriver } from "../../cli/tui/driver.ts";
import { App } from "../../cli/tui/app.tsx";
import { tuiActions } from "../../cli/commands/tui.ts";
import { ROOT } from "../helpers/conformance.ts";

/**
 * The wall-clock watchdog through the harness and the TUI's driver (`watchdog: 1` keeps them
 * short). Not timing tests: they check that a spinning run ends with the right diagnostic.
 */
const fixture = (f: string) => join(ROOT, "test/fixtures/cli", f);

/** Rank 1 spins synchronously once both ranks met: a plain function, so not instrumented. */
async function spinSync(mpi: MPI): Promise<void> {
  const comm = mpi.COMM_WORLD;
  await comm.Barrier();
  let n = 0;
  while (comm.Get_rank() === 1) n++;
  await comm.Barrier();
  console.log(n);
}

async function hello(mpi: MPI): Promise<void> {
  console.log(`hello ${mpi.COMM_WORLD.Get_rank()}`);
  await mpi.COMM_WORLD.Barrier();
}

describe("watchdog (harness)", { timeout: 120_000 }, () => {
  it("run(): a synchronous spin in a plain function ends with no-progress at the loop; the next run is unaffected", async () => {
    const log = console.log;
    const r = await run(spinSync, { ranks: 2, watchdog: 1 });
    expect(r.status).toBe("aborted");
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d).toMatchObject({ kind: "no-progress", ranks: [1], watchdog: 1 });
    expect(d.where).toMatch(/watchdog\.test\.tsx:24:\d+$/);
    expect(d.schedule).toBe(r.schedule);
    // The cut restored what a run patches, and later runs schedule as usual.
    expect(console.log).toBe(log);
    const ok = await run(hello, { ranks: 2, watchdog: 1 });
    expect(ok.status).toBe("ok");
    expect(ok.outputs).toEqual([["hello 0"], ["hello 1"]]);
  });

  it("run(): a spin before the rank's first MPI call (inside the scheduler's first step) ends the same way", async () => {
    // The cut unwinds the step that started the rank; run()'s own promise must still settle.
    const r = await run(
      (mpi: MPI) => {
        while (mpi.COMM_WORLD.Get_rank() === 0);
      },
      { ranks: 2, watchdog: 1 },
    );
    expect(r.diagnostics.map((d) => [d.kind, d.ranks])).toEqual([["no-progress", [0]]]);
    expect(r.diagnostics[0].message).toMatch(/it had not made an MPI call yet/);
    expect(r.diagnostics[0].where).toMatch(/watchdog\.test\.tsx:\d+:\d+$/);
  });

  it("run(): a microtask spin in a loaded (instrumented) program is cut the same way", async () => {
    const r = await run(await load(fixture("spin-micro.ts")), { watchdog: 1 });
    expect(r.diagnostics.map((d) => [d.kind, d.ranks])).toEqual([["no-progress", [0]]]);
    expect(r.diagnostics[0].where).toMatch(/spin-micro\.ts:[789]:\d+$/);
  });

  it("explore(): a spinning schedule is a no-progress failure, reported as found", async () => {
    const rep = await explore(spinSync, { ranks: 2, watchdog: 1, strategy: "round-robin" });
    expect(rep.verdict).toBe("issues");
    expect(rep.diagnostics.map((d) => d.kind)).toEqual(["no-progress"]);
    expect(rep.failures[0].schedule).toBe(rep.failures[0].original);
  });
});

describe("watchdog (TUI)", { timeout: 120_000 }, () => {
  it("the driver opens a spinning program at its no-progress diagnostic, and the App shows it", async () => {
    const d = await TuiDriver.open({ program: await load(fixture("spin-sync.ts")), runOptions: () => ({ watchdog: 1 }) });
    expect(d.done).toBe(true);
    expect(d.status()).toBe("aborted");
    expect(d.diagnostics().map((x) => [x.kind, x.ranks])).toEqual([["no-progress", [1]]]);
    const svg = join(mkdtempSync(join(tmpdir(), "mpisim-wd-")), "x.svg");
    const inst = render(<App actions={tuiActions(d, svg)} size={{ columns: 100, rows: 30 }} onExit={() => {}} />);
    try {
      let frame = "";
      for (let i = 0; i < 500 && !frame.includes("no-progress"); i++) {
        frame = inst.lastFrame() ?? "";
        await new Promise((res) => setTimeout(res, 10));
      }
      expect(frame).toContain("no-progress");
    } finally {
      cleanup();
    }
  });
});
