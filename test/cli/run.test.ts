import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT, mpisim } from "../helpers/conformance.ts";

const fixture = (f: string) => join(ROOT, "test/fixtures/cli", f);

describe("mpisim run (real binary)", () => {
  it("prints rank output in schedule order, tagged, exit 0", () => {
    const r = mpisim(["run", "scenario:persistent-ring", "--tag-output", "--seed", "3"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(20);
    expect(lines.every((l) => /^\[[0-3]\] \[iter \d\] rank \d got \d+ from \d$/.test(l))).toBe(true);
    // One line on stderr says that this was one schedule and that check tries both bufferings.
    expect(r.stderr).toBe("mpisim: one schedule, eager buffering; `mpisim check` explores many under both eager and rendezvous buffering\n");
  });

  it("exits 1 with a deadlock diagnostic and its replay token", () => {
    const r = mpisim(["run", "scenario:deadlock-ssend"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deadlock: no event can happen while 2 rank\(s\) wait \(wait-for cycle 0 → 1 → 0\)/);
    expect(r.stderr).toMatch(/deadlock-ssend\.ts:14:\d+/);
    expect(r.stderr).toMatch(/schedule ms1\./);
  });

  it("--buffering rendezvous turns send-first into a deadlock; --json has no note", () => {
    const eager = mpisim(["run", "scenario:send-first"]);
    expect(eager.code).toBe(0);
    expect(eager.stderr).toMatch(/`mpisim check` explores many under both eager and rendezvous buffering/);
    const r = mpisim(["run", "scenario:send-first", "--buffering", "rendezvous", "--json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.diagnostics.map((d: { kind: string }) => d.kind)).toEqual(["deadlock"]);
    expect(out.diagnostics[0]).toMatchObject({ reliesOnBuffering: true, buffering: "rendezvous" });
    expect(out.diagnostics[0].message).toMatch(/relies on buffering \(unsafe, MPI 4\.1 §3\.5/);
  });

  it("a rank that throws gives rank-exception with the user's source line", () => {
    const r = mpisim(["run", fixture("throws.ts"), "--json"]);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ kind: "rank-exception", ranks: [1] });
    expect(d[0].message).toMatch(/boom/);
    expect(d[0].where).toMatch(/throws\.ts:3:\d+$/);
  });

  it.each([
    [["run", "no-such-file.ts"], /no such file: no-such-file\.ts/],
    [["run", "scenario:nope"], /unknown scenario "scenario:nope"/],
    [["run", "scenario:persistent-ring", "-n", "zero"], /-n must be an integer/],
    [["run", "scenario:persistent-ring", "--buffering", "lazy"], /--buffering must be eager or rendezvous/],
    [["run", "scenario:persistent-ring", "--bogus"], /unknown option '--bogus'/],
    [["run"], /missing required argument 'file'/],
    [["frobnicate"], /unknown command 'frobnicate'/],
  ])("usage error %j exits 2 with one clear line", (args, msg) => {
    const r = mpisim(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(msg);
  });

  it("a syntax error in the program exits 2 with file:line:col", () => {
    const r = mpisim(["run", fixture("syntax-error.ts")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/syntax-error\.ts:2:\d+/);
  });

  it("list names the built-in scenarios", () => {
    const r = mpisim(["list"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/scenario:persistent-ring/);
    expect(r.stdout).toMatch(/scenario:halo-cart/);
  });
});

describe("mpisim run into a pipe whose reader stops early", () => {
  it("stops quietly with the SIGPIPE status (141), no stack trace", () => {
    const bin = join(ROOT, "bin/mpisim.mjs");
    const r = spawnSync("bash", ["-c", `"${process.execPath}" "${bin}" run "${fixture("many-lines.ts")}" | head -n 1; echo "status=\${PIPESTATUS[0]}" >&2`], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.stdout).toBe("rank 0 line 0\n");
    expect(r.stderr).toContain("status=141");
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
  });
});
