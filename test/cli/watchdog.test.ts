import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT, mpisim } from "../helpers/conformance.ts";

/**
 * The watchdog through the real binary (`--watchdog 1` keeps them short). These are not timing
 * tests: they only check that a spinning run ends, with the right diagnostic and exit code.
 */
const fixture = (f: string) => join(ROOT, "test/fixtures/cli", f);

describe("mpisim --watchdog (real binary)", () => {
  it("run: a synchronous spin ends with no-progress naming the rank and the loop, exit 1", () => {
    const r = mpisim(["run", fixture("spin-sync.ts"), "--watchdog", "1"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("rank 0 before the barrier\nrank 1 before the barrier\n");
    expect(r.stderr).toMatch(/no-progress: rank 1 ran for more than 1 s without reaching an MPI call .* at \S*spin-sync\.ts:9:\d+; its last MPI call returned at \S*spin-sync\.ts:7:\d+/);
    expect(r.stderr).toMatch(/schedule ms1\./);
  });

  it("run --json: a microtask spin ends with no-progress for rank 0", () => {
    const r = mpisim(["run", fixture("spin-micro.ts"), "--watchdog", "1", "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe("aborted");
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]).toMatchObject({ kind: "no-progress", ranks: [0], watchdog: 1 });
    expect(out.diagnostics[0].where).toMatch(/spin-micro\.ts:[789]:\d+$/);
  });

  it("replay: the token of a cut run spins again and is cut again", () => {
    const first = JSON.parse(mpisim(["run", fixture("spin-sync.ts"), "--watchdog", "1", "--json"]).stdout);
    const r = mpisim(["replay", fixture("spin-sync.ts"), first.schedule, "--watchdog", "1", "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics).toEqual(first.diagnostics);
  });

  it("check --time-budget 5: a synchronous spin is a no-progress issue, exit 1", () => {
    const r = mpisim(["check", fixture("spin-sync.ts"), "--watchdog", "1", "--time-budget", "5", "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.verdict).toBe("issues");
    expect(out.diagnostics.map((d: { kind: string }) => d.kind)).toEqual(["no-progress"]);
    expect(out.diagnostics[0].where).toMatch(/spin-sync\.ts:9:\d+$/);
  });

  it("check --workers 2: a microtask spin is cut, and the other thread stops too", () => {
    // The main thread takes the first schedules while the pool thread starts: the spin is cut there.
    const r = mpisim(["check", fixture("spin-micro.ts"), "--watchdog", "1", "--workers", "2", "--strategy", "random"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 issue\(s\)/);
    expect(r.stdout).toMatch(/no-progress: rank 0 ran for more than 1 s without reaching an MPI call .* at \S*spin-micro\.ts:[789]:\d+/);
  });

  it("check --workers 2: a microtask spin inside the pool's worker thread is cut too", () => {
    // The fixture spins only off the main thread; its main-thread runs are slow enough that the
    // worker thread starts and takes one before the main thread has run all 400.
    const r = mpisim(["check", fixture("spin-in-worker.ts"), "--watchdog", "1", "--workers", "2", "--strategy", "random", "--schedules", "400"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 issue\(s\) after \d+ schedule/);
    expect(r.stdout).toMatch(/no-progress: rank 0 ran for more than 1 s without reaching an MPI call .* at \S*spin-in-worker\.ts:1[123]:\d+/);
  });

  it("check --all --strategy dpor: the exploration stops at the first cut run instead of paying the limit for every schedule", () => {
    const r = mpisim(["check", fixture("spin-sync.ts"), "--watchdog", "1", "--strategy", "dpor", "--all", "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ verdict: "issues", complete: false, stoppedBy: "watchdog" });
  });

  it("a bad --watchdog value is a usage error (exit 2)", () => {
    const r = mpisim(["run", fixture("spin-sync.ts"), "--watchdog", "soon"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--watchdog must be a number of seconds/);
  });
});

describe("mpisim run streams output (real binary)", () => {
  it("a line printed before a spin reaches stdout while the run is still going", async () => {
    // --watchdog 0: the spin lasts until this test kills the process.
    const child = spawn(process.execPath, [join(ROOT, "bin/mpisim.mjs"), "run", fixture("print-then-spin.ts"), "--watchdog", "0"], { cwd: ROOT });
    let out = "";
    let exited = false;
    child.on("exit", () => (exited = true));
    const first = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (b: Buffer) => {
        out += b.toString();
        if (out.includes("\n")) resolve(out);
      });
      child.on("exit", (code) => reject(new Error(`mpisim exited (${code}) before printing a line: ${out}`)));
    });
    expect(exited).toBe(false);
    child.kill("SIGKILL");
    expect(first).toBe("first line from rank 0\n");
  });
});
