/**
 * Our own race cases (test/fixtures/races/): variations on RMARaceBench's kinds — other ops, other
 * synchronisation modes, 3 ranks, collectives that are not barriers, Ssend vs Send, lost updates.
 * Each file exports `expected` like the conformance cases; labels.json lists them.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { explore, load, run } from "../../index.ts";
import { classify, conflictLines, table, type RaceLabel, type Verdict } from "./race-cases.ts";

const DIR = join(import.meta.dirname, "../fixtures/races");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".ts")).sort();

describe("race fixtures", () => {
  it("labels.json lists every fixture with the label it exports", async () => {
    const labels = JSON.parse(readFileSync(join(DIR, "labels.json"), "utf8")) as ({ file: string } & RaceLabel)[];
    expect(labels.map((l) => l.file).sort()).toEqual(FILES);
    for (const l of labels) {
      const p = await load(join(DIR, l.file));
      const e = p.exports.expected as RaceLabel;
      expect({ race: e.race, pair: e.pair }, l.file).toEqual({ race: l.race, pair: l.pair });
      expect(l.file.endsWith(l.race ? "-yes.ts" : "-no.ts"), l.file).toBe(true);
    }
  }, 120_000);

  it("classifies every fixture over explored schedules, eager and rendezvous", async () => {
    const rows: { name: string; verdict: Verdict; why: string }[] = [];
    for (const f of FILES) {
      const program = await load(join(DIR, f));
      const label = program.exports.expected as RaceLabel;
      for (const buffering of ["eager", "rendezvous"] as const) {
        const report = await explore(program, { schedules: 16, buffering, all: !label.race, shrink: false });
        rows.push({ name: `${f} (${buffering})`, ...classify(label, conflictLines(join(DIR, f)), report.diagnostics) });
      }
    }
    console.log(table(rows));
    expect(rows.filter((r) => r.verdict === "FP" || r.verdict === "FN")).toEqual([]);
  }, 600_000);

  it("finds each race in one schedule", async () => {
    for (const f of FILES) {
      const program = await load(join(DIR, f));
      const label = program.exports.expected as RaceLabel;
      if (!label.race) continue;
      const r = await run(program, { seed: 11, keepTrace: false });
      const c = classify(label, conflictLines(join(DIR, f)), r.diagnostics);
      expect(c.verdict, `${f}: ${c.why}`).toBe("TP");
    }
  }, 300_000);
});
