import { describe, expect, it } from "vitest";
import { cases, confusion, judge, wrong, type Outcome } from "./labelled.ts";

/**
 * Issue 12's measure: `mpisim check` (its default options, cli/check-defaults.ts) must get at
 * least 97 % of the labelled programs right. The confusion matrix per class is printed.
 */
describe("labelled detection suite", () => {
  it("mpisim check gets ≥ 97 % of the labelled cases right", async () => {
    const all = cases();
    expect(all.length).toBeGreaterThan(0);
    const outcomes: Outcome[] = [];
    for (const c of all) outcomes.push(await judge(c));
    const right = outcomes.filter((o) => o.verdict === "ok").length;
    const acc = right / outcomes.length;
    process.stdout.write(`\n${confusion(outcomes)}\noverall ${right}/${outcomes.length} = ${(acc * 100).toFixed(1)} %\n${wrong(outcomes)}\n`);
    expect(acc, `accuracy ${(acc * 100).toFixed(1)} % < 97 %; wrong cases:\n${wrong(outcomes)}`).toBeGreaterThanOrEqual(0.97);
  }, 600_000);
});
