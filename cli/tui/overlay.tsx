/**
 * The TUI's overlays (keys, schedule token, and in full: diagnostics, event log, byte maps,
 * ranks): their text, wrapped so nothing is cut, and the scrolled window of it that fits, with a
 * line saying how much is hidden.
 */
import React from "react";
import { Box, Text } from "ink";
import { MAX_BYTES, MAX_LOG, type EventView, type Snapshot } from "./snapshot.ts";
import { Title, touchesOf } from "./components.tsx";
import { fit } from "./layout.ts";
import { formatRange } from "../../core/errors.ts";

export type OverlayKind = "help" | "token" | "diagnostics" | "log" | "memory" | "ranks";

/** The key that opens (and closes) each overlay. */
export const OVERLAY_KEY: Record<OverlayKind, string> = { help: "?", token: "t", diagnostics: "d", log: "L", memory: "M", ranks: "r" };

export interface OverlayState {
  kind: OverlayKind;
  /** First line shown (clamped by overlayWindow). */
  scroll: number;
  /** The token as it was when the overlay opened. */
  token?: string;
}

/** Where the `w` key of the token overlay writes the token (in the current directory). */
import { TOKEN_FILE } from "../token-file.ts";

export { TOKEN_FILE };

export const HELP: [string, string][] = [
  ["↑/↓, k/j, Tab/Shift-Tab", "select an enabled event"],
  ["Enter, Space", "fire the selected event (one step)"],
  ["b, Backspace", "step back (replay to step n−1)"],
  ["n", "run to the next diagnostic"],
  ["e", "run to the end"],
  ["m", "toggle buffering eager/rendezvous (replays)"],
  ["t", "show the schedule token (w there: to a file)"],
  ["d", "read the diagnostics in full"],
  ["L", `read the event log (the latest ${MAX_LOG} lines)`],
  ["M", "show every window and file byte map"],
  ["r", "every rank in full (calls, epochs, requests)"],
  ["s", "write the space-time SVG"],
  ["←/→, h/l", "scroll the rank columns"],
  ["?", "this help"],
  ["q, Esc, Ctrl-C", "quit (prints the token)"],
  ["In an overlay:", ""],
  ["  ↑/↓, k/j, PgUp/PgDn", "scroll it (Home/End: top/bottom)"],
  ["  w", "token overlay: write the token to " + TOKEN_FILE],
  ["  Esc, q, or its own key", "close it"],
  ["  any other key", "close it and do what the key does"],
];

/** The title and the (unwrapped) lines of an overlay; `selected` is the selected enabled event. */
export function overlayContent(o: OverlayState, snap: Snapshot, selected?: EventView): { title: string; lines: string[] } {
  if (o.kind === "log") {
    const lines = snap.log.map((l) => `${String(l.step).padStart(5)} r${l.rank} ${l.text}`);
    return { title: `Event log (${lines.length} latest lines)`, lines: lines.length ? lines : ["nothing yet"] };
  }
  if (o.kind === "memory") return { title: "Memory: every window and file", lines: memoryText(snap, selected) };
  if (o.kind === "ranks") {
    const lines = snap.rankViews.flatMap((v, i) => [
      ...(i ? [""] : []),
      `r${v.rank} ${v.status}: ${v.call ?? "—"}${v.where ? ` at ${v.where}` : ""}`,
      ...v.epochs.map((e) => `  ◆ ${e}`),
      ...v.requests.map((r) => `  ○ ${r}`),
      ...(v.output !== undefined ? [`  > ${v.output}`] : []),
    ]);
    return { title: `Ranks: all ${snap.ranks} in full`, lines };
  }
  if (o.kind === "help") return { title: "Keys", lines: HELP.map(([k, v]) => (v ? `${k.padEnd(26)} ${v}` : k)) };
  if (o.kind === "token") {
    return {
      title: "Schedule token (replay FILE TOKEN / tui FILE --schedule TOKEN)",
      lines: [o.token ?? snap.token, "", `w writes it to ${TOKEN_FILE} in the current directory`],
    };
  }
  const d = snap.diagnostics;
  if (d.length === 0) return { title: "Diagnostics (0)", lines: ["none so far"] };
  const lines = d.flatMap((x, i) => [...(i ? [""] : []), `#${i + 1}${x.step !== undefined ? ` @ step ${x.step}` : ""}`, ...x.text.split("\n")]);
  return { title: `Diagnostics (${d.length}) in full`, lines };
}

/** Every region's bytes as hex rows, with the byte ranges the selected and the other pending events will touch. */
function memoryText(snap: Snapshot, selected: EventView | undefined): string[] {
  if (snap.memory.length === 0) return ["no window memory or file yet"];
  const pending = snap.enabled.filter((e) => e.touches && e !== selected);
  return snap.memory.flatMap((v, i) => {
    const sel = touchesOf(v, selected?.touches);
    const other = pending.flatMap((e) => touchesOf(v, e.touches));
    const ranges = (rs: [number, number][]) => rs.map(([a, b]) => formatRange(a, b)).join(" ");
    const out = [...(i ? [""] : []), `${v.space === "win" ? "window" : "file"} ${v.title} (${v.size} B)`];
    if (sel.length) out.push(`  the selected event (${selected!.touches!.mode}) touches bytes ${ranges(sel)}`);
    if (other.length) out.push(`  other pending events touch bytes ${ranges(other)}`);
    for (let off = 0; off < v.bytes.length; off += 16) {
      out.push(`  ${off.toString(16).padStart(4, "0")}  ${v.bytes.slice(off, off + 16).map((b) => b.toString(16).padStart(2, "0")).join(" ")}`);
    }
    if (v.size > v.bytes.length) out.push(`  … ${v.size - v.bytes.length} more bytes (the first ${MAX_BYTES} are shown)`);
    return out;
  });
}

/**
 * Wrap lines to `width` columns at spaces, cutting a word only when it is longer than a line
 * (a schedule token), so that every character stays: joining a wrapped token's lines gives it back.
 * Continuation lines keep the line's indent.
 */
export function wrapLines(lines: string[], width: number): string[] {
  const w = Math.max(2, width);
  return lines.flatMap((line) => {
    if (line.length <= w) return [line];
    const indent = /^\s*/.exec(line)![0].slice(0, Math.floor(w / 2));
    const out: string[] = [];
    let rest = line;
    let lead = "";
    while (lead.length + rest.length > w) {
      const room = w - lead.length;
      // The last space that ends a line here; none (one long word): cut the word.
      const cut = rest.lastIndexOf(" ", room);
      const at = cut > 0 && rest.slice(0, cut).trim() ? cut : room;
      out.push(lead + rest.slice(0, at));
      rest = at === cut ? rest.slice(at + 1) : rest.slice(at);
      lead = indent;
    }
    out.push(lead + rest);
    return out;
  });
}

/** The part of `total` lines an overlay of `rows` rows shows from `scroll` on. */
export function overlayWindow(total: number, rows: number, scroll: number): { top: number; body: number; above: number; below: number; maxScroll: number } {
  if (total <= rows) return { top: 0, body: total, above: 0, below: 0, maxScroll: 0 };
  // One row is kept for the line that says what is hidden.
  const body = Math.max(1, rows - 1);
  const maxScroll = total - body;
  const top = Math.max(0, Math.min(scroll, maxScroll));
  return { top, body, above: top, below: total - top - body, maxScroll };
}

/** What is hidden above and below, and how to get there. */
export function hiddenMarker(above: number, below: number): string {
  const parts: string[] = [];
  if (above) parts.push(`↑ ${above} above`);
  parts.push(below ? `… ${below} more, ↓ to scroll` : "(end)");
  return parts.join(" · ");
}

export function Overlay({ title, lines, rows, width, scroll }: { title: string; lines: string[]; rows: number; width: number; scroll: number }) {
  const wrapped = wrapLines(lines, width - 2);
  const win = overlayWindow(wrapped.length, rows, scroll);
  const shown = wrapped.slice(win.top, win.top + win.body);
  const marker = win.above || win.below ? [<Text key="more" color="yellow">{fit(` ${hiddenMarker(win.above, win.below)}`, width)}</Text>] : [];
  const pad = Array.from({ length: Math.max(0, rows - shown.length - marker.length) }, (_, i) => <Text key={`p${i}`}> </Text>);
  return (
    <Box flexDirection="column">
      <Title text={`${title} (Esc closes)`} width={width} />
      {shown.map((l, i) => (
        <Text key={i} color="cyan">
          {fit(` ${l}`, width)}
        </Text>
      ))}
      {pad}
      {marker}
    </Box>
  );
}
