/**
 * The TUI's components: pure functions of (snapshot, layout, selection). No state, no scheduler.
 */
import React from "react";
import { Box, Text } from "ink";
import { MAX_BYTES, type EventView, type LogLine, type MemoryView, type RankView, type Snapshot, type Touch } from "./snapshot.ts";
import { fit, type Layout } from "./layout.ts";

const STATUS_COLOUR: Record<string, string> = { running: "green", blocked: "yellow", done: "gray", failed: "red", aborted: "red", new: "cyan" };
const LOG_COLOUR: Record<LogLine["kind"], string | undefined> = {
  call: undefined, complete: "gray", message: "blue", rma: "magenta", epoch: "cyan", file: "yellow", output: "green", diagnostic: "red", other: "gray",
};

export function Header({ snap, width }: { snap: Snapshot; width: number }) {
  const d = snap.diagnostics.length;
  const name = snap.program.split("/").pop() ?? snap.program;
  const text = ` ${snap.status.toUpperCase()} · step ${snap.step} · ${snap.buffering} · ${d} diag${d === 1 ? "" : "s"} · ${snap.ranks} ranks · ${name} · mpisim tui`;
  return (
    <Text inverse bold color={d ? "red" : undefined}>
      {fit(text, width)}
    </Text>
  );
}

export function Title({ text, width }: { text: string; width: number }) {
  return (
    <Text bold underline>
      {fit(text, width)}
    </Text>
  );
}

/** "path/to/prog.ts:12:5" → "@12:5" (the columns are narrow; the file is the program's). */
function shortWhere(w: string | undefined): string {
  if (!w) return "";
  const m = /:(\d+):(\d+)$/.exec(w);
  return m ? `@${m[1]}:${m[2]}` : w;
}

export function RankColumn({ view, width, rows, focused }: { view: RankView; width: number; rows: number; focused: boolean }) {
  const w = width - 1;
  const lines: { text: string; colour?: string; dim?: boolean }[] = [];
  lines.push({ text: `${focused ? "▸" : " "}r${view.rank} ${view.status}`, colour: STATUS_COLOUR[view.status] });
  lines.push({ text: ` ${view.call ?? "—"}` });
  lines.push({ text: ` ${shortWhere(view.where)}`, dim: true });
  const extra = [...view.epochs.map((e) => ({ text: ` ◆ ${e}`, colour: "cyan" })), ...view.requests.map((r) => ({ text: ` ○ ${r}`, colour: "yellow" }))];
  if (view.output !== undefined) extra.push({ text: ` > ${view.output}`, colour: "green" });
  const room = rows - lines.length;
  if (extra.length > room) {
    lines.push(...extra.slice(0, Math.max(0, room - 1)));
    lines.push({ text: ` +${extra.length - Math.max(0, room - 1)} more (r)`, colour: "gray" });
  } else lines.push(...extra);
  while (lines.length < rows) lines.push({ text: "" });
  return (
    <Box flexDirection="column" width={width}>
      {lines.slice(0, rows).map((l, i) => (
        <Text key={i} color={l.colour} dimColor={l.dim} bold={i === 0 && focused}>
          {fit(l.text, w)}
        </Text>
      ))}
    </Box>
  );
}

export function RankColumns({ snap, lay, offset, focus }: { snap: Snapshot; lay: Layout; offset: number; focus: number | undefined }) {
  const shown = snap.rankViews.slice(offset, offset + lay.rankCols);
  const left = offset;
  const right = snap.ranks - offset - shown.length;
  const title = `Ranks ${offset}–${offset + shown.length - 1} of ${snap.ranks}${left || right ? `  (${left ? `◀ ${left} ` : ""}${right ? `${right} ▶` : ""}; ←/→ scroll, r lists all)` : ""}`;
  return (
    <Box flexDirection="column">
      <Title text={title} width={lay.width} />
      <Box flexDirection="row">
        {shown.map((v) => (
          <RankColumn key={v.rank} view={v} width={lay.rankColWidth} rows={lay.rankRows} focused={v.rank === focus} />
        ))}
      </Box>
    </Box>
  );
}

/** The event list's note: what is hidden above and below the window (it follows the selection), else the legend. */
function hiddenEvents(above: number, below: number): string {
  if (!above && !below) return "(* = default)";
  return `(${[above ? `↑${above}` : "", below ? `↓${below}` : ""].filter(Boolean).join(" ")} more)`;
}

export function EventList({ events, selected, rows, width }: { events: EventView[]; selected: number; rows: number; width: number }) {
  const start = Math.max(0, Math.min(selected - Math.floor(rows / 2), events.length - rows));
  const shown = events.slice(start, start + rows);
  const lines = shown.map((e, i) => {
    const idx = start + i;
    const mark = idx === selected ? "›" : " ";
    const text = `${mark}${e.isDefault ? "*" : " "}${e.label}`;
    return (
      <Text key={e.key} inverse={idx === selected} color={e.kind === "resume" ? undefined : e.kind === "deliver" ? "blue" : e.kind === "rma" ? "magenta" : "yellow"}>
        {fit(text, width - 1)}
      </Text>
    );
  });
  const empty = events.length === 0 ? [<Text key="none" dimColor>{fit(" (no enabled event: the run is over)", width - 1)}</Text>] : [];
  const pad = Array.from({ length: Math.max(0, rows - lines.length - empty.length) }, (_, i) => <Text key={`p${i}`}> </Text>);
  return (
    <Box flexDirection="column" width={width}>
      <Title text={`Enabled events ${events.length ? `${selected + 1}/${events.length}` : "0"} ${hiddenEvents(start, events.length - start - shown.length)}`} width={width - 1} />
      {lines}
      {empty}
      {pad}
    </Box>
  );
}

function inRanges(i: number, ranges: [number, number][]): boolean {
  for (const [a, b] of ranges) if (i >= a && i < b) return true;
  return false;
}

export function touchesOf(view: MemoryView, t: Touch | undefined): [number, number][] {
  if (!t || t.space !== view.space || t.name !== view.name) return [];
  if (view.space === "win" && t.rank !== view.rank) return [];
  return t.ranges;
}

/** One region's bytes, rows of hex with the selected event's bytes inverse and other pending ones yellow. */
function memoryLines(view: MemoryView, selected: Touch | undefined, pending: Touch[], perRow: number, width: number, at: number): React.ReactNode[] {
  const sel = touchesOf(view, selected);
  const other = pending.flatMap((t) => touchesOf(view, t));
  const out: React.ReactNode[] = [];
  const hasSel = sel.length > 0;
  out.push(
    <Text key={`${at}t`} color={hasSel ? "cyan" : undefined} bold={hasSel}>
      {fit(`${view.space === "win" ? "window" : "file"} ${view.title} (${view.size} B)${hasSel ? ` ← ${selected!.mode}` : ""}`, width - 1)}
    </Text>,
  );
  // A pending write past the end of a file grows it: show those bytes too, as "··".
  const reach = Math.min(MAX_BYTES, Math.max(view.bytes.length, ...[...sel, ...other].map(([, b]) => b)));
  for (let off = 0; off < reach; off += perRow) {
    const spans: { text: string; style: "sel" | "pend" | "none" }[] = [];
    for (let i = off; i < Math.min(off + perRow, reach); i++) {
      const style = inRanges(i, sel) ? "sel" : inRanges(i, other) ? "pend" : "none";
      const text = (i < view.bytes.length ? view.bytes[i].toString(16).padStart(2, "0") : "··") + " ";
      const last = spans[spans.length - 1];
      if (last && last.style === style) last.text += text;
      else spans.push({ text, style });
    }
    out.push(
      <Text key={`${at}:${off}`} wrap="truncate-end">
        <Text dimColor>{` ${off.toString(16).padStart(4, "0")} `}</Text>
        {spans.map((s, j) => (
          <Text key={j} inverse={s.style === "sel"} color={s.style === "pend" ? "yellow" : undefined} bold={s.style !== "none"}>
            {s.text}
          </Text>
        ))}
      </Text>,
    );
  }
  if (view.size > view.bytes.length) out.push(<Text key={`${at}more`} dimColor>{fit(`  … ${view.size - view.bytes.length} more bytes`, width - 1)}</Text>);
  return out;
}

export function MemoryMap({ snap, selected, rows, width, perRow }: { snap: Snapshot; selected: EventView | undefined; rows: number; width: number; perRow: number }) {
  const pending = snap.enabled.filter((e) => e.touches && e !== selected).map((e) => e.touches!);
  // The region the selected event touches comes first, then the others with pending bytes, then the rest.
  const rank = (v: MemoryView) => (touchesOf(v, selected?.touches).length ? 0 : pending.some((t) => touchesOf(v, t).length) ? 1 : 2);
  const views = [...snap.memory].sort((a, b) => rank(a) - rank(b));
  const lines = views.flatMap((v, i) => memoryLines(v, selected?.touches, pending, perRow, width, i));
  const shown = lines.slice(0, rows);
  const empty = snap.memory.length === 0 ? [<Text key="none" dimColor>{fit(" (no window memory or file yet)", width - 1)}</Text>] : [];
  const pad = Array.from({ length: Math.max(0, rows - shown.length - empty.length) }, (_, i) => <Text key={`p${i}`}> </Text>);
  return (
    <Box flexDirection="column" width={width}>
      <Title text={`Memory${lines.length > rows ? ` (${lines.length - rows} more lines; M shows all)` : ""}`} width={width - 1} />
      {shown}
      {empty}
      {pad}
    </Box>
  );
}

export function Log({ lines, rows, width }: { lines: LogLine[]; rows: number; width: number }) {
  const shown = lines.slice(-rows);
  const pad = Array.from({ length: Math.max(0, rows - shown.length) }, (_, i) => <Text key={`p${i}`}> </Text>);
  return (
    <Box flexDirection="column">
      <Title text={`Event log${lines.length > rows ? ` (${lines.length - rows} earlier lines; L reads them)` : ""}`} width={width} />
      {shown.map((l, i) => (
        <Text key={i} color={LOG_COLOUR[l.kind]}>
          {fit(`${String(l.step).padStart(5)} r${l.rank} ${l.text}`, width)}
        </Text>
      ))}
      {pad}
    </Box>
  );
}

/** The latest diagnostics, one line each; the title says how many are not shown and how to read them all. */
export function Diagnostics({ snap, rows, width }: { snap: Snapshot; rows: number; width: number }) {
  const d = snap.diagnostics;
  const shown = d.slice(-rows);
  const hidden = d.length - shown.length;
  const pad = Array.from({ length: Math.max(0, rows - shown.length) }, (_, i) => <Text key={`p${i}`}> </Text>);
  const title = d.length === 0 ? "Diagnostics (0)" : `Diagnostics (${d.length})${hidden ? ` · last ${shown.length} shown, ${hidden} more above` : ""} · d reads ${d.length === 1 ? "it" : "all"} in full`;
  return (
    <Box flexDirection="column">
      <Title text={title} width={width} />
      {d.length === 0 ? <Text dimColor>{fit(" none so far", width)}</Text> : null}
      {shown.map((x, i) => (
        <Text key={i} color="red">
          {fit(`${x.step !== undefined ? `@${x.step} ` : ""}${x.kind}: ${x.message}`, width)}
        </Text>
      ))}
      {pad.slice(d.length === 0 ? 1 : 0)}
    </Box>
  );
}

export function Footer({ message, width }: { message: string | undefined; width: number }) {
  const help = " ↑↓ pick ⏎ fire b back n next-diag e end m buf t token d diags s svg ? q";
  return message ? (
    <Text color="yellow" bold>
      {fit(` ${message}`, width)}
    </Text>
  ) : (
    <Text dimColor>{fit(help, width)}</Text>
  );
}
