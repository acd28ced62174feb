import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup } from "ink-testing-library";
import { existsSync, readFileSync } from "node:fs";
import { load, run } from "../../index.ts";
import type { Program } from "../../core/program.ts";
import { TuiDriver } from "../../cli/tui/driver.ts";
import { layout } from "../../cli/tui/layout.ts";
import { KEY, diagsOf, frameWhere, mount, selectedLine, stepOf } from "../helpers/tui.tsx";

let getput: Program;
let deadlock: Program;
let ring: Program;
let failing: string;

beforeAll(async () => {
  getput = await load("scenarios/work-stealing-getput.ts");
  deadlock = await load("scenarios/deadlock-ssend.ts");
  ring = await load("scenarios/persistent-ring.ts");
  const r = await run(getput, { seed: 0 });
  expect(r.diagnostics.length).toBeGreaterThan(0);
  failing = r.schedule;
}, 120_000);

afterEach(() => cleanup());

describe("TuiDriver (the stepping behind the keys)", { timeout: 120_000 }, () => {
  it("opens a failing token at its failure; step back, forward and run-to-diagnostic come back to it", async () => {
    const d = await TuiDriver.open({ program: getput, schedule: failing });
    const at = d.step;
    const n = d.diagnostics().length;
    expect(n).toBeGreaterThan(0);
    await d.back();
    expect(d.step).toBe(at - 1);
    expect(d.diagnostics().length).toBeLessThan(n + 1);
    expect(await d.runToDiagnostic()).toBe(true);
    expect(d.step).toBe(at);
    expect(d.diagnostics()).toHaveLength(n);
    // Further diagnostics (the lost update, the broken ticket invariant) come later in the run.
    await d.runToEnd();
    expect(d.diagnostics().map((x) => x.kind)).toEqual(expect.arrayContaining(["lost-update", "property"]));
    // The token of the whole path replays the same run as the seed.
    const replayed = await run(getput, { schedule: d.token() });
    const orig = await run(getput, { schedule: failing });
    expect(replayed.traceHash).toBe(orig.traceHash);
  });

  it("firing a different event than the path's drops the rest of the path", async () => {
    const d = await TuiDriver.open({ program: ring, seed: 4 });
    expect(d.step).toBe(0);
    while (d.snapshot().enabled.length < 2) await d.fire(d.suggested());
    const s = d.step;
    const other = d.suggested() === 0 ? 1 : 0;
    const key = d.snapshot().enabled[other].key;
    await d.fire(other);
    expect(d.step).toBe(s + 1);
    await d.back();
    expect(d.step).toBe(s);
    // Stepping back keeps the choice just made: it is what the path fires next.
    expect(d.snapshot().enabled[d.suggested()].key).toBe(key);
  });

  it("toggling buffering replays under the other mode (send-first deadlocks under rendezvous)", async () => {
    const d = await TuiDriver.open({ program: await load("scenarios/send-first.ts") });
    await d.runToEnd();
    expect(d.status()).toBe("ok");
    expect(await d.toggleBuffering()).toBe("rendezvous");
    await d.runToEnd();
    expect(d.status()).toBe("deadlock");
    expect(d.token()).toMatch(/\.r\./);
  });
});

describe("mpisim tui (ink)", { timeout: 120_000 }, () => {
  it("80×24: a failing work-stealing schedule opens at its diagnostic; b steps back, n runs to it again, ⏎ steps", async () => {
    const d = await TuiDriver.open({ program: getput, schedule: failing });
    const { inst } = mount(d);
    let f = await frameWhere(inst, (x) => /\b[1-9]\d* diags?\b/.test(x), "the diagnostic");
    const lines = f.split("\n");
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(f).toContain("Ranks 0–3 of 4");
    expect(f).toMatch(/@\d+ (rma-race|lost-update|property)/);
    const at = stepOf(f);

    inst.stdin.write("b");
    f = await frameWhere(inst, (x) => stepOf(x) === at - 1, "one step back");
    expect(diagsOf(f)).toBe(0);
    inst.stdin.write(KEY.backspace);
    f = await frameWhere(inst, (x) => stepOf(x) === at - 2, "backspace steps back too");

    inst.stdin.write("n");
    f = await frameWhere(inst, (x) => diagsOf(x) > 0, "run to the next diagnostic");
    expect(stepOf(f)).toBe(at);
    expect(f).toMatch(/stopped at a new diagnostic|the run ended/);

    inst.stdin.write("bbb");
    f = await frameWhere(inst, (x) => stepOf(x) === at - 3, "three steps back");
    inst.stdin.write(KEY.enter);
    f = await frameWhere(inst, (x) => stepOf(x) === at - 2, "⏎ fires one event");
    expect(f).toContain("fired: ");
    inst.stdin.write(" ");
    await frameWhere(inst, (x) => stepOf(x) === at - 1, "space fires one event");
    // Keys that arrive in one chunk (fast typing, tmux send-keys) are taken one by one.
    inst.stdin.write("bb\r");
    await frameWhere(inst, (x) => stepOf(x) === at - 2 && x.includes("fired: "), "b, b, ⏎ sent together");
  });

  it("selection keys move among the enabled events and the memory map highlights what the selected event touches", async () => {
    const d = await TuiDriver.open({ program: getput, schedule: failing });
    await d.back();
    // Walk back to a step with several enabled events, one of them an RMA apply.
    while (!(d.snapshot().enabled.length > 1 && d.snapshot().enabled.some((e) => e.touches))) await d.back();
    const { inst } = mount(d);
    let f = await frameWhere(inst, (x) => x.includes("Enabled events"), "the event list");
    const first = selectedLine(f);
    inst.stdin.write(KEY.down);
    f = await frameWhere(inst, (x) => selectedLine(x) !== first, "↓ moves the selection");
    const second = selectedLine(f);
    inst.stdin.write(KEY.up);
    f = await frameWhere(inst, (x) => selectedLine(x) === first, "↑ moves it back");
    inst.stdin.write(KEY.tab);
    await frameWhere(inst, (x) => selectedLine(x) === second, "Tab moves down");
    inst.stdin.write(KEY.shiftTab);
    await frameWhere(inst, (x) => selectedLine(x) === first, "Shift-Tab moves up");
    inst.stdin.write("j");
    await frameWhere(inst, (x) => selectedLine(x) === second, "j moves down");
    inst.stdin.write("k");
    await frameWhere(inst, (x) => selectedLine(x) === first, "k moves up");
    // Select the RMA event: its window bytes are marked with the access mode.
    const snap = d.snapshot();
    const rmaIndex = snap.enabled.findIndex((e) => e.touches);
    const cur = snap.enabled.findIndex((e) => selectedLine(f).includes(e.label.slice(0, 20)));
    for (let i = 0; i < (rmaIndex - cur + snap.enabled.length) % snap.enabled.length; i++) inst.stdin.write(KEY.down);
    f = await frameWhere(inst, (x) => /window w#\d+ @ rank \d+ \(\d+ B\) ← (read|write|rw)/.test(x), "the touched window highlighted");
    expect(selectedLine(f)).toMatch(/apply/);
  });

  it("the file byte map marks the bytes a pending write will make visible, past the end of the file too", async () => {
    const d = await TuiDriver.open({ program: await load("scenario:io-write-at"), seed: 0 });
    while (!d.done && !d.snapshot().enabled.some((e) => e.touches?.space === "file" && e.touches.ranges[0][0] > 0)) await d.fire(d.suggested());
    const snap = d.snapshot();
    const idx = snap.enabled.findIndex((e) => e.touches?.space === "file" && e.touches.ranges[0][0] > 0);
    expect(idx).toBeGreaterThanOrEqual(0);
    const { inst } = mount(d);
    await frameWhere(inst, (x) => x.includes("Enabled events"), "the event list");
    for (let i = 0; i < (idx - d.suggested() + snap.enabled.length) % snap.enabled.length; i++) inst.stdin.write("j");
    const f = await frameWhere(inst, (x) => /file datafile\.bin \(\d+ B\) ← write/.test(x), "the file map of the selected write");
    expect(selectedLine(f)).toMatch(/make Write_at of rank \d on data/);
  });

  it("e runs to the end, m toggles buffering, t shows the token, s writes the SVG, ? shows help", async () => {
    const d = await TuiDriver.open({ program: deadlock, buffering: "eager" });
    const { inst, svgPath } = mount(d);
    let f = await frameWhere(inst, (x) => x.includes("DEADLOCK"), "the deadlock it opens at");
    expect(diagsOf(f)).toBe(1);
    expect(f).toContain("deadlock: ");

    inst.stdin.write("bb");
    f = await frameWhere(inst, (x) => stepOf(x) === 0 && x.includes("RUNNING"), "the start");
    inst.stdin.write("e");
    f = await frameWhere(inst, (x) => x.includes("DEADLOCK") && x.includes("the run ended"), "e: the end");

    inst.stdin.write("m");
    f = await frameWhere(inst, (x) => x.includes("rendezvous") && x.includes("buffering is now rendezvous"), "m: rendezvous");
    inst.stdin.write("m");
    await frameWhere(inst, (x) => x.includes("· eager ·"), "m again: eager");

    inst.stdin.write("t");
    f = await frameWhere(inst, (x) => x.includes("Schedule token"), "t: the token");
    expect(f.replace(/\s+/g, "")).toContain(d.token());
    inst.stdin.write("x");
    await frameWhere(inst, (x) => !x.includes("Schedule token"), "any key closes the overlay");

    inst.stdin.write("s");
    f = await frameWhere(inst, (x) => x.includes("wrote "), "s: the SVG");
    expect(existsSync(svgPath)).toBe(true);
    expect(readFileSync(svgPath, "utf8")).toContain("<svg");

    inst.stdin.write("?");
    f = await frameWhere(inst, (x) => x.includes("Keys (Esc closes)"), "?: help");
    expect(f).toContain("step back");
    inst.stdin.write(KEY.escape);
    await frameWhere(inst, (x) => !x.includes("Keys (Esc closes)"), "Esc closes help");
  });

  it("←/→ and h/l scroll rank columns that do not fit; a bigger terminal shows them all", async () => {
    const d = await TuiDriver.open({ program: ring, ranks: 8 });
    const { inst } = mount(d);
    let f = await frameWhere(inst, (x) => x.includes("Ranks 0–3 of 8"), "four columns at 80 columns");
    expect(f).toContain("4 ▶");
    inst.stdin.write(KEY.right);
    f = await frameWhere(inst, (x) => x.includes("Ranks 1–4 of 8"), "→ scrolls right");
    inst.stdin.write("l");
    await frameWhere(inst, (x) => x.includes("Ranks 2–5 of 8"), "l scrolls right");
    inst.stdin.write(KEY.left);
    await frameWhere(inst, (x) => x.includes("Ranks 1–4 of 8"), "← scrolls left");
    inst.stdin.write("h");
    await frameWhere(inst, (x) => x.includes("Ranks 0–3 of 8"), "h scrolls left");
    cleanup();

    const big = mount(await TuiDriver.open({ program: ring, ranks: 8 }), { columns: 160, rows: 48 });
    f = await frameWhere(big.inst, (x) => x.includes("Ranks 0–7 of 8"), "all eight columns at 160 columns");
    expect(f.split("\n").length).toBeLessThanOrEqual(47);
    const l = layout({ columns: 160, rows: 47 }, 8);
    expect(l.eventRows).toBeGreaterThan(layout({ columns: 80, rows: 23 }, 8).eventRows);
  });

  it("q, Esc and Ctrl-C quit and hand back the token", async () => {
    for (const k of ["q", KEY.escape, KEY.ctrlC]) {
      const d = await TuiDriver.open({ program: deadlock });
      const { inst, exits } = mount(d);
      await frameWhere(inst, (x) => x.includes("DEADLOCK"), "the start");
      inst.stdin.write(k);
      for (let i = 0; i < 200 && exits.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(exits).toEqual([d.token()]);
      cleanup();
    }
  });
});
