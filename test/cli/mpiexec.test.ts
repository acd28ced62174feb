// mpiexec's habits (issue 11): -np N, --version, the program's arguments after --, and replay
// hints that name the real file (and carry those arguments).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, mpisim, withoutRunNote } from "../helpers/conformance.ts";

const FIXTURE = "test/fixtures/cli/argv.ts";

describe("mpiexec conventions (real binary)", () => {
  it("-np N is -n N, and the words after -- reach the program as MPI.argv", () => {
    const r = mpisim(["run", "-np", "3", FIXTURE, "--tag-output", "--", "a", "b c", "--seed"]);
    expect(withoutRunNote(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n").sort();
    expect(lines).toEqual([0, 1, 2].map((k) => `[${k}] ${k} ${JSON.stringify([FIXTURE, "a", "b c", "--seed"])}`));
  });

  it("--version prints the package's version", () => {
    const r = mpisim(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version);
  });

  it("run's and check's replay hints name the file and its arguments; the hint replays the run", () => {
    const run = mpisim(["run", FIXTURE, "--", "race"]);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain("<file>");
    const hint = /replay: mpisim (replay \S+ (ms1\.\S+) -- race)\n/.exec(run.stderr);
    expect(hint, run.stderr).not.toBeNull();
    expect(hint![1]).toBe(`replay ${FIXTURE} ${hint![2]} -- race`);

    const again = mpisim(hint![1].split(" "));
    expect(again.code).toBe(1);
    expect(again.stdout).toBe(run.stdout);
    expect(again.stderr).toBe(withoutRunNote(run.stderr));

    const check = mpisim(["check", FIXTURE, "--schedules", "3", "--", "race"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(new RegExp(`replay: mpisim replay ${FIXTURE.replace(/\./g, "\\.")} ms1\\.\\S+ -- race\\n`));
    expect(check.stdout).not.toContain("<file>");
  });
});
