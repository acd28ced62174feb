/**
 * The typed half of the instrumentation pass: walk the user's file with a type checker and decide,
 * node by node, which expressions get a hook. Only receivers that may hold a typed array, a
 * DataView or (for `slice`) an ArrayBuffer are touched, so hot code on `number[]` stays native.
 *
 * The decisions are keyed by `pos:end:kind`, because the rewrite runs inside ts.transpileModule
 * on its own parse of the same text: positions are identical, node objects are not.
 */
import { Project, ts } from "ts-morph";
import { VIEW_METHODS as RUNTIME_VIEW_METHODS } from "../../core/instrument-runtime.ts";
import { receiverText } from "./handle.ts";

/** How an element access is used, which decides the hook. */
export type ElemUse =
  | "load" // a[i]
  | "loadq" // a?.[i] at the end of its optional chain
  | "store" // a[i] = v
  | "compound-u" // a[i] op= v, v side-effect free: one hook
  | "compound-t" // a[i] op= v, v anything: temporaries, load before v is evaluated
  | "incdec" // a[i]++ etc.
  | "target"; // destructuring / for-in-of target

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

const VIEW_TYPES = new Set([
  "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
  "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "DataView", "ArrayBufferView",
]);
/** Typed array constructors (for `new X(src)` and `X.from(src)`). */
export const TA_CTORS = new Set([...VIEW_TYPES].filter((n) => n.endsWith("Array")));
const BUFFER_TYPES = new Set(["ArrayBuffer", "SharedArrayBuffer", "ArrayBufferLike"]);

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

const STUB = `declare module "mpisim";\n`;

let project: Project | undefined;
let fileSeq = 0;

function getProject(): Project {
  if (project === undefined) {
    project = new Project({
      useInMemoryFileSystem: true,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ["lib.esnext.d.ts"],
        strict: true,
        allowJs: true,
        checkJs: false,
        noEmit: true,
        skipLibCheck: true,
        allowImportingTsExtensions: true,
        types: [],
      },
    });
    project.createSourceFile("/__mpisim_stub__.d.ts", STUB);
  }
  return project;
}

export function scriptKindFor(fileName: string): ts.ScriptKind {
  if (/\.tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/i.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function virtualName(fileName: string): string {
  const ext = /\.(tsx|jsx|mts|cts|mjs|cjs|ts|js)$/i.exec(fileName)?.[0] ?? ".ts";
  return `/__mpisim__/f${++fileSeq}${ext.toLowerCase()}`;
}

/** Parse diagnostics of the source (syntax errors), as `[line, column, message]` (1-based). */
export type SyntaxProblem = [number, number, string];

export function analyze(source: string, fileName: string): Analysis | SyntaxProblem {
  const p = getProject();
  const sf = p.createSourceFile(virtualName(fileName), source, { overwrite: true, scriptKind: scriptKindFor(fileName) });
  try {
    const node = sf.compilerNode;
    const parseDiags = (node as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    if (parseDiags.length > 0) {
      const d = parseDiags[0]!;
      const lc = node.getLineAndCharacterOfPosition(d.start);
      return [lc.line + 1, lc.character + 1, ts.flattenDiagnosticMessageText(d.messageText, " ")];
    }
    const program = p.getProgram().compilerObject;
    return new Analyzer(node, program.getTypeChecker(), program).run();
  } finally {
    p.removeSourceFile(sf);
  }
}

/**
 * The first grammar error TypeScript finds (diagnostic codes 1000-1999: `await` in a non-async
 * function, duplicate declarations…). Used only after V8 refused a module, to say where.
 */
export function grammarError(source: string, fileName: string): SyntaxProblem | undefined {
  const p = getProject();
  const sf = p.createSourceFile(virtualName(fileName), source, { overwrite: true, scriptKind: scriptKindFor(fileName) });
  try {
    const program = p.getProgram().compilerObject;
    const node = sf.compilerNode;
    const diags = [...program.getSyntacticDiagnostics(node), ...program.getSemanticDiagnostics(node)];
    const d = diags.find((x) => x.code >= 1000 && x.code < 2000 && x.category === ts.DiagnosticCategory.Error && x.start !== undefined);
    if (d === undefined) return undefined;
    const lc = node.getLineAndCharacterOfPosition(d.start!);
    return [lc.line + 1, lc.character + 1, ts.flattenDiagnosticMessageText(d.messageText, " ")];
  } finally {
    p.removeSourceFile(sf);
  }
}

class Analyzer {
  private readonly sites = new Map<string, Site>();
  private readonly locs: Array<[number, number]> = [];
  private readonly locIndex = new Map<number, number>();
  private readonly hookCache = new Map<ts.Type, boolean>();

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly checker: ts.TypeChecker,
    private readonly program: ts.Program,
  ) {}

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
    if (this.needsHook(node, how === "ra")) this.site(node).wrap = how;
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
        if (ts.isIdentifier(ne.expression) && TA_CTORS.has(ne.expression.text) && this.isGlobal(ne.expression)) {
          const a0 = ne.arguments?.[0];
          if (a0 !== undefined && !ts.isSpreadElement(a0)) this.wrap(a0, "r");
        }
        break;
      }
      case ts.SyntaxKind.SpreadElement:
        if (!this.inPattern(n)) this.wrap((n as ts.SpreadElement).expression, "r");
        break;
      case ts.SyntaxKind.SpreadAssignment:
        if (!this.inPattern(n)) this.wrap((n as ts.SpreadAssignment).expression, "r");
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
        if (op === ts.SyntaxKind.EqualsToken && ts.isArrayLiteralExpression(skipOuter(be.left)) && !this.inPattern(be)) {
          this.wrap(be.right, "it");
        } else if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.PlusEqualsToken) {
          // `"" + ta` stringifies the whole view; only for operands known to be views (`any + x` is mostly arithmetic)
          for (const side of op === ts.SyntaxKind.PlusToken ? [be.left, be.right] : [be.right]) {
            if (this.isViewType(this.typeOf(side))) this.site(side).wrap = "r";
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
    let use = this.elemUse(e);
    if (use === undefined) return;
    if (e.flags & ts.NodeFlags.OptionalChain) {
      // Only `a?.[i]` that ends its chain can become a hook call without changing short-circuiting.
      if (e.questionDotToken === undefined || use !== "load" || continuesChain(e)) return;
      use = "loadq";
    }
    if (!this.needsHook(e.expression, false)) return;
    this.site(e).elem = use;
  }

  /** How e is used (undefined: leave it alone). */
  private elemUse(e: ts.ElementAccessExpression): ElemUse | undefined {
    let node: ts.Node = e;
    let destructuring = false;
    for (;;) {
      const parent = node.parent;
      switch (parent.kind) {
        case ts.SyntaxKind.BinaryExpression: {
          const be = parent as ts.BinaryExpression;
          if (be.left !== node || !isAssignmentOperator(be.operatorToken.kind)) return "load";
          if (destructuring || this.inPattern(be)) return "target";
          if (be.operatorToken.kind === ts.SyntaxKind.EqualsToken) return "store";
          return this.compoundUse(be);
        }
        case ts.SyntaxKind.PrefixUnaryExpression:
        case ts.SyntaxKind.PostfixUnaryExpression: {
          const op = (parent as ts.PrefixUnaryExpression).operator;
          return op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken ? "incdec" : "load";
        }
        case ts.SyntaxKind.ForInStatement:
        case ts.SyntaxKind.ForOfStatement:
          return (parent as ts.ForInStatement).initializer === node ? "target" : "load";
        case ts.SyntaxKind.DeleteExpression:
          return undefined;
        case ts.SyntaxKind.CallExpression:
          // `a[i](x)` and `(a[i])(x)` call with this = a: leave the reference intact
          return (parent as ts.CallExpression).expression === node ? undefined : "load";
        case ts.SyntaxKind.TaggedTemplateExpression:
          return (parent as ts.TaggedTemplateExpression).tag === node ? undefined : "load";
        case ts.SyntaxKind.NewExpression:
          return (parent as ts.NewExpression).expression === node ? undefined : "load";
        case ts.SyntaxKind.ParenthesizedExpression:
        case ts.SyntaxKind.NonNullExpression:
        case ts.SyntaxKind.AsExpression:
        case ts.SyntaxKind.SatisfiesExpression:
        case ts.SyntaxKind.TypeAssertionExpression:
          node = parent;
          break;
        case ts.SyntaxKind.ArrayLiteralExpression:
        case ts.SyntaxKind.SpreadElement:
          destructuring = true;
          node = parent;
          break;
        case ts.SyntaxKind.SpreadAssignment:
          destructuring = true;
          node = parent.parent;
          break;
        case ts.SyntaxKind.PropertyAssignment:
          if ((parent as ts.PropertyAssignment).initializer !== node) return "load";
          destructuring = true;
          node = parent.parent;
          break;
        default:
          return "load";
      }
      if (destructuring && !this.isPatternTarget(node)) return "load";
    }
  }

  /** Is this array/object literal (or spread) the target of a destructuring assignment? */
  private isPatternTarget(node: ts.Node): boolean {
    let n: ts.Node = node;
    for (;;) {
      const p = n.parent;
      if (ts.isBinaryExpression(p)) return p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      if (ts.isForInStatement(p) || ts.isForOfStatement(p)) return p.initializer === n;
      if (ts.isParenthesizedExpression(p) || ts.isArrayLiteralExpression(p) || ts.isSpreadElement(p)) n = p;
      else if (ts.isSpreadAssignment(p) || (ts.isPropertyAssignment(p) && p.initializer === n)) n = p.parent;
      else if (ts.isShorthandPropertyAssignment(p)) n = p.parent;
      else return false;
    }
  }

  /** Is node (a binary `=` or spread) an element of a destructuring pattern rather than an expression? */
  private inPattern(node: ts.Node): boolean {
    const p = node.parent;
    if (ts.isArrayLiteralExpression(p) || ts.isSpreadElement(p)) return this.isPatternTarget(p);
    if (ts.isPropertyAssignment(p) && p.initializer === node) return this.isPatternTarget(p.parent);
    if (ts.isObjectLiteralExpression(p)) return this.isPatternTarget(p);
    return false;
  }

  private compoundUse(be: ts.BinaryExpression): ElemUse {
    const logical =
      be.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken ||
      be.operatorToken.kind === ts.SyntaxKind.BarBarEqualsToken ||
      be.operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken;
    if (isSimple(be.right, logical)) return "compound-u";
    return tempsAllowed(be) ? "compound-t" : "compound-u";
  }

  private call(c: ts.CallExpression): void {
    const callee = c.expression;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
      const name = callee.name.text;
      const recv = callee.expression;
      const inChain = (c.flags & ts.NodeFlags.OptionalChain) !== 0;
      if (recv.kind !== ts.SyntaxKind.SuperKeyword && !inChain) {
        if (VIEW_METHODS.has(name) || DV_METHOD.test(name)) {
          if (this.needsHook(recv, name === "slice")) this.site(c).viewCall = true;
        }
      }
      if (isMpiName(name) && !this.definitelyNotMpi(recv)) {
        // a zero-argument call inside an optional chain can only be marked if it ends the chain
        if (c.arguments.length > 0 || !inChain || !continuesChain(c)) {
          const s = this.site(c);
          s.mark = true;
          s.recvText = receiverText(recv, this.sf);
        }
      }
      // console.log(ta), JSON.stringify(ta), Array.from(ta), Float64Array.from(ta), …
      if (ts.isIdentifier(recv) && this.isGlobal(recv)) {
        const how = READER_CALLS[`${recv.text}.${name}`] ?? (TA_CTORS.has(recv.text) && name === "from" ? "r" : undefined);
        if (how !== undefined) this.readerArgs(c, how, !recv.text.startsWith("console"));
      }
    } else if (ts.isIdentifier(callee) && READER_CALLS[callee.text] !== undefined && this.isGlobal(callee)) {
      this.readerArgs(c, READER_CALLS[callee.text]!, true);
    }
  }

  private readerArgs(c: ts.CallExpression, how: "r" | "ra", firstOnly: boolean): void {
    const args = firstOnly ? c.arguments.slice(0, 1) : c.arguments;
    for (const a of args) if (!ts.isSpreadElement(a)) this.wrap(a, how);
  }

  private typeOf(node: ts.Node): ts.Type {
    return this.checker.getTypeAtLocation(node);
  }

  /** May a value of this expression's type be a typed array or DataView (or ArrayBuffer, if buffers)? */
  private needsHook(node: ts.Node, buffers: boolean): boolean {
    return this.typeNeedsHook(this.typeOf(node), buffers, 0);
  }

  private typeNeedsHook(t: ts.Type, buffers: boolean, depth: number): boolean {
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    if (depth > 8) return true;
    if (!buffers) {
      const hit = this.hookCache.get(t);
      if (hit !== undefined) return hit;
    }
    let r = false;
    if (t.flags & ts.TypeFlags.TypeParameter) {
      const c = this.checker.getBaseConstraintOfType(t);
      r = c === undefined || c === t || this.typeNeedsHook(c, buffers, depth + 1);
    } else if (t.isUnionOrIntersection()) {
      r = t.types.some((u) => this.typeNeedsHook(u, buffers, depth + 1));
    } else if (t.flags & ts.TypeFlags.Object) {
      r = this.objectMayBeView(t as ts.ObjectType, buffers, depth);
    }
    if (!buffers) this.hookCache.set(t, r);
    return r;
  }

  private objectMayBeView(t: ts.ObjectType, buffers: boolean, depth: number): boolean {
    const name = t.getSymbol()?.getName();
    if (name !== undefined && (VIEW_TYPES.has(name) || name === "ArrayLike" || (buffers && BUFFER_TYPES.has(name)))) return true;
    if (this.checker.isArrayType(t) || this.checker.isTupleType(t)) return false;
    const target = t.objectFlags & ts.ObjectFlags.Reference ? (t as ts.TypeReference).target : t;
    if (target.objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface)) {
      // class MyVec extends Float64Array
      const bases = this.checker.getBaseTypes(target as ts.InterfaceType);
      if (bases.some((b) => this.typeNeedsHook(b, buffers, depth + 1))) return true;
    }
    // `{ [i: number]: number }` (but not number[] or a string-like): may well be a view
    return target.objectFlags & ts.ObjectFlags.Anonymous ? this.checker.getIndexInfoOfType(t, ts.IndexKind.Number) !== undefined : false;
  }

  private isViewType(t: ts.Type): boolean {
    if (t.isUnion()) return t.types.every((u) => u.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined) || this.isViewType(u));
    if (!(t.flags & ts.TypeFlags.Object)) return false;
    const name = t.getSymbol()?.getName();
    return name !== undefined && VIEW_TYPES.has(name);
  }

  /** Receivers that are certainly not MPI objects (arrays, views, strings, numbers): no marker needed. */
  private definitelyNotMpi(recv: ts.Expression): boolean {
    const t = this.typeOf(recv);
    if (t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike)) return true;
    if (t.flags & ts.TypeFlags.Object) return this.checker.isArrayType(t) || this.checker.isTupleType(t) || this.isViewType(t);
    return false;
  }

  /** Does this identifier refer to the global of that name (not a local shadowing it)? */
  private isGlobal(id: ts.Identifier): boolean {
    const sym = this.checker.getSymbolAtLocation(id);
    if (sym === undefined) return true;
    const decls = sym.getDeclarations() ?? [];
    return decls.every((d) => {
      const f = d.getSourceFile();
      return this.program.isSourceFileDefaultLibrary(f) || f.fileName.startsWith("/__mpisim_stub__") || f.isDeclarationFile;
    });
  }
}

export function skipOuter(node: ts.Expression): ts.Expression {
  let n = node;
  while (
    ts.isParenthesizedExpression(n) ||
    ts.isNonNullExpression(n) ||
    ts.isAsExpression(n) ||
    ts.isSatisfiesExpression(n) ||
    ts.isTypeAssertionExpression(n)
  ) {
    n = n.expression;
  }
  return n;
}

function isAssignmentOperator(k: ts.SyntaxKind): boolean {
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}

/** Is node the object of a further link of its optional chain (`node.x`, `node[i]`, `node()`)? */
function continuesChain(node: ts.Node): boolean {
  const p = node.parent;
  if (!(p.flags & ts.NodeFlags.OptionalChain)) return false;
  return (
    ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p) || ts.isCallExpression(p)) && p.expression === node) ||
    (ts.isNonNullExpression(p) && p.expression === node)
  );
}

/**
 * Side-effect free enough that evaluating it before the element load is unobservable. For the
 * short-circuiting operators (&&= ||= ??=) v must not be evaluated at all when the load decides,
 * so only names and literals qualify there.
 */
function isSimple(e: ts.Expression, strict: boolean): boolean {
  switch (e.kind) {
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.ThisKeyword:
      return true;
  }
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) {
    return isSimple(e.expression, strict);
  }
  if (strict) return ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand);
  if (ts.isPropertyAccessExpression(e)) return isSimple(e.expression, strict);
  if (ts.isElementAccessExpression(e)) return isSimple(e.expression, strict) && isSimple(e.argumentExpression, strict);
  if (ts.isPrefixUnaryExpression(e)) {
    return e.operator !== ts.SyntaxKind.PlusPlusToken && e.operator !== ts.SyntaxKind.MinusMinusToken && isSimple(e.operand, strict);
  }
  if (ts.isTypeOfExpression(e)) return isSimple(e.expression, strict);
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    return !isAssignmentOperator(k) && k !== ts.SyntaxKind.CommaToken && isSimple(e.left, strict) && isSimple(e.right, strict);
  }
  if (ts.isConditionalExpression(e)) return isSimple(e.condition, strict) && isSimple(e.whenTrue, strict) && isSimple(e.whenFalse, strict);
  return false;
}

/**
 * Temporaries are hoisted `var`s of the enclosing function (or module). Parameter initializers,
 * class fields, static blocks, decorators and computed names have no such place, so a compound
 * assignment there falls back to the single hook.
 */
function tempsAllowed(node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let p: ts.Node | undefined = node.parent; p !== undefined; child = p, p = p.parent) {
    if (ts.isSourceFile(p)) return true;
    if (ts.isFunctionLike(p)) return (p as ts.FunctionLikeDeclaration).body === child;
    if (ts.isParameter(p) || ts.isPropertyDeclaration(p) || ts.isClassStaticBlockDeclaration(p) || ts.isDecorator(p) || ts.isComputedPropertyName(p)) {
      return false;
    }
  }
  return false;
}
