// Every conformance program instruments, transpiles to a loadable module, and the accesses on its
// `// CONFLICT` lines get hooks (element loads/stores) or call-site markers (MPI calls) with the
// right line and column.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { analyze, type Site } from "../../checkers/instrument/analyze.ts";
import { instrumentSource } from "../../checkers/instrument/transform.ts";
import { installRuntime } from "../../core/instrument-runtime.ts";
import { importCode } from "../fixtures/instrument/harness.ts";
import { CONFORMANCE, ROOT, skipWithoutShared } from "../helpers/conformance.ts";

const NO_SHARED = skipWithoutShared("conformance programs (instrumentation)");

function programs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...programs(p));
    else if (name.endsWith(".ts")) out.push(p);
  }
  return out;
}

const files = (NO_SHARED ? [] : programs(CONFORMANCE)).map((p) => relative(ROOT, p));

/** 1-based numbers of the first code line after each `// CONFLICT` comment. */
function conflictLines(src: string): number[] {
  const lines = src.split("\n");
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (!/^\s*\/\/ CONFLICT\b/.test(l)) return;
    let j = i + 1;
    while (j < lines.length && /^\s*(\/\/.*)?$/.test(lines[j]!)) j++;
    out.push(j + 1);
  });
  return out;
}

interface Expectation {
  column: number;
  what: "mark" | "load" | "store";
  text: string;
}

/** The line with the text of string and template literals blanked out (`${…}` stays code). */
function codeOnly(line: string): string {
  let out = "";
  let quote = "";
  let depth = 0; // nesting of ${ } inside a template
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "`" && ch === "$" && line[i + 1] === "{") {
      quote = "";
      depth++;
      out += "${";
      i++;
    } else if (quote !== "") {
      if (ch === "\\") {
        out += "  ";
        i++;
      } else if (ch === quote) {
        quote = "";
        out += ch;
      } else {
        out += " ";
      }
    } else if (ch === "}" && depth > 0) {
      depth--;
      quote = "`";
      out += ch;
    } else {
      if (ch === "`" || ch === "'" || ch === '"') quote = ch;
      out += ch;
    }
  }
  return out;
}

/** What a line's racing accesses must get: markers on MPI calls, hooks on element accesses. */
function expectationsFor(line: string): Expectation[] {
  const code = codeOnly(line);
  const out: Expectation[] = [];
  for (const m of code.matchAll(/([A-Za-z_][\w.]*)\.([A-Z]\w*)\(/g)) out.push({ column: m.index! + 1, what: "mark", text: m[0] });
  for (const m of code.matchAll(/\b([A-Za-z_]\w*)\[(\d+)\](\s*=(?!=))?/g)) {
    out.push({ column: m.index! + 1, what: m[3] ? "store" : "load", text: m[0] });
  }
  return out;
}

const withConflicts = files.filter((f) => conflictLines(readFileSync(resolve(ROOT, f), "utf8")).length > 0);

describe.skipIf(NO_SHARED)("conformance programs", () => {
  test("the suites are where the spec says", () => {
    expect(withConflicts.length).toBeGreaterThanOrEqual(20);
    expect(files.length).toBeGreaterThanOrEqual(50);
    expect(files.some((f) => f.includes("rmaracebench/conflict/"))).toBe(true);
    expect(files.some((f) => f.includes("seed/04-work-stealing"))).toBe(true);
  });

  test.each(files)("%s instruments into a loadable module", async (file) => {
    installRuntime();
    const src = readFileSync(resolve(ROOT, file), "utf8");
    const { code, map } = instrumentSource(src, file);
    expect(JSON.parse(map).sources).toEqual([file]);
    const mod = await importCode(code);
    expect(typeof mod.default).toBe("function");
    // same number of lines as the source, give or take a trailing newline
    expect(Math.abs(code.split("\n").length - src.split("\n").length)).toBeLessThanOrEqual(2);
  });

  test.each(withConflicts)("%s: CONFLICT lines carry hooks and markers at the right line:column", (file) => {
    const src = readFileSync(resolve(ROOT, file), "utf8");
    const analysis = analyze(src, file);
    if (Array.isArray(analysis)) throw new Error(`syntax error ${analysis.join(":")}`);
    const byPlace = new Map<string, Site[]>();
    for (const s of analysis.sites.values()) {
      const [l, c] = analysis.locs[s.loc]!;
      const k = `${l}:${c}`;
      byPlace.set(k, [...(byPlace.get(k) ?? []), s]);
    }
    const lines = src.split("\n");
    const conflicts = conflictLines(src);
    expect(conflicts.length).toBeGreaterThanOrEqual(1);
    let checked = 0;
    for (const ln of conflicts) {
      for (const e of expectationsFor(lines[ln - 1]!)) {
        const sites = byPlace.get(`${ln}:${e.column}`) ?? [];
        const ok =
          e.what === "mark" ? sites.some((s) => s.mark) : e.what === "store" ? sites.some((s) => s.elem === "store") : sites.some((s) => s.elem === "load");
        expect(ok, `${file}:${ln}:${e.column} ${e.what} for \`${e.text}\``).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(1);
  });
});
