/**
 * Shared by the RMARaceBench conformance test and the extra race fixtures: a case's label, the
 * lines of its `// CONFLICT` statements, and whether a set of diagnostics classifies it rightly.
 */
import { readFileSync } from "node:fs";
import type { Diagnostic } from "../../core/diagnostic.ts";

export interface RaceLabel {
  race: boolean;
  /** RMARaceBench's RACE_PAIR as operation names ("Get", "LOAD", …) */
  pair: string[];
  scope?: string;
}

/** Lines (1-based) of the statements that follow each `// CONFLICT` comment. */
export function conflictLines(file: string): number[] {
  const src = readFileSync(file, "utf8").split("\n");
  const out: number[] = [];
  src.forEach((line, i) => {
    if (!line.includes("// CONFLICT")) return;
    let j = i + 1;
    while (j < src.length && src[j].trim().startsWith("//")) j++;
    out.push(j + 1);
  });
  return out;
}

export type Verdict = "TP" | "TN" | "FP" | "FN";

/**
 * "yes": an rma-race or lost-update whose two accesses (for a lost update: the read and the
 * write-back, its first two) are the labelled operations at the CONFLICT lines. "no": nothing
 * at all.
 */
export function classify(label: RaceLabel, lines: number[], ds: readonly Diagnostic[]): { verdict: Verdict; why: string } {
  if (!label.race) {
    return ds.length === 0 ? { verdict: "TN", why: "" } : { verdict: "FP", why: ds.map(describe).join("; ") };
  }
  const want = [...label.pair].sort().join(",");
  const wantLines = [...lines].sort((a, b) => a - b).join(",");
  const hit = ds.find((d) => {
    if (d.kind !== "rma-race" && d.kind !== "lost-update") return false;
    const two = (d.accesses ?? []).slice(0, 2);
    const ops = two.map((a) => a.op).sort().join(",");
    const ls = two.map((a) => a.loc?.line ?? -1).sort((a, b) => a - b).join(",");
    return ops === want && (lines.length === 0 || ls === wantLines);
  });
  return hit ? { verdict: "TP", why: "" } : { verdict: "FN", why: ds.length ? ds.map(describe).join("; ") : "no diagnostic" };
}

export function describe(d: Diagnostic): string {
  return `${d.kind}[${(d.accesses ?? []).map((a) => `${a.op}@r${a.rank}:${a.loc?.line ?? "?"}`).join(" ")}]`;
}

/** The TP/TN/FP/FN table as text. */
export function table(rows: { name: string; verdict: Verdict; why: string }[]): string {
  const count = (v: Verdict) => rows.filter((r) => r.verdict === v).length;
  const lines = rows.map((r) => `${r.verdict}  ${r.name}${r.why ? `   (${r.why})` : ""}`);
  lines.push(`TP ${count("TP")}  TN ${count("TN")}  FP ${count("FP")}  FN ${count("FN")}  of ${rows.length}`);
  return lines.join("\n");
}
