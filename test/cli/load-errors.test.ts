// Through the real CLI: a race in an imported helper module is found; a program that cannot be
// loaded is one stderr line naming the user's file and the cause, exit 2 (SPEC §6); a call on a
// non-handle reads like the user's code, and an un-awaited MPI Promise used as a handle says so.
import { spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mpisim, ROOT, withoutRunNote } from "../helpers/conformance.ts";

const dir = realpathSync(mkdtempSync(join(tmpdir(), "mpisim-load-errors-")));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => writeFileSync(join(dir, name), text);

// Broken on purpose, so written here rather than kept as fixtures that tsc would check.
file("missing.ts", 'import { x } from "./nope.ts";\nexport default async function main() { console.log(x); }\n');
file("missing-pkg.ts", 'import { x } from "no-such-package-mpisim";\nexport default async function main() { console.log(x); }\n');
file("top-throw.ts", 'import { y } from "./throwing-helper.ts";\nexport default async function main() { console.log(y); }\n');
file("throwing-helper.ts", 'export const y = 1;\nthrow new Error("helper failed at load");\n');
file("syntax-in-helper.ts", 'import { z } from "./bad-helper.ts";\nexport default async function main() { console.log(z); }\n');
file("bad-helper.ts", "export const z = (1 +;\n");
file("cjs-main.ts", 'import legacy from "./legacy.js";\nexport const ranks = 1;\nexport default async function main() { console.log(legacy.v); }\n');
file("legacy.js", "module.exports = { v: 42 };\n");
file("not-fn.js", "export default async function main(MPI) {\n  const x = {};\n  x.Get_rank();\n}\n");

const CASES: Array<[string, RegExp]> = [
  ["missing.ts", /^mpisim: missing\.ts:1:19: cannot find module '\.\/nope\.ts'$/],
  ["missing-pkg.ts", /^mpisim: missing-pkg\.ts:1:19: cannot find package 'no-such-package-mpisim'$/],
  ["top-throw.ts", /^mpisim: throwing-helper\.ts:2:7: Error: helper failed at load \(thrown while loading top-throw\.ts\)$/],
  ["syntax-in-helper.ts", /^mpisim: bad-helper\.ts:1:22: Expression expected\.$/],
];
const COMMANDS: Array<(f: string) => string[]> = [(f) => ["run", f], (f) => ["check", f], (f) => ["replay", f, "ms1.0123456789ab.2.e.-"]];

describe("a program that cannot be loaded: one line, exit 2", () => {
  // every command loads through the same load(): each case through one of them, in turn
  CASES.forEach(([prog, line], i) => {
    const args = COMMANDS[i % COMMANDS.length]!(prog);
    it(args.join(" "), () => {
      const r = mpisim(args, { cwd: dir });
      expect(r.stderr.split("\n").filter((l) => l !== "")).toEqual([expect.stringMatching(line)]);
      expect(r.stdout).toBe("");
      expect(r.code).toBe(2);
    });
  });

  // `script` gives the TUI the terminal it insists on
  const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
  it.skipIf(!hasScript)("tui: the same one line and exit 2", () => {
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, "bin/mpisim.mjs"))} tui missing.ts`;
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd: dir, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" }, timeout: 60_000 });
    expect(r.stdout.split(/\r?\n/).filter((l) => l !== "")).toEqual(["mpisim: missing.ts:1:19: cannot find module './nope.ts'"]);
    expect(r.status).toBe(2);
  });
});

describe("module graph and messages, through the CLI", () => {
  it("check finds a buffer race that lives in an imported helper module", () => {
    const r = mpisim(["check", "test/fixtures/graph/race-main.ts", "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { verdict: string; diagnostics: Array<{ kind: string; message: string }> };
    expect(out.verdict).toBe("issues");
    expect(out.diagnostics.map((d) => d.kind)).toContain("buffer-race");
    expect(out.diagnostics.find((d) => d.kind === "buffer-race")?.message).toMatch(/helper-race\.ts:9:3/);
  });

  it("a CommonJS .js helper is loaded as it is (not turned into a broken ES module)", () => {
    const r = mpisim(["run", "cjs-main.ts"], { cwd: dir });
    expect(withoutRunNote(r.stderr)).toBe("");
    expect(r.stdout).toBe("42\n");
    expect(r.code).toBe(0);
  });

  const diagnostics = (args: string[], cwd = ROOT) => {
    const r = mpisim([...args, "--json"], { cwd });
    expect(r.code).toBe(1);
    return (JSON.parse(r.stdout) as { diagnostics: Array<{ kind: string; message: string; where?: string }> }).diagnostics;
  };

  it("an un-awaited collective used as a communicator: 'Comm.Split returns a Promise: await it', at the user's line", () => {
    const [d] = diagnostics(["run", "test/fixtures/graph/handle.ts"]);
    expect(d).toMatchObject({ kind: "rank-exception" });
    expect(d!.message).toBe("rank 0 threw TypeError: Comm.Split returns a Promise: await it (`c.Get_rank()` was called on the Promise, not on its result)");
    expect(d!.where).toMatch(/handle\.ts:8:15$/);
  });

  it("an un-awaited Win.Create used as a window says so too", () => {
    const [d] = diagnostics(["run", "test/fixtures/graph/handle-win.ts"]);
    expect(d!.message).toMatch(/^rank 0 threw TypeError: Win\.Create returns a Promise: await it \(`w\.Fence\(\)` was called/);
    expect(d!.where).toMatch(/handle-win\.ts:7:3$/);
  });

  it("a method missing on a plain object names the user's expression, never an instrumentation hook", () => {
    const ds = diagnostics(["run", "not-fn.js", "-n", "1"], dir);
    expect(ds.map((d) => d.message)).toEqual(["rank 0 threw TypeError: x.Get_rank is not a function"]);
    expect(JSON.stringify(ds)).not.toMatch(/__mp/);
  });
});
