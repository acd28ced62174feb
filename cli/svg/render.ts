import { el, esc, fmt, title } from "./xml.ts";
import type { SpaceTime } from "./model.ts";

export interface SvgOptions {
  /** Heading line (program, ranks, status). */
  heading?: string;
  /** Schedule token, printed under the heading. */
  schedule?: string;
  /** Widest the time axis may grow before columns narrow (px). */
  maxWidth?: number;
}

const OP_COLOUR: Record<string, string> = {
  Put: "#1f6fd1", Rput: "#1f6fd1", Get: "#1a9850", Rget: "#1a9850",
  Accumulate: "#8e44ad", Raccumulate: "#8e44ad", Get_accumulate: "#8e44ad", Rget_accumulate: "#8e44ad",
  Fetch_and_op: "#8e44ad", Compare_and_swap: "#c0392b",
};
const BAND_FILL: Record<string, string> = { fence: "#dbe9f9", lock: "#fdf1c7", lock_all: "#fde3c7", access: "#e3f4e1", exposure: "#f2e1f4" };

/**
 * Draw the space-time model: one lane per rank (time runs right, in scheduler steps), calls as
 * boxes, messages and RMA operations as arrows, epochs and locks as bands behind the boxes,
 * collectives as vertical joins, diagnostics as numbered red rings on both accesses. Lanes shrink
 * with the rank count (46 px at 2 ranks, 12 px at 64) and columns with the step count; every
 * element has a <title> tooltip, so a large picture stays readable by hovering and scrolling.
 */
export function renderModel(m: SpaceTime, opts: SvgOptions = {}): string {
  const steps = Math.max(1, m.maxStep - m.minStep + 1);
  const laneH = m.ranks <= 8 ? 46 : m.ranks <= 16 ? 32 : m.ranks <= 32 ? 20 : 12;
  const font = laneH >= 30 ? 12 : laneH >= 20 ? 10 : 8;
  const LEFT = 64;
  const shownDiags = m.diagnostics.slice(0, 8);
  const TOP = 46 + shownDiags.length * 15 + (m.diagnostics.length > shownDiags.length ? 15 : 0);
  // Wide enough for the heading and the diagnostics list even when the run is short.
  const textW = Math.min(1300, Math.max(40, ...shownDiags.map((d) => Math.min(180, d.message.length + d.kind.length + 6))) * 7.3);
  // Columns: 18 px a step, stretched to the heading's width for short runs, squeezed to maxWidth for long ones.
  const axis = Math.min(opts.maxWidth ?? 2400, Math.max(steps * 18, Math.max(textW, 600) - LEFT - 24));
  const colW = Math.max(3, Math.min(120, Math.floor(axis / steps)));
  const width = Math.max(LEFT + steps * colW + 24, textW + 16, 480);
  const height = TOP + m.ranks * laneH + 28;
  const x = (step: number) => LEFT + (step - m.minStep + 0.5) * colW;
  const laneTop = (r: number) => TOP + r * laneH;
  const y = (r: number) => laneTop(r) + laneH / 2;
  const boxH = Math.max(6, laneH * 0.5);
  const out: string[] = [];

  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg"${attrsOf({ width, height, viewBox: `0 0 ${fmt(width)} ${fmt(height)}`, "font-family": "ui-monospace, Menlo, Consolas, monospace", "font-size": font })}>`);
  out.push(
    `<defs>${["#333", "#1f6fd1", "#1a9850", "#8e44ad", "#c0392b", "#999"].map((c, i) => `<marker id="ah${i}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`).join("")}</defs>`,
  );
  const arrowHead = (c: string) => `url(#ah${Math.max(0, ["#333", "#1f6fd1", "#1a9850", "#8e44ad", "#c0392b", "#999"].indexOf(c))})`;
  out.push(el("rect", { x: 0, y: 0, width, height, fill: "#ffffff" }));

  // Heading and the list of diagnostics.
  out.push(el("text", { x: 8, y: 18, "font-size": 14, "font-weight": "bold" }, esc(opts.heading ?? "mpisim space-time diagram")));
  if (opts.schedule) out.push(el("text", { x: 8, y: 34, fill: "#555" }, esc(`schedule ${opts.schedule}`)));
  shownDiags.forEach((d, i) => {
    const text = `${d.index + 1}. ${d.kind}: ${d.message}`;
    out.push(el("text", { x: 8, y: 50 + i * 15, fill: "#b00020", class: "diagnostic" }, esc(text.length > 180 ? `${text.slice(0, 177)}...` : text)));
  });
  if (m.diagnostics.length > shownDiags.length) out.push(el("text", { x: 8, y: 50 + shownDiags.length * 15, fill: "#b00020" }, esc(`… and ${m.diagnostics.length - shownDiags.length} more`)));

  // Lanes.
  const lanes: string[] = [];
  for (let r = 0; r < m.ranks; r++) {
    lanes.push(el("rect", { x: LEFT, y: laneTop(r), width: steps * colW, height: laneH, fill: r % 2 ? "#f7f7f7" : "#ffffff" }));
    lanes.push(el("line", { x1: LEFT, x2: LEFT + steps * colW, y1: y(r), y2: y(r), stroke: "#ddd" }));
    lanes.push(el("text", { x: LEFT - 6, y: y(r) + font / 3, "text-anchor": "end" }, esc(`rank ${r}`)));
  }
  out.push(`<g class="lanes">${lanes.join("")}</g>`);

  // Bands behind everything else.
  const bands = m.bands.map((b) => {
    const to = b.to ?? m.maxStep;
    return el("rect", { class: `band band-${b.kind}`, x: x(b.from) - colW / 2, y: laneTop(b.rank) + 1, width: Math.max(colW, x(to) - x(b.from) + colW), height: laneH - 2, fill: BAND_FILL[b.kind], stroke: b.exclusive ? "#d68910" : "none", "stroke-width": b.exclusive ? 1 : undefined }, title(`${b.label}: steps ${b.from}–${b.to ?? "end"}`));
  });
  out.push(`<g class="bands">${bands.join("")}</g>`);

  // Collective joins.
  const joins = m.joins.map((j) => {
    const lo = Math.min(...j.members);
    const hi = Math.max(...j.members);
    return el("line", { class: "join", x1: x(j.step), x2: x(j.step), y1: y(lo), y2: y(hi), stroke: "#aaa", "stroke-width": 2, "stroke-dasharray": "2 2" }, title(`${j.label} (ranks ${j.members.join(", ")}), step ${j.step}`));
  });
  out.push(`<g class="joins">${joins.join("")}</g>`);

  // Calls.
  const calls = m.calls.map((c) => {
    const pending = c.blocking && c.to === undefined;
    const to = c.to ?? m.maxStep;
    const x0 = x(c.from) - colW * 0.4;
    const w = Math.max(colW * 0.8, x(to) - x(c.from) + colW * 0.8);
    const where = c.loc ? ` at ${c.loc.file}:${c.loc.line}:${c.loc.column}` : "";
    const tip = `rank ${c.rank} ${c.call}${c.args ? ` (${c.args})` : ""}${where}: step ${c.from}${c.blocking ? `–${c.to ?? "never returned"}` : ""}${c.error ? ` error: ${c.error}` : ""}`;
    const box = el("rect", {
      class: pending ? "call pending" : "call",
      x: x0, y: y(c.rank) - boxH / 2, width: w, height: boxH, rx: 2,
      fill: c.error ? "#f8d7da" : c.blocking ? "#e8eef7" : "#ffffff", stroke: pending ? "#b00020" : "#4a5a70", "stroke-width": pending ? 1.5 : 0.8,
      "stroke-dasharray": pending ? "3 2" : undefined,
    });
    const label = c.call.length * font * 0.62 < w - 4 ? el("text", { x: x0 + 2, y: y(c.rank) + font / 3, "font-size": font - 1, fill: "#223" }, esc(c.call)) : "";
    return `<g>${title(tip)}${box}${label}</g>`;
  });
  out.push(`<g class="calls">${calls.join("")}</g>`);

  // Marks (loads/stores on watched memory, RMA issue points, file operations).
  const marks = m.marks.map((k) => {
    const colour = k.kind === "store" ? "#d35400" : k.kind === "load" ? "#16a085" : k.kind === "file" ? "#7f8c8d" : "#34495e";
    const where = k.loc ? ` at ${k.loc.file}:${k.loc.line}:${k.loc.column}` : "";
    return el("circle", { class: `mark mark-${k.kind}`, cx: x(k.step), cy: y(k.rank) + boxH / 2, r: Math.max(1.5, Math.min(3, colW / 3)), fill: colour }, title(`rank ${k.rank} ${k.label}${where}, step ${k.step}`));
  });
  out.push(`<g class="marks">${marks.join("")}</g>`);

  // Arrows.
  const arrows = m.arrows.map((a) => {
    const colour = a.kind === "message" ? "#333" : a.kind === "rma-done" ? "#999" : OP_COLOUR[a.op ?? ""] ?? "#1f6fd1";
    const dy = a.to.rank === a.from.rank ? 0 : a.to.rank > a.from.rank ? -boxH / 2 : boxH / 2;
    return el("line", {
      class: `arrow arrow-${a.kind}`,
      x1: x(a.from.step), y1: y(a.from.rank), x2: x(a.to.step), y2: y(a.to.rank) + dy,
      stroke: colour, "stroke-width": a.kind === "rma-done" ? 0.8 : 1.2, "stroke-dasharray": a.kind === "rma-done" ? "3 2" : undefined,
      "marker-end": arrowHead(colour),
    }, title(`${a.label}: rank ${a.from.rank} step ${a.from.step} → rank ${a.to.rank} step ${a.to.step}`));
  });
  out.push(`<g class="arrows">${arrows.join("")}</g>`);

  // Diagnostics on top: a red ring on each access, a dashed link between the two sides.
  const diag: string[] = [];
  for (const d of m.diagnostics) {
    const pins = d.pins;
    for (let i = 1; i < pins.length; i++) {
      diag.push(el("line", { class: "diag-link", x1: x(pins[i - 1].step), y1: y(pins[i - 1].rank), x2: x(pins[i].step), y2: y(pins[i].rank), stroke: "#e00034", "stroke-width": 2, "stroke-dasharray": "5 3" }, title(`${d.kind}: ${d.message}`)));
    }
    for (const p of pins) {
      diag.push(
        `<g class="diag-access" data-diagnostic="${d.index + 1}" data-rank="${p.rank}" data-step="${p.step}">${title(`${d.index + 1}. ${d.kind}: ${p.label}`)}` +
          el("circle", { cx: x(p.step), cy: y(p.rank), r: Math.max(5, laneH * 0.38), fill: "none", stroke: "#e00034", "stroke-width": 2.5 }) +
          el("text", { x: x(p.step) + Math.max(5, laneH * 0.38) + 1, y: y(p.rank) - laneH * 0.2, fill: "#e00034", "font-weight": "bold", "font-size": font }, String(d.index + 1)) +
          "</g>",
      );
    }
  }
  out.push(`<g class="diagnostics">${diag.join("")}</g>`);

  // Time axis.
  const ticks: string[] = [];
  const every = Math.max(1, Math.ceil(60 / colW));
  for (let s = m.minStep; s <= m.maxStep; s += every) {
    ticks.push(el("text", { x: x(s), y: TOP + m.ranks * laneH + 14, "text-anchor": "middle", fill: "#777", "font-size": 9 }, String(s)));
  }
  ticks.push(el("text", { x: LEFT, y: TOP + m.ranks * laneH + 26, fill: "#777", "font-size": 9 }, "scheduler step →"));
  out.push(`<g class="axis">${ticks.join("")}</g>`);
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function attrsOf(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? fmt(v) : esc(v)}"`)
    .join("");
}
