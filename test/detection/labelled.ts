/**
 * The labelled detection suite (issue 12): small programs under cases/<class>/<name>.ts whose
 * first line says what `mpisim check` must report under its default options — `// expect: clean`
 * or `// expect: <kind>[, <kind>…]`, the exact set of failing diagnostic kinds. Labels are
 * written before a case is first run; the suite scores mpisim against them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { explore, load } from "../../index.ts";
import { checkExploreOptions } from "../../cli/check-defaults.ts";

export const CASES = join(import.meta.dirname, "cases");

export interface Case {
  cls: string;
  name: string;
  file: string;
  expect: string[];
}

export interface Outcome extends Case {
  got: string[];
  verdict: "ok" | "false-positive" | "false-negative" | "wrong-kind";
}

/** Every case of the given classes (all classes when none given), in a stable order. */
export function cases(classes?: readonly string[]): Case[] {
  const out: Case[] = [];
  for (const cls of readdirSync(CASES).sort()) {
    if (classes && !classes.includes(cls)) continue;
    for (const f of readdirSync(join(CASES, cls)).filter((x) => x.endsWith(".ts")).sort()) {
      const file = join(CASES, cls, f);
      const first = readFileSync(file, "utf8").split("\n", 1)[0];
      const m = /^\/\/\s*expect:\s*(.+?)\s*$/.exec(first);
      if (!m) throw new Error(`${file}: the first line must be "// expect: clean" or "// expect: <kind>[, <kind>…]"`);
      const expect = m[1] === "clean" ? [] : m[1].split(",").map((k) => k.trim()).sort();
      out.push({ cls, name: f.replace(/\.ts$/, ""), file, expect });
    }
  }
  return out;
}

/** Check one case as `mpisim check <file>` would (same defaults), and judge it against its label. */
export async function judge(c: Case): Promise<Outcome> {
  const report = await explore(await load(c.file), checkExploreOptions());
  const kinds = new Set<string>();
  for (const f of report.failures) {
    // A note (an immaterial wildcard order, say) does not fail `check`, so it is not a finding.
    for (const d of f.diagnostics) if ((d as { severity?: string }).severity !== "note") kinds.add(d.kind);
  }
  const got = [...kinds].sort();
  const same = got.length === c.expect.length && got.every((k, i) => k === c.expect[i]);
  const verdict = same ? "ok" : c.expect.length === 0 ? "false-positive" : got.length === 0 ? "false-negative" : "wrong-kind";
  return { ...c, got, verdict };
}

/** Per class: erroneous/correct cases right, and the misses by type; plus the wrong cases. */
export function confusion(outcomes: readonly Outcome[]): string {
  const rows = new Map<string, { tp: number; tn: number; fp: number; fn: number; wk: number }>();
  for (const o of outcomes) {
    let r = rows.get(o.cls);
    if (!r) rows.set(o.cls, (r = { tp: 0, tn: 0, fp: 0, fn: 0, wk: 0 }));
    if (o.verdict === "ok") o.expect.length ? r.tp++ : r.tn++;
    else if (o.verdict === "false-positive") r.fp++;
    else if (o.verdict === "false-negative") r.fn++;
    else r.wk++;
  }
  const lines = ["class                 errors-right  clean-right  false-pos  false-neg  wrong-kind  accuracy"];
  for (const [cls, r] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    const n = r.tp + r.tn + r.fp + r.fn + r.wk;
    lines.push(
      `${cls.padEnd(22)}${String(r.tp).padStart(12)}${String(r.tn).padStart(13)}${String(r.fp).padStart(11)}${String(r.fn).padStart(11)}${String(r.wk).padStart(12)}${(((r.tp + r.tn) / n) * 100).toFixed(1).padStart(9)}%`,
    );
  }
  return lines.join("\n");
}

export function wrong(outcomes: readonly Outcome[]): string {
  return outcomes
    .filter((o) => o.verdict !== "ok")
    .map((o) => `  ${o.cls}/${o.name}: expected ${o.expect.join(", ") || "clean"}, got ${o.got.join(", ") || "clean"} (${o.verdict})`)
    .join("\n");
}

/** How many test files share the cases (suite.test.ts is shard 0; suite-N.test.ts shard N). */
export const SHARDS = 4;

/**
 * Judge share `shard` of every case (round-robin over the stable case order, so each class is
 * spread over the shards), print its confusion matrix, and assert ≥ 97 % right. Every share at
 * 97 % makes the whole suite 97 %; vitest runs the shard files in parallel workers.
 */
export async function runShard(shard: number): Promise<void> {
  const mine = cases().filter((_, i) => i % SHARDS === shard);
  expect(mine.length).toBeGreaterThan(0);
  const outcomes: Outcome[] = [];
  for (const c of mine) outcomes.push(await judge(c));
  const right = outcomes.filter((o) => o.verdict === "ok").length;
  const acc = right / outcomes.length;
  process.stdout.write(`\nshard ${shard + 1}/${SHARDS}\n${confusion(outcomes)}\nright ${right}/${outcomes.length} = ${(acc * 100).toFixed(1)} %\n${wrong(outcomes)}\n`);
  expect(acc, `accuracy ${(acc * 100).toFixed(1)} % < 97 %; wrong cases:\n${wrong(outcomes)}`).toBeGreaterThanOrEqual(0.97);
}
