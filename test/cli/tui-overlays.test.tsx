/**
 * The TUI's overlays (help, token, diagnostics in full) and the diagnostics panel at small
 * terminal heights: nothing is cut without saying so, everything is reachable by scrolling, the
 * token can be written to a file, and the key that closes an overlay still does its work.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup } from "ink-testing-library";
import { readFileSync } from "node:fs";
import { load, run } from "../../index.ts";
import type { Program } from "../../core/program.ts";
import { TuiDriver } from "../../cli/tui/driver.ts";
import { HELP, hiddenMarker, overlayWindow, wrapLines } from "../../cli/tui/overlay.tsx";
import { renderSvg } from "../../cli/svg/index.ts";
import { formatDiagnostic } from "../../cli/report.ts";
import { KEY, diagsOf, frameWhere, mount, stepOf } from "../helpers/tui.tsx";

let getput: Program;
let halo: Program;
let failing: string;

beforeAll(async () => {
  getput = await load("scenario:work-stealing-getput");
  halo = await load("scenario:halo-cart");
  failing = (await run(getput, { seed: 0 })).schedule;
}, 120_000);

afterEach(() => cleanup());

/** The body lines of the overlay in a frame: between its title and the footer's line. */
function overlayBody(f: string): string[] {
  const lines = f.split("\n");
  const start = lines.findIndex((l) => l.includes("(Esc closes)"));
  const end = lines.findIndex((l, i) => i > start && /^Diagnostics \(/.test(l));
  return lines.slice(start + 1, end).map((l) => l.trim());
}

/** Scroll an open overlay down line by line to its end; its whole text, one entry per screen line. */
async function readToEnd(inst: { stdin: { write: (s: string) => void }; lastFrame: () => string | undefined }, f: string): Promise<string[]> {
  const text = overlayBody(f).filter((l) => !markerOf(l));
  while (/… \d+ more, ↓ to scroll/.test(f)) {
    const prev = Number(markerOf(f)?.[1] ?? 0);
    inst.stdin.write(KEY.down);
    f = await frameWhere(inst, (x) => Number(markerOf(x)?.[1] ?? 0) === prev + 1, "↓ scrolls one line");
    text.push(overlayBody(f).filter((l) => !markerOf(l)).at(-1)!);
  }
  return text;
}

const markerOf = (f: string) => /(?:↑ (\d+) above · )?(?:… (\d+) more, ↓ to scroll|\(end\))/.exec(f);

describe("overlay arithmetic", () => {
  it("wraps without losing a character and keeps an indent", () => {
    const long = "x".repeat(1000);
    const w = wrapLines([long, "  indented " + "y".repeat(50)], 30);
    expect(w.slice(0, 34).join("")).toBe(long);
    expect(w.every((l) => l.length <= 30)).toBe(true);
    expect(w[34]!.startsWith("  indented")).toBe(true);
    expect(w[35]!.startsWith("  y")).toBe(true);
    // Prose breaks between words.
    expect(wrapLines(["ticket 1 claimed 3 times; ticket 2"], 12)).toEqual(["ticket 1", "claimed 3", "times;", "ticket 2"]);
  });

  it("a window that cannot show everything keeps a row to say what is hidden", () => {
    expect(overlayWindow(5, 10, 3)).toEqual({ top: 0, body: 5, above: 0, below: 0, maxScroll: 0 });
    expect(overlayWindow(20, 10, 0)).toEqual({ top: 0, body: 9, above: 0, below: 11, maxScroll: 11 });
    expect(overlayWindow(20, 10, 99)).toMatchObject({ top: 11, above: 11, below: 0 });
    expect(hiddenMarker(0, 3)).toBe("… 3 more, ↓ to scroll");
    expect(hiddenMarker(2, 0)).toBe("↑ 2 above · (end)");
  });
});

describe("mpisim tui overlays (ink)", { timeout: 120_000 }, () => {
  for (const rows of [24, 30]) {
    it(`${rows} rows: ? says how many keys are hidden and scrolls to every one of them`, async () => {
      const { inst } = mount(await TuiDriver.open({ program: getput, schedule: failing }), { columns: 80, rows });
      await frameWhere(inst, (x) => diagsOf(x) > 0, "the start");
      inst.stdin.write("?");
      let f = await frameWhere(inst, (x) => x.includes("Keys (Esc closes)"), "the help overlay");
      expect(f.split("\n").length).toBeLessThanOrEqual(rows - 1);
      for (const [k, v] of HELP) expect(`${k.padEnd(26)} ${v}`.length, "a help line fits 80 columns").toBeLessThanOrEqual(78);
      const m = markerOf(f)!;
      const shown = overlayBody(f).filter((l) => !markerOf(l));
      expect(Number(m[2])).toBe(HELP.length - shown.length);
      expect(Number(m[2])).toBeGreaterThan(0);
      const seen = new Set(shown);
      // ↓ one line at a time until the end: every key of the help was on screen once.
      for (let i = 0; i < HELP.length && !f.includes("(end)"); i++) {
        const before = overlayBody(f)[0];
        inst.stdin.write(i % 2 ? "j" : KEY.down);
        f = await frameWhere(inst, (x) => overlayBody(x)[0] !== before, "↓ scrolls the help");
        for (const l of overlayBody(f)) seen.add(l);
      }
      expect(f).toMatch(/↑ \d+ above · \(end\)/);
      for (const [k] of HELP) expect([...seen].some((l) => l.startsWith(k.trim())), k).toBe(true);
      inst.stdin.write(KEY.home);
      f = await frameWhere(inst, (x) => !x.includes("above"), "Home: back to the top");
      expect(overlayBody(f)[0]).toMatch(/^↑\/↓, k\/j/);
      inst.stdin.write(KEY.end);
      f = await frameWhere(inst, (x) => x.includes("(end)"), "End: the bottom");
      inst.stdin.write(KEY.pageUp);
      f = await frameWhere(inst, (x) => !x.includes("(end)"), "PgUp scrolls up a page");
      inst.stdin.write(KEY.pageDown);
      f = await frameWhere(inst, (x) => x.includes("(end)"), "PgDn scrolls down a page");
      inst.stdin.write("k");
      await frameWhere(inst, (x) => !x.includes("(end)") && x.includes("more, ↓ to scroll"), "k scrolls up a line");
      inst.stdin.write("?");
      await frameWhere(inst, (x) => !x.includes("Keys (Esc closes)") && x.includes("Enabled events"), "? again closes it");
    });
  }

  it("t: a token longer than the screen is all reachable, wrapped; w writes it to mpisim-token.txt and says where", async () => {
    const d = await TuiDriver.open({ program: halo, ranks: 16, seed: 1 });
    await d.runToEnd();
    const token = d.token();
    const { inst, tokenPath } = mount(d, { columns: 80, rows: 24 });
    await frameWhere(inst, (x) => x.includes("Enabled events"), "the start");
    inst.stdin.write("t");
    let f = await frameWhere(inst, (x) => x.includes("Schedule token"), "the token overlay");
    expect(f).toMatch(/… \d+ more, ↓ to scroll/);
    const text = await readToEnd(inst, f);
    expect(token.length).toBeGreaterThan(13 * 78);
    expect(text.join("")).toContain(token);

    inst.stdin.write("w");
    f = await frameWhere(inst, (x) => x.includes("wrote the token to"), "w: written");
    expect(f.replace(/\s+/g, "")).toContain(tokenPath.replace(/\s+/g, "").slice(0, 40));
    expect(readFileSync(tokenPath, "utf8")).toBe(`${token}\n`);
    expect(f).toContain("Schedule token");
  });

  it("the key that closes an overlay is not swallowed: b steps back, ⏎ fires; Esc and q only close", async () => {
    const d = await TuiDriver.open({ program: getput, schedule: failing });
    const { inst, exits } = mount(d, { columns: 80, rows: 24 });
    let f = await frameWhere(inst, (x) => diagsOf(x) > 0, "the diagnostic");
    const at = stepOf(f);
    inst.stdin.write("t");
    await frameWhere(inst, (x) => x.includes("Schedule token"), "t");
    inst.stdin.write("b");
    f = await frameWhere(inst, (x) => stepOf(x) === at - 1 && !x.includes("Schedule token"), "b closes the token and steps back");
    inst.stdin.write("?");
    await frameWhere(inst, (x) => x.includes("Keys (Esc closes)"), "?");
    inst.stdin.write(KEY.enter);
    f = await frameWhere(inst, (x) => stepOf(x) === at && x.includes("fired: "), "⏎ closes help and fires");
    inst.stdin.write("?");
    await frameWhere(inst, (x) => x.includes("Keys (Esc closes)"), "?");
    inst.stdin.write(KEY.escape);
    f = await frameWhere(inst, (x) => !x.includes("Keys (Esc closes)"), "Esc closes");
    expect(stepOf(f)).toBe(at);
    // Its own key closes an overlay and does nothing else.
    inst.stdin.write("t");
    await frameWhere(inst, (x) => x.includes("Schedule token"), "t");
    inst.stdin.write("t");
    f = await frameWhere(inst, (x) => !x.includes("Schedule token"), "t again closes it");
    inst.stdin.write("d");
    await frameWhere(inst, (x) => x.includes("in full (Esc closes)"), "d");
    inst.stdin.write("d");
    f = await frameWhere(inst, (x) => !x.includes("in full (Esc closes)"), "d again closes it");
    expect(stepOf(f)).toBe(at);
    inst.stdin.write("d");
    await frameWhere(inst, (x) => x.includes("in full (Esc closes)"), "d");
    inst.stdin.write("q");
    f = await frameWhere(inst, (x) => !x.includes("in full (Esc closes)"), "q closes the overlay");
    expect(exits).toEqual([]);
    // Keys typed together: close with b, then step back again.
    inst.stdin.write("t");
    await frameWhere(inst, (x) => x.includes("Schedule token"), "t");
    inst.stdin.write("bb");
    await frameWhere(inst, (x) => stepOf(x) === at - 2, "b, b: both taken");
    inst.stdin.write("q");
    for (let i = 0; i < 200 && exits.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(exits).toEqual([d.token()]);
  });

  for (const rows of [24, 30]) {
    it(`${rows} rows: the diagnostics panel says how many are not shown; d reads every one in full`, async () => {
      const d = await TuiDriver.open({ program: getput, schedule: failing });
      await d.runToEnd();
      const all = d.diagnostics();
      expect(all.length).toBeGreaterThanOrEqual(3);
      const { inst } = mount(d, { columns: 80, rows });
      let f = await frameWhere(inst, (x) => diagsOf(x) === all.length, "all the diagnostics");
      const title = f.split("\n").find((l) => l.startsWith(`Diagnostics (${all.length})`))!;
      const shown = f.split("\n").filter((l) => /^@\d+ /.test(l)).length;
      expect(shown).toBeLessThan(all.length);
      expect(title).toContain(`last ${shown} shown, ${all.length - shown} more above`);
      expect(title).toContain("d reads all in full");

      inst.stdin.write("d");
      f = await frameWhere(inst, (x) => x.includes(`Diagnostics (${all.length}) in full`), "d: the detail overlay");
      expect(f.split("\n").length).toBeLessThanOrEqual(rows - 1);
      const header = (i: number) => `#${i + 1}${all[i]!.step !== undefined ? ` @ step ${all[i]!.step}` : ""}`;
      expect(overlayBody(f)[0]).toBe(header(0));
      expect(f).toMatch(/… \d+ more, ↓ to scroll/);
      // Read to the end: every diagnostic's whole message, wrapped across lines.
      const text = await readToEnd(inst, f);
      const joined = text.join("").replace(/\s+/g, "");
      for (const x of all) expect(joined).toContain(x.message.replace(/\s+/g, ""));
      for (let i = 0; i < all.length; i++) expect(text).toContain(header(i));
    });
  }
});

describe("the log and memory panels (ink)", { timeout: 120_000 }, () => {
  it("24 rows: the log says how many earlier lines it hides; L reads them all, from the latest back to the first", async () => {
    const d = await TuiDriver.open({ program: getput, schedule: failing });
    const log = d.snapshot().log;
    const { inst } = mount(d, { columns: 80, rows: 24 });
    let f = await frameWhere(inst, (x) => x.includes("Event log"), "the log panel");
    const rows = f.split("\n").filter((l) => /^ +\d+ r\d /.test(l)).length;
    expect(f).toContain(`Event log (${log.length - rows} earlier lines; L reads them)`);
    inst.stdin.write("L");
    f = await frameWhere(inst, (x) => x.includes(`Event log (${log.length} latest lines) (Esc closes)`), "L: the whole log");
    expect(f).toMatch(/↑ \d+ above · \(end\)/);
    const line = (l: (typeof log)[number]) => `${String(l.step).padStart(5)} r${l.rank} ${l.text}`.trim();
    expect(overlayBody(f).filter((l) => !markerOf(l)).at(-1)).toBe(line(log.at(-1)!).slice(0, 78).trim());
    inst.stdin.write(KEY.home);
    f = await frameWhere(inst, (x) => !x.includes("above"), "Home: the first line kept");
    expect(overlayBody(f)[0]).toBe(line(log[0]!).slice(0, 78).trim());
    inst.stdin.write("L");
    await frameWhere(inst, (x) => !x.includes("latest lines") && x.includes("Enabled events"), "L again closes it");
  });

  it("24 rows: the event list says how many events are above and below what it shows", async () => {
    const d = await TuiDriver.open({ program: await load("scenario:persistent-ring"), ranks: 16 });
    const n = d.snapshot().enabled.length;
    expect(n).toBeGreaterThan(10);
    const { inst } = mount(d, { columns: 80, rows: 24 });
    const listed = (f: string) => f.split("\n").filter((l) => /^[› ][* ]\S/.test(l) && /resume|deliver|apply|make/.test(l)).length;
    let f = await frameWhere(inst, (x) => x.includes("Enabled events"), "the list");
    const rows = listed(f);
    const m = /Enabled events (\d+)\/(\d+) \((?:↑(\d+))? ?(?:↓(\d+))? more\)/.exec(f)!;
    expect(Number(m[2])).toBe(n);
    expect(Number(m[3] ?? 0) + Number(m[4] ?? 0)).toBe(n - rows);
    // The first line listed is the one after those above.
    expect(f).toContain(`resume rank ${Number(m[3] ?? 0)}: start`);
    for (let i = 1; i < Number(m[1]); i++) inst.stdin.write("k");
    f = await frameWhere(inst, (x) => x.includes(`Enabled events 1/${n} (↓${n - rows} more)`), "k up to the first event");
    inst.stdin.write("k");
    await frameWhere(inst, (x) => x.includes(`Enabled events ${n}/${n} (↑${n - rows} more)`), "k wraps to the last event");
  });

  it("r lists every rank in full: the columns not shown, every epoch and request", async () => {
    const d = await TuiDriver.open({ program: getput, ranks: 6, seed: 3 });
    // Run to a step where some rank holds an epoch (a lock of the work queue).
    while (!d.done && !d.snapshot().rankViews.some((v) => v.epochs.length > 0)) await d.fire(d.suggested());
    const views = d.snapshot().rankViews;
    const { inst } = mount(d, { columns: 80, rows: 24 });
    let f = await frameWhere(inst, (x) => x.includes("Ranks 0–3 of 6"), "four of six columns");
    expect(f).toContain("←/→ scroll, r lists all");
    inst.stdin.write("r");
    f = await frameWhere(inst, (x) => x.includes("Ranks: all 6 in full (Esc closes)"), "r: every rank");
    const text = (await readToEnd(inst, f)).join("\n");
    for (const v of views) {
      expect(text).toContain(`r${v.rank} ${v.status}: ${v.call ?? "—"}`);
      for (const e of v.epochs) expect(text).toContain(`◆ ${e}`);
      for (const q of v.requests) expect(text).toContain(`○ ${q}`);
    }
    expect(views.some((v) => v.epochs.length > 0)).toBe(true);
    inst.stdin.write("r");
    await frameWhere(inst, (x) => x.includes("Ranks 0–3 of 6"), "r again closes it");
  });

  it("24 rows: the memory panel says how many lines it hides; M shows every byte map with the bytes pending events touch", async () => {
    const d = await TuiDriver.open({ program: getput, schedule: failing });
    while (!d.snapshot().enabled.some((e) => e.touches)) await d.back();
    const snap = d.snapshot();
    const { inst } = mount(d, { columns: 80, rows: 24 });
    let f = await frameWhere(inst, (x) => x.includes("Enabled events"), "the start");
    expect(f).toMatch(/Memory \(\d+ more lines; M shows all\)/);
    inst.stdin.write("M");
    f = await frameWhere(inst, (x) => x.includes("Memory: every window and file (Esc closes)"), "M: the memory overlay");
    const text = (await readToEnd(inst, f)).join("\n");
    for (const v of snap.memory) expect(text).toContain(`${v.space === "win" ? "window" : "file"} ${v.title} (${v.size} B)`);
    expect(text).toMatch(/(the selected event \((read|write|rw)\) touches|other pending events touch) bytes \[\d+, \d+\)/);
    const hex = snap.memory[0]!.bytes.slice(0, 16).map((b) => b.toString(16).padStart(2, "0")).join(" ");
    expect(text).toContain(`0000  ${hex}`);
    inst.stdin.write(KEY.escape);
    await frameWhere(inst, (x) => !x.includes("Memory: every window") && x.includes("Enabled events"), "Esc closes it");
  });
});

describe("byte ranges: one notation, half-open [lo, hi)", { timeout: 120_000 }, () => {
  const other = [/\[\d+,\d+\]/, /\b\d+\.\.\d+\b/];
  it("in the TUI's event log and diagnostics, the text report and the SVG", async () => {
    const d = await TuiDriver.open({ program: getput, schedule: failing });
    await d.runToEnd();
    const snap = d.snapshot();
    const rmaLog = snap.log.filter((l) => l.kind === "rma" && l.text.includes("bytes"));
    expect(rmaLog.length).toBeGreaterThan(0);
    const texts = [...rmaLog.map((l) => l.text), ...snap.diagnostics.map((x) => x.text), ...d.diagnostics().map((x) => formatDiagnostic(x, "getput.ts")), renderSvg(d.svgInput())];
    for (const t of texts) for (const re of other) expect(t).not.toMatch(re);
    expect(rmaLog[0]!.text).toMatch(/ bytes \[\d+, \d+\)$/);
    expect(snap.diagnostics.map((x) => x.message).join("\n")).toMatch(/bytes \[\d+, \d+\) of rank 0's memory/);
    // On screen: the log at the failure shows RMA operations with their target bytes.
    const { inst } = mount(await TuiDriver.open({ program: getput, schedule: failing }), { columns: 120, rows: 40 });
    const f = await frameWhere(inst, (x) => x.includes("Event log"), "the log");
    expect(f).toMatch(/ r\d (Get|Put|Compare_and_swap|Fetch_and_op|Accumulate) → rank \d w#\d bytes \[\d+, \d+\)/);
    for (const re of other) expect(f).not.toMatch(re);
  });
});

