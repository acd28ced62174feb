/**
 * instrumentSource: a user's .ts (or .js) program → instrumented ESM JavaScript + source map.
 *
 *   analyze (ts-morph, with types)  →  rewrite (transpileModule `before` transformer)
 *   →  header line (hook bindings, location table)  →  realign lines with the original
 *
 * The output expects `globalThis.__mpisim` (core/instrument-runtime.ts installRuntime()) unless
 * `runtimeImport` is given, in which case it imports and installs the runtime itself.
 */
import { ts } from "ts-morph";
import { UsageError } from "../../core/errors.ts";
import { analyze } from "./analyze.ts";
import { scriptKindFor } from "./project.ts";
import { rewriter } from "./rewrite.ts";
import { alignLines, type RawSourceMap } from "./sourcemap.ts";

export { TRANSFORM_VERSION } from "./version.ts";

export interface InstrumentOptions {
  /** rewrite import/export/`import()` specifiers (return undefined to keep one) */
  specifier?: (spec: string) => string | undefined;
  /** literal values for `import.meta.url`, `.filename`, `.dirname` (the module will run from elsewhere) */
  importMeta?: { url?: string; filename?: string; dirname?: string };
  /** import specifier of core/instrument-runtime.ts: the module then installs the runtime itself */
  runtimeImport?: string;
  /** `sources[0]` of the map (default: fileName) */
  mapSource?: string;
}

export interface InstrumentResult {
  /** ESM JavaScript, without a sourceMappingURL comment */
  code: string;
  /** source map JSON (version 3), with sourcesContent */
  map: string;
}

export function instrumentSource(source: string, fileName: string, opts: InstrumentOptions = {}): InstrumentResult {
  const analysis = analyze(source, fileName);
  if (Array.isArray(analysis)) {
    const [line, col, msg] = analysis;
    throw new UsageError(`${fileName}:${line}:${col}: ${msg}`);
  }
  const prefix = pickPrefix(source);
  const used = new Set<string>();
  // transpileModule picks the parser from the extension: keep it in step with the analysis
  const emitName = { [ts.ScriptKind.TSX]: "module.tsx", [ts.ScriptKind.JSX]: "module.jsx", [ts.ScriptKind.JS]: "module.js" }[scriptKindFor(fileName) as number] ?? "module.ts";
  const out = ts.transpileModule(source, {
    fileName: emitName,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      sourceMap: true,
      inlineSources: true,
      allowJs: true,
      jsx: ts.JsxEmit.ReactJSX,
      useDefineForClassFields: true,
    },
    reportDiagnostics: false,
    transformers: {
      before: [rewriter({ sites: analysis.sites, prefix, specifier: opts.specifier, importMeta: opts.importMeta }, used)],
    },
  });
  const code = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  const map = JSON.parse(out.sourceMapText!) as RawSourceMap;
  map.sources = [opts.mapSource ?? fileName];
  map.sourcesContent = [source];
  map.file = fileName.replace(/\.[cm]?tsx?$/i, ".js");

  const header = makeHeader(prefix, used, fileName, analysis.locs, opts.runtimeImport);
  const aligned = alignLines(header + "\n" + code, { ...map, mappings: ";" + map.mappings });
  return { code: aligned.code, map: JSON.stringify(aligned.map) };
}

/** A hook-name prefix that no identifier of the user's source can collide with. */
function pickPrefix(source: string): string {
  let p = "__mp";
  for (let i = 1; source.includes(p); i++) p = `__mp${i}_`;
  return p;
}

function makeHeader(prefix: string, used: Set<string>, fileName: string, locs: Array<[number, number]>, runtimeImport?: string): string {
  const packed = locs.map(([l, c]) => `${l}:${c}`).join(",");
  const bindings = [...used].sort().map((h) => `${h}: ${prefix}${h}`);
  const rt = `${prefix}Rt`;
  let head = "";
  let get = `globalThis.__mpisim ?? (() => { throw new Error("mpisim: this module was instrumented by mpisim; load it with mpisim's load() or its Vite plugin (the instrumentation runtime is not installed)"); })()`;
  if (runtimeImport !== undefined) {
    head = `import { installRuntime as ${prefix}Install } from ${JSON.stringify(runtimeImport)}; `;
    get = `(${prefix}Install(), globalThis.__mpisim)`;
  }
  const destructure = bindings.length > 0 ? `, { ${bindings.join(", ")} } = ${rt}` : "";
  return `${head}const ${rt} = ${get}${destructure}, ${prefix}Loc = ${rt}.locs(${JSON.stringify(fileName)}, ${JSON.stringify(packed)});`;
}
