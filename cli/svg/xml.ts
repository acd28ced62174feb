/** Escaping for SVG text and attribute values (XML 1.0: &, <, >, quotes, and no control characters). */
export function esc(s: string): string {
  return s
    // Control characters other than tab/newline are not allowed in XML 1.0 at all.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Attributes as ` k="v"` (undefined values skipped, numbers rounded to 0.1 px). */
export function attrs(a: Record<string, string | number | undefined>): string {
  let out = "";
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    out += ` ${k}="${typeof v === "number" ? fmt(v) : esc(v)}"`;
  }
  return out;
}

export function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** `<name attrs>children</name>`, or self-closing without children. */
export function el(name: string, a: Record<string, string | number | undefined>, children?: string): string {
  return children === undefined || children === "" ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${children}</${name}>`;
}

/** A `<title>` child: the tooltip a browser shows on hover. */
export function title(text: string): string {
  return `<title>${esc(text)}</title>`;
}
