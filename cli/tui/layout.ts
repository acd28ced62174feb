/**
 * Pure layout arithmetic for the TUI: how many rows each panel gets and which ranks are shown in
 * columns, for a terminal of a given size. Everything fits 80×24; larger terminals give the rank
 * columns, the event list, the memory map and the log more room.
 */
export interface Size {
  columns: number;
  rows: number;
}

export interface Layout {
  width: number;
  /** Rows of each panel, excluding its title line. */
  rankRows: number;
  eventRows: number;
  logRows: number;
  diagRows: number;
  /** Columns of the left (events) and right (memory) halves of the middle band. */
  eventWidth: number;
  memoryWidth: number;
  /** Rank columns: how many fit, and each one's width. */
  rankCols: number;
  rankColWidth: number;
  /** Bytes per memory row. */
  bytesPerRow: number;
}

export const MIN_RANK_COL = 18;

export function layout(size: Size, ranks: number): Layout {
  const width = Math.max(60, size.columns);
  const rows = Math.max(20, size.rows);
  // Fixed lines: header, rank title, middle title, log title, diagnostics title, footer.
  const fixed = 6;
  const free = rows - fixed;
  const rankRows = Math.max(4, Math.min(8, Math.floor(free * 0.28)));
  const diagRows = Math.max(1, Math.min(4, Math.floor(free * 0.1)));
  const rest = free - rankRows - diagRows;
  const eventRows = Math.max(4, Math.floor(rest * 0.58));
  const logRows = Math.max(2, rest - eventRows);
  const rankCols = Math.max(1, Math.min(ranks, Math.floor(width / MIN_RANK_COL)));
  const rankColWidth = Math.floor(width / rankCols);
  const eventWidth = Math.floor(width * 0.5);
  const memoryWidth = width - eventWidth;
  // "  0000 " prefix, then "xx " per byte.
  const bytesPerRow = Math.max(4, Math.min(32, 2 ** Math.floor(Math.log2(Math.max(4, (memoryWidth - 8) / 3)))));
  return { width, rankRows, eventRows, logRows, diagRows, eventWidth, memoryWidth, rankCols, rankColWidth, bytesPerRow };
}

/** The first rank column to show so that `focus` is visible, keeping `offset` when it already is. */
export function rankWindow(offset: number, focus: number | undefined, cols: number, ranks: number): number {
  let o = Math.max(0, Math.min(offset, Math.max(0, ranks - cols)));
  if (focus !== undefined) {
    if (focus < o) o = focus;
    else if (focus >= o + cols) o = focus - cols + 1;
  }
  return o;
}

/** Cut or pad a string to exactly n columns. */
export function fit(s: string, n: number): string {
  if (n <= 0) return "";
  if (s.length > n) return n > 1 ? `${s.slice(0, n - 1)}…` : s.slice(0, n);
  return s.padEnd(n);
}
