import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { load, run } from "../../index.ts";

/**
 * End to end: the real binary in a real terminal (tmux, 80×24). Keys go in with send-keys, the
 * screen comes back with capture-pane. Skipped, with a message, where tmux is not installed.
 */
const hasTmux = spawnSync("tmux", ["-V"], { encoding: "utf8" }).status === 0;
if (!hasTmux) console.warn("tui-tmux.test: tmux is not installed; skipping the end-to-end TUI test");

const SOCKET = `mpisim-test-${process.pid}`;
const tmux = (...args: string[]) => spawnSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });
const screen = () => tmux("capture-pane", "-p", "-t", "tui").stdout;

async function screenWhere(pred: (s: string) => boolean, what: string): Promise<string> {
  for (let i = 0; i < 3000; i++) {
    const s = screen();
    if (pred(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the terminal never showed ${what}:\n${screen()}`);
}

afterAll(() => {
  if (hasTmux) tmux("kill-server");
});

describe.skipIf(!hasTmux)("mpisim tui in tmux", () => {
  it("opens a failing work-stealing token at its failure, steps back, runs to the diagnostic, quits with the token", async () => {
    const program = "scenarios/work-stealing-getput.ts";
    const r = await run(await load(program), { seed: 0 });
    expect(r.diagnostics.length).toBeGreaterThan(0);
    // ink renders only the final frame when it detects CI (CI=true, as our CI sets): a person at a
    // terminal is what this test plays, so the TUI runs without it.
    const cmd = `cd ${JSON.stringify(process.cwd())} && env -u CI -u CONTINUOUS_INTEGRATION node bin/mpisim.mjs tui ${program} --schedule ${r.schedule}; echo EXIT=$?; sleep 600`;
    expect(tmux("new-session", "-d", "-s", "tui", "-x", "80", "-y", "24", cmd).status).toBe(0);

    let s = await screenWhere((x) => /\b1 diag\b/.test(x) && x.includes("Event log"), "the run opened at its diagnostic");
    const lines = s.replace(/\n+$/, "").split("\n");
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(s).toContain("Ranks 0–3 of 4");
    const at = Number(/step (\d+)/.exec(s)![1]);

    tmux("send-keys", "-t", "tui", "b");
    s = await screenWhere((x) => x.includes(`step ${at - 1} `), "one step back");
    expect(s).toContain("0 diags");

    tmux("send-keys", "-t", "tui", "n");
    s = await screenWhere((x) => x.includes(`step ${at} `) && /\b1 diag\b/.test(x), "the diagnostic again");

    tmux("send-keys", "-t", "tui", "b", "b", "Enter");
    await screenWhere((x) => x.includes(`step ${at - 1} `) && x.includes("fired:"), "two back, one forward");

    // Overlays in a real terminal: ? says what it hides at 24 rows and scrolls; the key that
    // closes the token overlay (b) still steps back; Esc closes without quitting.
    tmux("send-keys", "-t", "tui", "?");
    s = await screenWhere((x) => x.includes("Keys (Esc closes)") && /… \d+ more, ↓ to scroll/.test(x), "the help, saying what it hides");
    tmux("send-keys", "-t", "tui", "End");
    await screenWhere((x) => x.includes("(end)") && x.includes("any other key"), "End: the last key of the help");
    tmux("send-keys", "-t", "tui", "Escape");
    await screenWhere((x) => !x.includes("Keys (Esc closes)") && x.includes("Enabled events"), "Esc closes the help");
    tmux("send-keys", "-t", "tui", "t");
    await screenWhere((x) => x.includes("Schedule token"), "the token");
    tmux("send-keys", "-t", "tui", "b");
    await screenWhere((x) => x.includes(`step ${at - 2} `) && !x.includes("Schedule token"), "b closes the token and steps back");

    tmux("send-keys", "-t", "tui", "q");
    s = await screenWhere((x) => x.includes("EXIT="), "the program exit");
    const joined = s.replace(/\n/g, "");
    expect(joined).toMatch(/mpisim: schedule ms1\.[0-9a-f]+\.4\.e\./);
    expect(s).toContain("EXIT=0");
  }, 240_000);

  it("opens check's token of a deadlock that relies on buffering under rendezvous, at the deadlock", async () => {
    const program = "test/fixtures/buffering/send-barrier.ts";
    const check = spawnSync(process.execPath, ["bin/mpisim.mjs", "check", program, "--json"], { encoding: "utf8" });
    const token = JSON.parse(check.stdout).diagnostics[0].schedule as string;
    tmux("kill-session", "-t", "tui"); // the test before leaves its session open
    const cmd = `cd ${JSON.stringify(process.cwd())} && env -u CI -u CONTINUOUS_INTEGRATION node bin/mpisim.mjs tui ${program} --schedule ${token}; echo EXIT=$?; sleep 600`;
    expect(tmux("new-session", "-d", "-s", "tui", "-x", "80", "-y", "24", cmd).status).toBe(0);
    const s = await screenWhere((x) => x.includes("DEADLOCK") && x.includes("Event log"), "the run opened at its deadlock");
    expect(s).toMatch(/DEADLOCK · step \d+ · rendezvous · 1 diag\b/);
    tmux("send-keys", "-t", "tui", "q");
    const end = await screenWhere((x) => x.includes("EXIT="), "the program exit");
    expect(end.replace(/\n/g, "")).toContain(`mpisim: schedule ${token}`);
    expect(end).toContain("EXIT=1");
  }, 240_000);
});
