import type { Diagnostic } from "../core/diagnostic.ts";
import { formatRange } from "../core/errors.ts";
import type { RunResult } from "../scheduler/run.ts";
import { replayHint } from "./argv.ts";

/** One diagnostic as readable text (stderr of run/check/replay); its replay hint names `file` and the program's arguments. */
export function formatDiagnostic(d: Diagnostic, file: string, programArgs: readonly string[] = []): string {
  const lines = [`${d.kind}${d.predicted ? " (predicted)" : ""}: ${d.message}`];
  for (const a of d.accesses ?? []) {
    const where = a.where ?? "";
    const on = a.window ?? a.file ?? a.comm;
    const range = a.bytes ? ` bytes ${formatRange(a.bytes[0], a.bytes[1])}` : "";
    lines.push(`    ${a.op} by rank ${a.rank}${on ? ` on ${on}` : ""}${range}${where ? `  at ${where}` : ""}`);
  }
  if (d.where && !(d.accesses ?? []).length) lines.push(`    at ${d.where}`);
  if (d.schedule) lines.push(`    replay: ${replayHint(file, d.schedule, programArgs)}`);
  return lines.join("\n");
}

/** The JSON form of `run --json` (SPEC §6). */
export function runJson(r: RunResult, files?: Record<string, string>): Record<string, unknown> {
  // Like `mpiexec --tag-output`, a rank that printed nothing has no entry.
  const outputs: Record<string, string[]> = {};
  r.outputs.forEach((lines, i) => {
    if (lines.length) outputs[String(i)] = lines;
  });
  return {
    outputs,
    diagnostics: r.diagnostics,
    schedule: r.schedule,
    status: r.status,
    files: files ?? {},
    ...(r.notes?.length ? { notes: r.notes } : {}),
  };
}

/** Output lines in the order the ranks printed them, optionally tagged "[r] ". */
export function orderedOutput(r: RunResult, tag: boolean): string[] {
  const out: string[] = [];
  if (r.trace.length) {
    for (const rec of r.trace) if (rec.t === "output") out.push(tag ? `[${rec.rank}] ${rec.text}` : rec.text);
    return out;
  }
  r.outputs.forEach((lines, rank) => lines.forEach((l) => out.push(tag ? `[${rank}] ${l}` : l)));
  return out;
}
