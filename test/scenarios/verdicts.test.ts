/**
 * Every built-in scenario, checked as `mpisim check scenario:NAME` checks it (check's defaults,
 * a smaller budget): the lecture's programs are clean, the buggy variants report their bug. A
 * new rule that flags a correct scenario (a false positive, as the span-based aliasing check once
 * did on halo-cart's interleaved column vectors) fails here.
 */
import { describe, expect, it } from "vitest";
import { explore, load, SCENARIOS } from "../../index.ts";
import { checkExploreOptions } from "../../cli/check-defaults.ts";

/** What each buggy scenario must report (kinds of the failing diagnostics). */
const BUGS: Record<string, string> = {
  "deadlock-ssend": "deadlock",
  "send-first": "deadlock",
  "work-stealing-getput": "lost-update",
  "io-overlap": "file-conflict",
};
/** Needs another scenario's file first (run after io-rows-write on the same --io-dir). */
const NEEDS_FILES = new Set(["io-rows-read"]);

describe("built-in scenarios under check's defaults", () => {
  for (const s of SCENARIOS) {
    if (NEEDS_FILES.has(s.name)) continue;
    const bug = BUGS[s.name];
    it(`${s.name}: ${bug ? `reports ${bug}` : "clean"}`, async () => {
      const report = await explore(await load(`scenario:${s.name}`), { ...checkExploreOptions(), schedules: 12, all: true });
      const kinds = [...new Set(report.diagnostics.map((d) => d.kind))];
      if (bug) expect(kinds).toContain(bug);
      else expect(report.diagnostics.map((d) => `${d.kind}: ${d.message}`)).toEqual([]);
    });
  }
});
