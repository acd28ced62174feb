/**
 * Issue 16 through the real binary: a plain `mpisim check FILE` flags a program that relies on
 * buffering (exit 1, deadlock, the unsafe wording), leaves its safe twin clean, and the token it
 * prints replays the rendezvous deadlock with `mpisim replay`.
 */
import { describe, expect, it } from "vitest";
import { ROOT, mpisim } from "../helpers/conformance.ts";
import { join } from "node:path";

const fix = (f: string) => join("test/fixtures/buffering", f);

describe("mpisim check: both bufferings by default (real binary)", () => {
  it("head-to-head Sends: exit 1, a deadlock that relies on buffering; --buffering eager pins the old behaviour", () => {
    const r = mpisim(["check", fix("head-to-head.ts")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 issue\(s\) after 2 schedule\(s\) \(portfolio; 1 eager \+ 1 rendezvous\)/);
    expect(r.stdout).toMatch(/^deadlock: the program relies on buffering \(unsafe, MPI 4\.1 §3\.5: a conforming implementation may make every standard-mode Send synchronous\): under rendezvous buffering/m);
    expect(r.stdout).toMatch(/wait-for cycle 0 → 1 → 0\): rank 0 in Comm\.Send \(its send not buffered\) at test\/fixtures\/buffering\/head-to-head\.ts:12:\d+/);
    expect(r.stdout).toMatch(/found by round-robin rendezvous/);
    const pinned = mpisim(["check", fix("head-to-head.ts"), "--buffering", "eager", "--schedules", "10"]);
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toMatch(/clean after 10 schedule\(s\) \(portfolio; eager buffering only\)/);
  });

  it("send before a Barrier: --json gives the deadlock with its cycle, pending calls and a rendezvous token that replays it", () => {
    const file = fix("send-barrier.ts");
    const r = mpisim(["check", file, "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ verdict: "issues", bufferings: ["eager", "rendezvous"] });
    const d = out.diagnostics[0];
    expect(d).toMatchObject({ kind: "deadlock", reliesOnBuffering: true, buffering: "rendezvous", cycle: [0, 1] });
    expect(d.pending.map((p: { call: string }) => p.call)).toEqual(["Comm.Send", "Comm.Barrier"]);
    expect(d.schedule).toMatch(/^ms1\.[0-9a-f]+\.2\.r\./);
    const rep = mpisim(["replay", file, d.schedule, "--json"]);
    expect(rep.code).toBe(1);
    const again = JSON.parse(rep.stdout);
    expect(again.status).toBe("deadlock");
    expect(again.diagnostics.map((x: { message: string }) => x.message)).toEqual([d.message]);
    const text = mpisim(["replay", join(ROOT, file), d.schedule]);
    expect(text.stderr).toMatch(/deadlock: the program relies on buffering/);
    // The TUI opens the token under its own buffering (test/scheduler/buffering.test.ts): another one is refused.
    const tui = mpisim(["tui", file, "--schedule", d.schedule, "--buffering", "eager"]);
    expect(tui.code).toBe(2);
    expect(tui.stderr).toMatch(/token carries its buffering/);
  });

  it("the safe twins are clean under a plain check", () => {
    for (const f of ["head-to-head-sendrecv.ts", "isend-barrier.ts"]) {
      const r = mpisim(["check", fix(f), "--schedules", "20"]);
      expect(r.code, f).toBe(0);
      expect(r.stdout).toMatch(/clean after 20 schedule\(s\) \(portfolio; 10 eager \+ 10 rendezvous\)/);
    }
  });
});
