/**
 * Space-time pictures of a run (SPEC §8): `renderSvg(result)` gives the SVG text, `writeSvg(result,
 * path)` writes it. Built from the trace records alone, so any finished run (run, replay, check's
 * first failure) or a TUI session's trace so far can be drawn.
 */
import { writeFileSync } from "node:fs";
import type { Diagnostic } from "../../core/diagnostic.ts";
import type { TraceRecord } from "../../core/trace.ts";
import { buildModel } from "./model.ts";
import { renderModel, type SvgOptions } from "./render.ts";

export { buildModel, type SpaceTime } from "./model.ts";
export type { SvgOptions } from "./render.ts";

/** What the picture needs of a run: a RunResult fits, and so does a TUI session's state so far. */
export interface SvgInput {
  ranks: number;
  trace: readonly TraceRecord[];
  diagnostics: readonly Diagnostic[];
  program?: string;
  schedule?: string;
  status?: string;
}

export function renderSvg(result: SvgInput, opts: SvgOptions = {}): string {
  const model = buildModel(result.ranks, result.trace, result.diagnostics);
  const heading = opts.heading ?? `${result.program ?? "mpisim"} — ${result.ranks} ranks${result.status ? `, ${result.status}` : ""}, ${result.diagnostics.length} diagnostic(s)`;
  return renderModel(model, { ...opts, heading, schedule: opts.schedule ?? result.schedule });
}

export function writeSvg(result: SvgInput, path: string, opts: SvgOptions = {}): void {
  writeFileSync(path, renderSvg(result, opts));
}
