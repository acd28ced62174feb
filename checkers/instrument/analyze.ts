/**
 * The typed half of the instrumentation pass: walk the user's file with a type checker and decide,
 * node by node, which expressions get a hook. Only receivers that may hold a typed array, a
 * DataView or (for `slice`) an ArrayBuffer are touched, so hot code on `number[]` stays native.
 *
 * The decisions are keyed by `pos:end:kind`, because the rewrite runs inside ts.transpileModule
 * on its own parse of the same text: positions are identical, node objects are not.
 */
import { ts } from "ts-morph";
import { VIEW_METHODS as RUNTIME_VIEW_METHODS } from "../../core/instrument-runtime.ts";
import { continuesChain, elemUse, inPattern, skipOuter, type ElemUse } from "./element-use.ts";
import { receiverText } from "./handle.ts";
import { withSourceFile, type SyntaxProblem } from "./project.ts";
import { TA_CTORS, ViewTypes } from "./view-types.ts";

export interface Site {
  /** index into the module's location table */
  loc: number;
  elem?: ElemUse;
  /** method call on a (maybe) typed array / DataView / ArrayBuffer: route through c* hooks */
  viewCall?: boolean;
  /** MPI-looking call: set the call-site marker */
  mark?: boolean;
  /** a marked call's receiver, as the user wrote it (the runtime's `m` check names it in errors) */
  recvText?: string;
  /** wrap this expression: r (whole read of a view), ra (also ArrayBuffers), it (element-wise iterable) */
  wrap?: "r" | "ra" | "it";
}

export interface Analysis {
  sites: Map<string, Site>;
  /** 1-based line and column of each location, in table order */
  locs: Array<[number, number]>;
}

export function siteKey(node: ts.Node): string {
  return `${node.pos}:${node.end}:${node.kind}`;
}

/** mpi4py's lower-case (pickle-based) communication methods; every upper-case method counts too. */
const LOWER_MPI = new Set([
  "send", "recv", "isend", "irecv", "sendrecv", "bcast", "gather", "scatter", "allgather", "alltoall", "reduce",
  "allreduce", "scan", "exscan", "barrier", "probe", "iprobe",
]);

export function isMpiName(name: string): boolean {
  const c = name.charCodeAt(0);
  return (c >= 65 && c <= 90) || LOWER_MPI.has(name);
}

/** Methods whose effect on a view the runtime reports (the runtime owns the list). */
export const VIEW_METHODS: ReadonlySet<string> = new Set(RUNTIME_VIEW_METHODS);
const DV_METHOD = /^(get|set)(Int8|Uint8|Int16|Uint16|Float16|Int32|Uint32|Float32|Float64|BigInt64|BigUint64)$/;

/** Global functions whose arguments they read in full: `console.log(ta)`, `String(ta)`, … */
const READER_CALLS: Record<string, "r" | "ra"> = {
  "console.log": "ra", "console.info": "ra", "console.warn": "ra", "console.error": "ra", "console.debug": "ra",
  "console.dir": "ra", "console.table": "ra", "console.trace": "ra", String: "r", structuredClone: "ra",
  "JSON.stringify": "r", "Array.from": "r", "Object.values": "r", "Object.entries": "r",
};

export function analyze(source: string, fileName: string): Analysis | SyntaxProblem {
  return withSourceFile(source, fileName, (node, programOf) => {
    const parseDiags = (node as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    if (parseDiags.length > 0) {
      const d = parseDiags[0]!;
      const lc = node.getLineAndCharacterOfPosition(d.start);
      return [lc.line + 1, lc.character + 1, ts.flattenDiagnosticMessageText(d.messageText, " ")];
    }
    const program = programOf();
    return new Analyzer(node, program.getTypeChecker(), program).run();
  });
}

class Analyzer {
  private readonly sites = new Map<string, Site>();
  private readonly locs: Array<[number, number]> = [];
  private readonly locIndex = new Map<number, number>();

  private readonly types: ViewTypes;

  constructor(
    private readonly sf: ts.SourceFile,
    checker: ts.TypeChecker,
    program: ts.Program,
  ) {
    this.types = new ViewTypes(checker, program);
  }

  run(): Analysis {
    const visit = (n: ts.Node): void => {
      this.visitNode(n);
      ts.forEachChild(n, visit);
    };
    visit(this.sf);
    return { sites: this.sites, locs: this.locs };
  }

  private site(node: ts.Node): Site {
    const key = siteKey(node);
    let s = this.sites.get(key);
    if (s === undefined) {
      const start = node.getStart(this.sf);
      let idx = this.locIndex.get(start);
      if (idx === undefined) {
        const lc = this.sf.getLineAndCharacterOfPosition(start);
        idx = this.locs.length;
        this.locs.push([lc.line + 1, lc.character + 1]);
        this.locIndex.set(start, idx);
      }
      s = { loc: idx };
      this.sites.set(key, s);
    }
    return s;
  }

  private wrap(node: ts.Expression, how: "r" | "ra" | "it"): void {
    if (ts.isOmittedExpression(node)) return;
    if (this.types.needsHook(node, how === "ra")) this.site(node).wrap = how;
  }

  private visitNode(n: ts.Node): void {
    switch (n.kind) {
      case ts.SyntaxKind.ElementAccessExpression:
        this.elementAccess(n as ts.ElementAccessExpression);
        break;
      case ts.SyntaxKind.CallExpression:
        this.call(n as ts.CallExpression);
        break;
      case ts.SyntaxKind.NewExpression: {
        const ne = n as ts.NewExpression;
        if (ts.isIdentifier(ne.expression) && TA_CTORS.has(ne.expression.text) && this.types.isGlobal(ne.expression)) {
          const a0 = ne.arguments?.[0];
          if (a0 !== undefined && !ts.isSpreadElement(a0)) this.wrap(a0, "r");
        }
        break;
      }
      case ts.SyntaxKind.SpreadElement:
        if (!inPattern(n)) this.wrap((n as ts.SpreadElement).expression, "r");
        break;
      case ts.SyntaxKind.SpreadAssignment:
        if (!inPattern(n)) this.wrap((n as ts.SpreadAssignment).expression, "r");
        break;
      case ts.SyntaxKind.TemplateSpan: {
        const tpl = n.parent as ts.TemplateExpression;
        if (!ts.isTaggedTemplateExpression(tpl.parent)) this.wrap((n as ts.TemplateSpan).expression, "r");
        break;
      }
      case ts.SyntaxKind.ForOfStatement: {
        const fo = n as ts.ForOfStatement;
        if (fo.awaitModifier === undefined) this.wrap(fo.expression, "it");
        break;
      }
      case ts.SyntaxKind.VariableDeclaration: {
        const vd = n as ts.VariableDeclaration;
        if (ts.isArrayBindingPattern(vd.name) && vd.initializer !== undefined) this.wrap(vd.initializer, "it");
        break;
      }
      case ts.SyntaxKind.YieldExpression: {
        const ye = n as ts.YieldExpression;
        if (ye.asteriskToken !== undefined && ye.expression !== undefined) this.wrap(ye.expression, "it");
        break;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const be = n as ts.BinaryExpression;
        const op = be.operatorToken.kind;
        if (op === ts.SyntaxKind.EqualsToken && ts.isArrayLiteralExpression(skipOuter(be.left)) && !inPattern(be)) {
          this.wrap(be.right, "it");
        } else if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.PlusEqualsToken) {
          // `"" + ta` stringifies the whole view; only for operands known to be views (`any + x` is mostly arithmetic)
          for (const side of op === ts.SyntaxKind.PlusToken ? [be.left, be.right] : [be.right]) {
            if (this.types.isViewType(this.types.typeOf(side))) this.site(side).wrap = "r";
          }
        }
        break;
      }
    }
  }

  private elementAccess(e: ts.ElementAccessExpression): void {
    if (e.expression.kind === ts.SyntaxKind.SuperKeyword) return;
    const arg = e.argumentExpression;
    if ((ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) && String(Number(arg.text)) !== arg.text) return;
    let use = elemUse(e);
    if (use === undefined) return;
    if (e.flags & ts.NodeFlags.OptionalChain) {
      // Only `a?.[i]` that ends its chain can become a hook call without changing short-circuiting.
      if (e.questionDotToken === undefined || use !== "load" || continuesChain(e)) return;
      use = "loadq";
    }
    if (!this.types.needsHook(e.expression, false)) return;
    this.site(e).elem = use;
  }

  private call(c: ts.CallExpression): void {
    const callee = c.expression;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
      const name = callee.name.text;
      const recv = callee.expression;
      const inChain = (c.flags & ts.NodeFlags.OptionalChain) !== 0;
      if (recv.kind !== ts.SyntaxKind.SuperKeyword && !inChain) {
        if (VIEW_METHODS.has(name) || DV_METHOD.test(name)) {
          if (this.types.needsHook(recv, name === "slice")) this.site(c).viewCall = true;
        }
      }
      if (isMpiName(name) && !this.types.definitelyNotMpi(recv)) {
        // a zero-argument call inside an optional chain can only be marked if it ends the chain
        if (c.arguments.length > 0 || !inChain || !continuesChain(c)) {
          const s = this.site(c);
          s.mark = true;
          s.recvText = receiverText(recv, this.sf);
        }
      }
      // console.log(ta), JSON.stringify(ta), Array.from(ta), Float64Array.from(ta), …
      if (ts.isIdentifier(recv) && this.types.isGlobal(recv)) {
        const how = READER_CALLS[`${recv.text}.${name}`] ?? (TA_CTORS.has(recv.text) && name === "from" ? "r" : undefined);
        if (how !== undefined) this.readerArgs(c, how, !recv.text.startsWith("console"));
      }
    } else if (ts.isIdentifier(callee) && READER_CALLS[callee.text] !== undefined && this.types.isGlobal(callee)) {
      this.readerArgs(c, READER_CALLS[callee.text]!, true);
    }
  }

  private readerArgs(c: ts.CallExpression, how: "r" | "ra", firstOnly: boolean): void {
    const args = firstOnly ? c.arguments.slice(0, 1) : c.arguments;
    for (const a of args) if (!ts.isSpreadElement(a)) this.wrap(a, how);
  }
}
