import { describe, expect, it } from "vitest";
import { load, run } from "../../index.ts";
import { renderSvg } from "../../cli/svg/index.ts";
import type { Diagnostic } from "../../core/diagnostic.ts";
import { recordsOf, type TraceRecord } from "../../core/trace.ts";

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/**
 * A strict little XML 1.0 well-formedness checker (enough for SVG): one root, properly nested and
 * closed tags, quoted attributes without duplicates, only the five predefined entities or numeric
 * references, no raw `<` or `&` in text or attributes, no control characters.
 */
function parseXml(src: string): XmlNode {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`XML error at ${i}: ${msg}: ${JSON.stringify(src.slice(Math.max(0, i - 40), i + 40))}`);
  };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(src)) fail("control character");
  const checkText = (t: string) => {
    if (t.includes("<")) fail("raw < in text");
    for (const m of t.matchAll(/&([^;]*);?/g)) {
      if (!m[0].endsWith(";") || !/^(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(m[1])) fail(`bad entity ${m[0]}`);
    }
  };
  const name = () => {
    const m = /^[A-Za-z_:][-A-Za-z0-9_:.]*/.exec(src.slice(i));
    if (!m) fail("expected a name");
    i += m![0].length;
    return m![0];
  };
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  if (src.startsWith("<?xml")) {
    const end = src.indexOf("?>");
    if (end < 0) fail("unterminated declaration");
    i = end + 2;
  }
  ws();
  const element = (): XmlNode => {
    if (src[i] !== "<") fail("expected <");
    i++;
    const node: XmlNode = { name: name(), attrs: {}, children: [], text: "" };
    for (;;) {
      const before = i;
      ws();
      if (src.startsWith("/>", i)) {
        i += 2;
        return node;
      }
      if (src[i] === ">") {
        i++;
        break;
      }
      if (i === before) fail("expected whitespace before attribute");
      const a = name();
      ws();
      if (src[i] !== "=") fail("expected =");
      i++;
      ws();
      const q = src[i];
      if (q !== '"' && q !== "'") fail("unquoted attribute");
      const end = src.indexOf(q, i + 1);
      if (end < 0) fail("unterminated attribute");
      const v = src.slice(i + 1, end);
      checkText(v);
      if (a in node.attrs) fail(`duplicate attribute ${a}`);
      node.attrs[a] = v;
      i = end + 1;
    }
    for (;;) {
      const lt = src.indexOf("<", i);
      if (lt < 0) fail(`unclosed <${node.name}>`);
      const text = src.slice(i, lt);
      checkText(text);
      node.text += text;
      i = lt;
      if (src.startsWith("</", i)) {
        i += 2;
        const n = name();
        if (n !== node.name) fail(`</${n}> closes <${node.name}>`);
        ws();
        if (src[i] !== ">") fail("expected >");
        i++;
        return node;
      }
      if (src.startsWith("<!--", i)) {
        const end = src.indexOf("-->", i);
        if (end < 0) fail("unterminated comment");
        i = end + 3;
        continue;
      }
      node.children.push(element());
    }
  };
  const root = element();
  ws();
  if (i !== src.length) fail("content after the root element");
  return root;
}

function all(n: XmlNode, pred: (n: XmlNode) => boolean, out: XmlNode[] = []): XmlNode[] {
  if (pred(n)) out.push(n);
  for (const c of n.children) all(c, pred, out);
  return out;
}
const byClass = (root: XmlNode, cls: string) => all(root, (n) => (n.attrs.class ?? "").split(" ").includes(cls));

describe("space-time SVG", { timeout: 120_000 }, () => {
  it("the checker itself rejects malformed XML", () => {
    expect(() => parseXml("<svg><g></svg>")).toThrow();
    expect(() => parseXml('<svg a="1" a="2"/>')).toThrow();
    expect(() => parseXml("<svg>a & b</svg>")).toThrow();
    expect(() => parseXml("<svg>a < b</svg>")).toThrow();
    expect(() => parseXml("<svg/><svg/>")).toThrow();
    expect(parseXml('<?xml version="1.0"?>\n<svg x="&lt;&amp;"><t>&#65;</t></svg>').children[0].name).toBe("t");
  });

  it("the seed work-stealing run: one lane per rank, an arrow per RMA operation, lock bands", async () => {
    const r = await run(await load("scenarios/work-stealing.ts"), { seed: 0 });
    const svg = parseXml(renderSvg(r));
    expect(svg.name).toBe("svg");
    expect(svg.attrs.xmlns).toBe("http://www.w3.org/2000/svg");
    const labels = all(svg, (n) => n.name === "text" && /^rank \d+$/.test(n.text)).map((n) => n.text);
    expect(labels).toEqual(["rank 0", "rank 1", "rank 2", "rank 3"]);
    const applies = r.trace.filter((t) => t.t === "rma-apply").length;
    expect(applies).toBeGreaterThan(0);
    expect(byClass(svg, "arrow-rma")).toHaveLength(applies);
    expect(byClass(svg, "band-lock").length).toBeGreaterThan(0);
    expect(byClass(svg, "call").length).toBeGreaterThan(r.ranks);
  });

  it("pins a diagnostic's two accesses on their lanes and links them", async () => {
    const r = await run(await load("scenarios/work-stealing-getput.ts"), { seed: 0 });
    // Two Puts of the counter from different workers: the lost update's pair.
    const puts = recordsOf(r.trace, "rma-issue").filter((t) => t.op === "Put" && t.trange[0] === 0);
    const a = puts[0];
    const b = puts.find((p) => p.rank !== a.rank)!;
    const d: Diagnostic = {
      kind: "lost-update",
      message: `counter <pool[0]> & "ticket" updated by ranks ${a.rank} and ${b.rank}`,
      ranks: [a.rank, b.rank],
      step: b.step,
      accesses: [
        { op: "Put", rank: a.rank, loc: a.loc, bytes: [0, 4] },
        { op: "Put", rank: b.rank, loc: b.loc, bytes: [0, 4] },
      ],
    };
    const svg = parseXml(renderSvg({ ...r, diagnostics: [...r.diagnostics, d] }));
    const pins = byClass(svg, "diag-access").filter((n) => n.attrs["data-diagnostic"] === String(r.diagnostics.length + 1));
    expect(pins.map((p) => [Number(p.attrs["data-rank"]), Number(p.attrs["data-step"])])).toEqual([
      [a.rank, a.step],
      [b.rank, b.step],
    ]);
    expect(byClass(svg, "diag-link").length).toBeGreaterThan(0);
    expect(all(svg, (n) => n.name === "text" && n.text.includes("counter &lt;pool[0]&gt; &amp; &quot;ticket&quot;")).length).toBe(1);
  });

  it("pins the real checker's racing pair when the checkers report one", async () => {
    const r = await run(await load("scenarios/work-stealing-getput.ts"), { seed: 0 });
    const race = r.diagnostics.find((d) => (d.kind === "lost-update" || d.kind === "rma-race") && (d.accesses?.length ?? 0) >= 2);
    if (!race) {
      console.warn("svg test: no rma-race/lost-update diagnostic from run() yet (checkers not wired in); only the synthetic pair is tested");
      return;
    }
    const svg = parseXml(renderSvg(r));
    const idx = String(r.diagnostics.indexOf(race) + 1);
    const pins = byClass(svg, "diag-access").filter((n) => n.attrs["data-diagnostic"] === idx);
    expect(new Set(pins.map((p) => p.attrs["data-rank"]))).toEqual(new Set(race.accesses!.map((x) => String(x.rank))));
  });

  it("a deadlock pins both pending calls, drawn as calls that never returned", async () => {
    const r = await run(await load("scenarios/deadlock-ssend.ts"));
    expect(r.status).toBe("deadlock");
    const svg = parseXml(renderSvg(r));
    expect(byClass(svg, "pending")).toHaveLength(2);
    expect(new Set(byClass(svg, "diag-access").map((p) => p.attrs["data-rank"]))).toEqual(new Set(["0", "1"]));
  });

  it("stays well-formed and compact at 64 ranks", async () => {
    const r = await run(await load("scenarios/persistent-ring.ts"), { ranks: 64, seed: 3 });
    const text = renderSvg(r);
    const svg = parseXml(text);
    expect(all(svg, (n) => n.name === "text" && /^rank \d+$/.test(n.text))).toHaveLength(64);
    expect(Number(svg.attrs.height)).toBeLessThan(64 * 14 + 200);
    expect(Number(svg.attrs.width)).toBeLessThanOrEqual(2400 + 200);
    expect(byClass(svg, "arrow-message").length).toBe(r.trace.filter((t) => t.t === "deliver").length);
  });

  it("escapes hostile text (program names, messages, control characters)", () => {
    const trace: TraceRecord[] = [{ t: "call", step: 1, rank: 0, time: 0, id: 1, call: "Comm.<Send>&", args: `a="b" 'c' \u0001`, blocking: false }];
    const text = renderSvg({ ranks: 1, trace, diagnostics: [{ kind: "property", message: "x < y & \"z\" \u0007", ranks: [] }], program: "<evil>&.ts" });
    const svg = parseXml(text);
    expect(all(svg, (n) => n.name === "text" && n.text.includes("&lt;evil&gt;&amp;.ts")).length).toBe(1);
  });
});
