/**
 * Just enough source-map handling to keep the emitted JavaScript on the lines of the .ts source.
 * TypeScript's printer drops blank lines and type-only statements and puts every statement on a
 * line of its own, so output line N is rarely source line N. We read where each output line comes
 * from, then insert empty lines (when the output is behind) or join a line onto the previous one
 * (when it is ahead, or was synthesized), updating the mappings. Stack traces then show the right
 * line even where no source map is consulted. Joining never happens across a `//` comment or at a
 * line that starts inside a multi-line string or template literal.
 */
import { ts } from "ts-morph";

export interface RawSourceMap {
  version: number;
  file?: string;
  sourceRoot?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

/** One mapping segment with absolute values: [genCol] or [genCol, src, line, col] or [.., name]. */
type Segment = number[];

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  const state = [0, 0, 0, 0, 0];
  let line: Segment[] = [];
  let seg: number[] = [];
  let value = 0;
  let shift = 0;
  const endSegment = () => {
    if (seg.length > 0) {
      for (let f = 0; f < seg.length; f++) seg[f] = state[f] = state[f]! + seg[f]!;
      line.push(seg);
    }
    seg = [];
  };
  for (let i = 0; i < mappings.length; i++) {
    const ch = mappings.charCodeAt(i);
    if (ch === 59 /* ; */ || ch === 44 /* , */) {
      endSegment();
      if (ch === 59) {
        lines.push(line);
        line = [];
        state[0] = 0;
      }
      continue;
    }
    const d = B64_INDEX[ch]!;
    value += (d & 31) << shift;
    if (d & 32) {
      shift += 5;
    } else {
      seg.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  endSegment();
  lines.push(line);
  return lines;
}

function vlq(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = "";
  do {
    let d = v & 31;
    v >>>= 5;
    if (v > 0) d |= 32;
    out += B64[d];
  } while (v > 0);
  return out;
}

export function encodeMappings(lines: Segment[][]): string {
  const state = [0, 0, 0, 0, 0];
  const out: string[] = [];
  for (const line of lines) {
    state[0] = 0;
    const segs: string[] = [];
    for (const seg of line) {
      let s = "";
      for (let f = 0; f < seg.length; f++) {
        s += vlq(seg[f]! - state[f]!);
        state[f] = seg[f]!;
      }
      segs.push(s);
    }
    out.push(segs.join(","));
  }
  return out.join(";");
}

/** Line numbers (0-based) of generated lines that begin inside a multi-line string or template. */
function linesInsideLiterals(code: string): Set<number> {
  const inside = new Set<number>();
  if (!code.includes("`") && !code.includes("\\\n")) return inside;
  const sf = ts.createSourceFile("out.js", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteralLike(n) || ts.isTemplateLiteralToken(n)) {
      const a = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      const b = sf.getLineAndCharacterOfPosition(n.end).line;
      for (let l = a + 1; l <= b; l++) inside.add(l);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return inside;
}

/**
 * Move generated lines onto the source lines they map to: pad with empty lines when behind, join
 * onto the previous line when ahead (or when the line maps to nothing, like a hoisted `var _a;`).
 */
export function alignLines(code: string, map: RawSourceMap): { code: string; map: RawSourceMap } {
  const lines = code.split("\n");
  const segs = decodeMappings(map.mappings);
  const frozen = linesInsideLiterals(code);
  const outCode: string[] = [];
  const outSegs: Segment[][] = [];
  for (let g = 0; g < lines.length; g++) {
    const text = lines[g]!;
    const mine = segs[g] ?? [];
    const want = mine.find((s) => s.length >= 4)?.[2] ?? -1;
    const cur = outCode.length - 1; // index of the line we would join onto
    if (frozen.has(g) || cur < 0) {
      outCode.push(text);
      outSegs.push(mine);
      continue;
    }
    if (want > cur) {
      while (outCode.length < want) {
        outCode.push("");
        outSegs.push([]);
      }
      outCode.push(text);
      outSegs.push(mine);
    } else if (text.trim() === "") {
      // keep nothing: an empty generated line carries no code
    } else if (!outCode[cur]!.includes("//")) {
      const prev = outCode[cur]!;
      const body = text.trimStart();
      const shift = prev.length + (prev === "" ? 0 : 1) - (text.length - body.length);
      outCode[cur] = prev === "" ? body : `${prev} ${body}`;
      for (const s of mine) outSegs[cur]!.push([s[0]! + shift, ...s.slice(1)]);
    } else {
      outCode.push(text);
      outSegs.push(mine);
    }
  }
  while (outSegs.length > outCode.length) outSegs.pop();
  return { code: outCode.join("\n"), map: { ...map, mappings: encodeMappings(outSegs) } };
}
