/**
 * The TUI container: holds the UI state (snapshot, selection, rank scroll, overlay, message),
 * turns keys into driver actions one at a time (keys typed while a replay runs wait their turn),
 * and renders the pure components of components.tsx.
 */
import React, { useEffect, useRef, useState } from "react";
import { Box, useApp, useInput, useStdout, type Key } from "ink";
import type { Buffering } from "../../core/world.ts";
import type { Snapshot } from "./snapshot.ts";
import { layout, rankWindow, type Size } from "./layout.ts";
import { Diagnostics, EventList, Footer, Header, Log, MemoryMap, RankColumns } from "./components.tsx";
import { OVERLAY_KEY, Overlay, overlayContent, overlayWindow, wrapLines, type OverlayKind, type OverlayState } from "./overlay.tsx";

/** What the UI can ask of the run (TuiDriver plus the SVG writer). */
export interface TuiActions {
  snapshot(): Snapshot;
  /** Index (canonical order) of the event the loaded path fires next. */
  suggested(): number;
  fire(index: number): Promise<void>;
  back(): Promise<void>;
  runToDiagnostic(): Promise<boolean>;
  runToEnd(): Promise<void>;
  toggleBuffering(): Promise<Buffering>;
  token(): string;
  /** Write the token to a file; returns the path written. */
  writeToken(token: string): string;
  /** Write the SVG of the run so far; returns the path written. */
  writeSvg(): string;
}

export interface AppProps {
  actions: TuiActions;
  /** Terminal size; by default the real terminal's, following resizes. */
  size?: Size;
  /** Called once on quit with the token of the path so far. */
  onExit?: (token: string) => void;
}


function useTerminalSize(fixed: Size | undefined): Size {
  const { stdout } = useStdout();
  const read = (): Size => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = useState<Size>(read);
  useEffect(() => {
    if (fixed) return;
    const on = () => setSize(read());
    stdout.on("resize", on);
    return () => {
      stdout.off("resize", on);
    };
  });
  return fixed ?? size;
}

export function App({ actions, size: fixedSize, onExit }: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize(fixedSize);
  // The UI state lives in refs that the key queue reads and writes in order; `version` re-renders.
  const st = useRef<{ snap: Snapshot; selected: number; offset: number; overlay: OverlayState | null; message: string | undefined; busy: boolean; follow: boolean } | null>(null);
  if (st.current === null) st.current = { snap: actions.snapshot(), selected: actions.suggested(), offset: 0, overlay: null, message: undefined, busy: false, follow: true };
  const [, setVersion] = useState(0);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const quitting = useRef(false);
  const s = st.current;
  const redraw = () => setVersion((v) => v + 1);

  // One line is left free: ink redraws in place only while the frame is shorter than the screen.
  const lay = layout({ columns: size.columns, rows: size.rows - 1 }, s.snap.ranks);
  const clampSel = (x: number) => Math.min(x, Math.max(0, s.snap.enabled.length - 1));
  const sel = s.snap.enabled[clampSel(s.selected)];
  const focus = sel?.rank;
  // The columns follow the selected event's rank, until the user scrolls them by hand.
  const off = rankWindow(s.offset, s.follow ? focus : undefined, lay.rankCols, s.snap.ranks);
  s.offset = off;

  /** Run an action of the driver, then show the new snapshot with the path's next event selected. */
  const act = async (label: string, work: () => Promise<string | undefined>) => {
    s.busy = true;
    s.message = `${label}…`;
    redraw();
    let msg: string | undefined;
    try {
      msg = await work();
    } catch (e) {
      msg = `error: ${e instanceof Error ? e.message : String(e)}`;
    }
    s.snap = actions.snapshot();
    s.selected = actions.suggested();
    s.follow = true;
    s.message = msg;
    s.busy = false;
    redraw();
  };

  // An overlay covers the event list, the memory map and the event log.
  const overlayRows = lay.eventRows + 1 + lay.logRows;
  const overlayLines = (o: OverlayState) => wrapLines(overlayContent(o, s.snap, sel).lines, lay.width - 2).length;
  const open = (kind: OverlayKind) => {
    // The log opens at its end (the latest lines), like the panel.
    s.overlay = { kind, scroll: kind === "log" ? Number.MAX_SAFE_INTEGER : 0, token: kind === "token" ? actions.token() : undefined };
    s.message = undefined;
  };

  /**
   * Keys an open overlay takes for itself: scrolling, `w` on the token, and closing (Esc, q, or
   * the key that opened it). Returns false for any other key, which closes the overlay and then
   * does what it does (closing must not swallow it).
   */
  const overlayKey = (o: OverlayState, input: string, key: Key): boolean => {
    const win = overlayWindow(overlayLines(o), overlayRows, o.scroll);
    const page = Math.max(1, win.body - 1);
    const to = (n: number) => (o.scroll = Math.max(0, Math.min(win.maxScroll, n)));
    if (key.upArrow || input === "k") to(win.top - 1);
    else if (key.downArrow || input === "j") to(win.top + 1);
    else if (key.pageUp) to(win.top - page);
    else if (key.pageDown) to(win.top + page);
    else if (key.home) to(0);
    else if (key.end) to(win.maxScroll);
    else if (input === "w" && o.kind === "token") {
      try {
        s.message = `wrote the token to ${actions.writeToken(o.token ?? actions.token())}`;
      } catch (e) {
        s.message = `error: ${e instanceof Error ? e.message : String(e)}`;
      }
    } else if (key.escape || input === "q" || input === OVERLAY_KEY[o.kind]) s.overlay = null;
    else return false;
    return true;
  };

  const handle = async (input: string, key: Key): Promise<void> => {
    if (quitting.current) return;
    if (s.overlay && !(key.ctrl && input === "c")) {
      if (overlayKey(s.overlay, input, key)) return redraw();
      s.overlay = null;
    }
    if ((key.ctrl && input === "c") || input === "q" || key.escape) {
      quitting.current = true;
      onExit?.(actions.token());
      exit();
      return;
    }
    const n = s.snap.enabled.length;
    const cur = clampSel(s.selected);
    if (key.upArrow || input === "k" || (key.tab && key.shift)) {
      s.selected = n ? (cur - 1 + n) % n : 0;
      s.message = undefined;
      s.follow = true;
    } else if (key.downArrow || input === "j" || key.tab) {
      s.selected = n ? (cur + 1) % n : 0;
      s.message = undefined;
      s.follow = true;
    } else if (key.leftArrow || input === "h") {
      s.offset = Math.max(0, s.offset - 1);
      s.follow = false;
    } else if (key.rightArrow || input === "l") {
      s.offset = Math.min(Math.max(0, s.snap.ranks - lay.rankCols), s.offset + 1);
      s.follow = false;
    } else if (key.return || input === " ") {
      if (!n) {
        s.message = "the run is over: nothing to fire (b steps back)";
      } else {
        const label = s.snap.enabled[cur].label;
        return act("firing", async () => {
          await actions.fire(cur);
          return `fired: ${label}`;
        });
      }
    } else if (input === "b" || key.backspace || key.delete) {
      return act("stepping back (replaying)", async () => {
        await actions.back();
        return undefined;
      });
    } else if (input === "n") {
      return act("running to the next diagnostic", async () => ((await actions.runToDiagnostic()) ? "stopped at a new diagnostic" : "no further diagnostic: the run ended"));
    } else if (input === "e") {
      return act("running to the end", async () => {
        await actions.runToEnd();
        return "the run ended";
      });
    } else if (input === "m") {
      return act("switching buffering (replaying)", async () => `buffering is now ${await actions.toggleBuffering()}`);
    } else if (input === "t") {
      open("token");
    } else if (input === "d") {
      open("diagnostics");
    } else if (input === "L") {
      open("log");
    } else if (input === "M") {
      open("memory");
    } else if (input === "r") {
      open("ranks");
    } else if (input === "s") {
      return act("writing SVG", async () => `wrote ${actions.writeSvg()}`);
    } else if (input === "?") {
      open("help");
    } else return redraw();
    redraw();
  };

  useInput((input, key) => {
    for (const [i, k] of splitKeys(input, key)) queue.current = queue.current.then(() => handle(i, k));
  });

  const content = s.overlay ? overlayContent(s.overlay, s.snap, sel) : undefined;
  const middle =
    s.overlay && content ? (
      <Overlay title={content.title} lines={content.lines} rows={overlayRows} width={lay.width} scroll={s.overlay.scroll} />
    ) : (
      <>
        <Box flexDirection="row">
          <EventList events={s.snap.enabled} selected={clampSel(s.selected)} rows={lay.eventRows} width={lay.eventWidth} />
          <MemoryMap snap={s.snap} selected={sel} rows={lay.eventRows} width={lay.memoryWidth} perRow={lay.bytesPerRow} />
        </Box>
        <Log lines={s.snap.log} rows={lay.logRows} width={lay.width} />
      </>
    );

  return (
    <Box flexDirection="column" width={lay.width}>
      <Header snap={s.snap} width={lay.width} />
      <RankColumns snap={s.snap} lay={lay} offset={off} focus={focus} />
      {middle}
      <Diagnostics snap={s.snap} rows={lay.diagRows} width={lay.width} />
      <Footer message={s.message} width={lay.width} />
    </Box>
  );
}

/**
 * Keys typed (or sent by tmux) faster than they are read arrive as one chunk ("bb\r"): split it
 * into single keys, giving Enter, Tab and Backspace their key flags. Escape sequences (arrows) are
 * left whole: ink has parsed those already.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  if (key.ctrl || key.meta || input.length <= 1 || input.includes("\u001b")) return [[input, key]];
  const none = Object.fromEntries(Object.keys(key).map((k) => [k, false])) as unknown as Key;
  return [...input].map((ch): [string, Key] => {
    if (ch === "\r" || ch === "\n") return ["", { ...none, return: true }];
    if (ch === "\t") return ["", { ...none, tab: true }];
    if (ch === "\u007f" || ch === "\b") return ["", { ...none, backspace: true }];
    return [ch, { ...none }];
  });
}
