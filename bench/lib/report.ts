/**
 * The shape of the bench's output: sections (one per workload), each with rows that put a figure
 * next to its reference and their ratio. `--json` prints a BenchReport as one object; the text
 * form is a table per section.
 */

export interface Quantity {
  label: string;
  value: number;
  unit: string;
}

export interface Target {
  /** The target as written in the issue, e.g. "≤ 5× the floor". */
  text: string;
  holds: boolean;
}

export interface Row {
  /** Stable id, e.g. "calls.ring.off". */
  id: string;
  figure: Quantity;
  reference?: Quantity;
  /**
   * figure ÷ reference in the direction that reads naturally for the row, stated by ratioMeaning
   * (e.g. "× slower than the floor per call").
   */
  ratio?: number;
  ratioMeaning?: string;
  target?: Target;
  /** Anything else worth keeping (sample spread, step counts, memory). */
  extra?: Record<string, number | string | boolean | null>;
}

export interface Section {
  id: string;
  title: string;
  status: "ok" | "skipped" | "error";
  /** Why it was skipped, or the error. */
  message?: string;
  rows: Row[];
  /** What was run, in a sentence (workload sizes). */
  setup?: string;
  ms?: number;
}

export interface BenchReport {
  mpisimBench: 1;
  mode: "full" | "quick";
  machine: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    cpuModel: string;
    totalMemMB: number;
    /** 1-minute load average at the start and end: other work on the machine moves absolute figures (ratios less). */
    loadAvgStart: number;
    loadAvgEnd: number;
  };
  startedAt: string;
  ms: number;
  sections: Section[];
  targets: { id: string; text: string; holds: boolean }[];
}

export function skipped(id: string, title: string, message: string): Section {
  return { id, title, status: "skipped", message, rows: [] };
}

// ---------------------------------------------------------------------------------------------
// text output

export function fmtNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e4) return String(x);
  if (a >= 1e9) return (x / 1e9).toFixed(2) + "G";
  if (a >= 1e6) return (x / 1e6).toFixed(2) + "M";
  if (a >= 1e4) return (x / 1e3).toFixed(1) + "k";
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

function q(x: Quantity | undefined): string {
  return x ? `${fmtNumber(x.value)} ${x.unit}` : "";
}

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
}

export function formatReport(rep: BenchReport): string {
  const out: string[] = [];
  const m = rep.machine;
  out.push(`mpisim bench (${rep.mode}) — node ${m.node}, ${m.cpus} × ${m.cpuModel}, load ${m.loadAvgStart.toFixed(1)} → ${m.loadAvgEnd.toFixed(1)}, ${rep.startedAt}`);
  for (const s of rep.sections) {
    out.push("");
    out.push(`## ${s.title}${s.ms !== undefined ? `  (${(s.ms / 1000).toFixed(1)} s)` : ""}`);
    if (s.setup) out.push(s.setup);
    if (s.status !== "ok") out.push(`${s.status}: ${s.message ?? ""}`);
    else if (s.message) out.push(`note: ${s.message}`);
    if (!s.rows.length) continue;
    const rows: string[][] = [["workload", "figure", "reference", "ratio", "target"]];
    for (const r of s.rows) {
      rows.push([
        r.figure.label,
        q(r.figure),
        r.reference ? `${q(r.reference)} (${r.reference.label})` : "",
        r.ratio !== undefined ? `${fmtNumber(r.ratio)}${r.ratioMeaning ? " " + r.ratioMeaning : ""}` : "",
        r.target ? `${r.target.holds ? "ok" : "MISSED"} ${r.target.text}` : "",
      ]);
    }
    out.push(...table(rows).map((l) => "  " + l));
  }
  out.push("");
  const t = rep.targets;
  out.push(`targets: ${t.filter((x) => x.holds).length}/${t.length} hold${t.some((x) => !x.holds) ? " — missed: " + t.filter((x) => !x.holds).map((x) => x.id).join(", ") : ""}`);
  out.push(`total ${(rep.ms / 1000).toFixed(1)} s`);
  return out.join("\n");
}
