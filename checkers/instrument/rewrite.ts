/**
 * The rewriting half of the instrumentation pass: a `before` transformer for ts.transpileModule
 * that replaces the expressions analyze.ts picked with calls to the runtime hooks
 * (core/instrument-runtime.ts). Working on the AST keeps every untouched node's position, so the
 * emitted source map points into the original .ts text.
 */
import { ts } from "ts-morph";
import { siteKey, type Site } from "./analyze.ts";
import { skipOuter } from "./element-use.ts";

export interface RewriteOptions {
  sites: Map<string, Site>;
  /** identifier prefix for hooks, temporaries excluded (those come from the factory) */
  prefix: string;
  /** new text for an import/export/`import()` specifier, or undefined to keep it */
  specifier?: (spec: string) => string | undefined;
  /** literal replacements for `import.meta.url` / `.filename` / `.dirname` */
  importMeta?: { url?: string; filename?: string; dirname?: string };
}

/** Hook name (on the runtime object) → which ones a module used, for its header. */
export type UsedHooks = Set<string>;

const COMPOUND: Partial<Record<ts.SyntaxKind, [number, ts.BinaryOperator]>> = {
  [ts.SyntaxKind.PlusEqualsToken]: [0, ts.SyntaxKind.PlusToken],
  [ts.SyntaxKind.MinusEqualsToken]: [1, ts.SyntaxKind.MinusToken],
  [ts.SyntaxKind.AsteriskEqualsToken]: [2, ts.SyntaxKind.AsteriskToken],
  [ts.SyntaxKind.SlashEqualsToken]: [3, ts.SyntaxKind.SlashToken],
  [ts.SyntaxKind.PercentEqualsToken]: [4, ts.SyntaxKind.PercentToken],
  [ts.SyntaxKind.AsteriskAsteriskEqualsToken]: [5, ts.SyntaxKind.AsteriskAsteriskToken],
  [ts.SyntaxKind.LessThanLessThanEqualsToken]: [6, ts.SyntaxKind.LessThanLessThanToken],
  [ts.SyntaxKind.GreaterThanGreaterThanEqualsToken]: [7, ts.SyntaxKind.GreaterThanGreaterThanToken],
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken]: [8, ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken],
  [ts.SyntaxKind.AmpersandEqualsToken]: [9, ts.SyntaxKind.AmpersandToken],
  [ts.SyntaxKind.BarEqualsToken]: [10, ts.SyntaxKind.BarToken],
  [ts.SyntaxKind.CaretEqualsToken]: [11, ts.SyntaxKind.CaretToken],
  [ts.SyntaxKind.AmpersandAmpersandEqualsToken]: [12, ts.SyntaxKind.AmpersandAmpersandToken],
  [ts.SyntaxKind.BarBarEqualsToken]: [13, ts.SyntaxKind.BarBarToken],
  [ts.SyntaxKind.QuestionQuestionEqualsToken]: [14, ts.SyntaxKind.QuestionQuestionToken],
};

export function rewriter(opts: RewriteOptions, used: UsedHooks): ts.TransformerFactory<ts.SourceFile> {
  const { sites, prefix } = opts;
  return (context) => {
    const f = context.factory;

    const hook = (name: string): ts.Identifier => {
      used.add(name);
      return f.createIdentifier(prefix + name);
    };
    const locRef = (s: Site): ts.Expression =>
      f.createElementAccessExpression(f.createIdentifier(prefix + "Loc"), f.createNumericLiteral(s.loc));
    const callHook = (name: string, args: ts.Expression[]): ts.CallExpression => f.createCallExpression(hook(name), undefined, args);
    const ex = (n: ts.Node): ts.Expression => ts.visitNode(n, visit) as ts.Expression;

    const visit = (node: ts.Node): ts.Node => {
      const site = sites.get(siteKey(node));
      let out = rewrite(node, site);
      if (site?.wrap !== undefined) {
        out = callHook(site.wrap, [out as ts.Expression, locRef(site)]);
        ts.setTextRange(out, node);
      }
      return out;
    };

    const rewrite = (node: ts.Node, site: Site | undefined): ts.Node => {
      switch (node.kind) {
        case ts.SyntaxKind.ElementAccessExpression: {
          const e = node as ts.ElementAccessExpression;
          if (site?.elem === "load" || site?.elem === "loadq") {
            return ts.setTextRange(callHook(site.elem === "load" ? "l" : "lq", [ex(e.expression), ex(e.argumentExpression), locRef(site)]), e);
          }
          break;
        }
        case ts.SyntaxKind.BinaryExpression:
          return binary(node as ts.BinaryExpression);
        case ts.SyntaxKind.PrefixUnaryExpression:
        case ts.SyntaxKind.PostfixUnaryExpression: {
          const u = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
          const target = skipOuter(u.operand);
          const ts_ = sites.get(siteKey(target));
          if (ts_?.elem === "incdec" && ts.isElementAccessExpression(target)) {
            const dec = u.operator === ts.SyntaxKind.MinusMinusToken ? 1 : 0;
            const post = ts.isPostfixUnaryExpression(u) ? 2 : 0;
            const args = [ex(target.expression), ex(target.argumentExpression), f.createNumericLiteral(dec | post), locRef(ts_)];
            return ts.setTextRange(callHook("i", args), u);
          }
          break;
        }
        case ts.SyntaxKind.ForOfStatement:
        case ts.SyntaxKind.ForInStatement: {
          const fs = node as ts.ForOfStatement | ts.ForInStatement;
          if (ts.isVariableDeclarationList(fs.initializer)) break;
          const init = visitTarget(fs.initializer);
          const expr = ex(fs.expression);
          const body = ts.visitIterationBody(fs.statement, visit, context);
          return ts.isForOfStatement(fs)
            ? f.updateForOfStatement(fs, fs.awaitModifier, init, expr, body)
            : f.updateForInStatement(fs, init, expr, body);
        }
        case ts.SyntaxKind.CallExpression:
          return call(node as ts.CallExpression, site);
        case ts.SyntaxKind.ImportDeclaration:
        case ts.SyntaxKind.ExportDeclaration: {
          const d = node as ts.ImportDeclaration | ts.ExportDeclaration;
          const spec = d.moduleSpecifier;
          const next = spec !== undefined && ts.isStringLiteral(spec) ? opts.specifier?.(spec.text) : undefined;
          if (next === undefined) break;
          const lit = ts.setTextRange(f.createStringLiteral(next), spec!);
          return ts.isImportDeclaration(d)
            ? f.updateImportDeclaration(d, d.modifiers, d.importClause, lit, d.attributes)
            : f.updateExportDeclaration(d, d.modifiers, d.isTypeOnly, d.exportClause, lit, d.attributes);
        }
        case ts.SyntaxKind.PropertyAccessExpression: {
          const pa = node as ts.PropertyAccessExpression;
          if (ts.isMetaProperty(pa.expression) && pa.expression.keywordToken === ts.SyntaxKind.ImportKeyword && ts.isIdentifier(pa.name)) {
            const v = opts.importMeta?.[pa.name.text as "url" | "filename" | "dirname"];
            if (v !== undefined) return ts.setTextRange(f.createStringLiteral(v), pa);
          }
          break;
        }
      }
      return ts.visitEachChild(node, visit, context);
    };

    const binary = (b: ts.BinaryExpression): ts.Node => {
      const op = b.operatorToken.kind;
      const left = skipOuter(b.left);
      if (op === ts.SyntaxKind.EqualsToken && (ts.isArrayLiteralExpression(left) || ts.isObjectLiteralExpression(left))) {
        return f.updateBinaryExpression(b, visitTarget(b.left), b.operatorToken, ex(b.right));
      }
      const s = ts.isElementAccessExpression(left) ? sites.get(siteKey(left)) : undefined;
      if (s === undefined || !ts.isElementAccessExpression(left)) return ts.visitEachChild(b, visit, context);
      const o = () => ex(left.expression), k = () => ex(left.argumentExpression);
      switch (s.elem) {
        case "store":
          return ts.setTextRange(callHook("s", [o(), k(), ex(b.right), locRef(s)]), b);
        case "compound-u":
          return ts.setTextRange(callHook("u", [o(), k(), f.createNumericLiteral(COMPOUND[op]![0]), ex(b.right), locRef(s)]), b);
        case "compound-t": {
          // (t1 = o, t2 = k, s(t1, t2, l(t1, t2) OP v)): the load happens before v is evaluated, as in the original
          const t1 = f.createTempVariable(context.hoistVariableDeclaration);
          const t2 = f.createTempVariable(context.hoistVariableDeclaration);
          const [, jsOp] = COMPOUND[op]!;
          const load = callHook("l", [t1, t2, locRef(s)]);
          const store = (v: ts.Expression) => callHook("s", [t1, t2, v, locRef(s)]);
          const value =
            jsOp === ts.SyntaxKind.AmpersandAmpersandToken || jsOp === ts.SyntaxKind.BarBarToken || jsOp === ts.SyntaxKind.QuestionQuestionToken
              ? f.createBinaryExpression(load, jsOp, store(ex(b.right)))
              : store(f.createBinaryExpression(load, jsOp, ex(b.right)));
          const seq = f.createCommaListExpression([f.createAssignment(t1, o()), f.createAssignment(t2, k()), value]);
          return ts.setTextRange(f.createParenthesizedExpression(seq), b);
        }
      }
      return ts.visitEachChild(b, visit, context);
    };

    /** An assignment target (destructuring element, for-in/of initializer). */
    const visitTarget = (node: ts.Expression): ts.Expression => {
      const inner = skipOuter(node);
      if (ts.isElementAccessExpression(inner)) {
        const s = sites.get(siteKey(inner));
        if (s?.elem !== undefined && s.elem !== "load" && s.elem !== "loadq") {
          const w = callHook("w", [ex(inner.expression), ex(inner.argumentExpression), locRef(s)]);
          return ts.setTextRange(f.createPropertyAccessExpression(w, "v"), inner);
        }
        return ex(node);
      }
      if (ts.isArrayLiteralExpression(inner)) {
        return f.updateArrayLiteralExpression(inner, inner.elements.map(targetElement));
      }
      if (ts.isObjectLiteralExpression(inner)) {
        const props = inner.properties.map((p): ts.ObjectLiteralElementLike => {
          if (ts.isPropertyAssignment(p)) return f.updatePropertyAssignment(p, ts.visitNode(p.name, visit) as ts.PropertyName, targetElement(p.initializer));
          if (ts.isSpreadAssignment(p)) return f.updateSpreadAssignment(p, visitTarget(p.expression));
          return ts.visitNode(p, visit) as ts.ObjectLiteralElementLike;
        });
        return f.updateObjectLiteralExpression(inner, props);
      }
      return ex(node);
    };

    const targetElement = (el: ts.Expression): ts.Expression => {
      if (ts.isOmittedExpression(el)) return el;
      if (ts.isSpreadElement(el)) return f.updateSpreadElement(el, visitTarget(el.expression));
      if (ts.isBinaryExpression(el) && el.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        return f.updateBinaryExpression(el, visitTarget(el.left), el.operatorToken, ex(el.right));
      }
      return visitTarget(el);
    };

    const call = (c: ts.CallExpression, site: Site | undefined): ts.Node => {
      if (c.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const a0 = c.arguments[0];
        const next = a0 !== undefined && ts.isStringLiteralLike(a0) ? opts.specifier?.(a0.text) : undefined;
        if (next !== undefined) {
          return f.updateCallExpression(c, c.expression, c.typeArguments, [ts.setTextRange(f.createStringLiteral(next), a0!), ...c.arguments.slice(1).map(ex)]);
        }
        return ts.visitEachChild(c, visit, context);
      }
      if (site === undefined || !(site.viewCall || site.mark) || !ts.isPropertyAccessExpression(c.expression)) {
        return ts.visitEachChild(c, visit, context);
      }
      const callee = c.expression;
      const args = c.arguments.map(ex);
      let recv = ex(callee.expression);
      let prefixMark = false;
      if (site.mark) {
        // The receiver check (handle.ts) also marks: a failing call then names the user's
        // receiver, not a hook, and an un-awaited Promise used as a handle says so.
        const checked = site.recvText !== undefined && !(c.flags & ts.NodeFlags.OptionalChain) && callee.expression.kind !== ts.SyntaxKind.SuperKeyword;
        if (checked) recv = callHook("m", [recv, f.createStringLiteral(callee.name.text), locRef(site), f.createStringLiteral(site.recvText!)]);
        // Mark after everything else the call evaluates, so a nested MPI call in an argument cannot
        // leave its own location behind: on the last argument, or else on the receiver.
        const n = args.length;
        if (n > 0) {
          const last = args[n - 1]!;
          args[n - 1] = ts.isSpreadElement(last)
            ? f.updateSpreadElement(last, callHook("k", [last.expression, locRef(site)]))
            : callHook("k", [last, locRef(site)]);
        } else if (c.flags & ts.NodeFlags.OptionalChain || callee.expression.kind === ts.SyntaxKind.SuperKeyword) {
          prefixMark = true;
        } else if (!checked) {
          recv = callHook("k", [recv, locRef(site)]);
        }
      }
      let out: ts.Expression;
      if (site.viewCall) {
        const name = f.createStringLiteral(callee.name.text);
        const simple = args.length <= 3 && !args.some(ts.isSpreadElement);
        out = simple
          ? callHook(`c${args.length}`, [recv, name, locRef(site), ...args])
          : callHook("cn", [recv, name, locRef(site), f.createArrayLiteralExpression(args)]);
      } else {
        const newCallee = ts.isPropertyAccessChain(callee)
          ? f.updatePropertyAccessChain(callee, recv, callee.questionDotToken, callee.name)
          : f.updatePropertyAccessExpression(callee, recv, callee.name);
        out = ts.isCallChain(c)
          ? f.updateCallChain(c, newCallee, c.questionDotToken, c.typeArguments, args)
          : f.updateCallExpression(c, newCallee, c.typeArguments, args);
      }
      if (prefixMark) out = f.createParenthesizedExpression(f.createComma(callHook("k0", [locRef(site)]), out));
      return ts.setTextRange(out, c);
    };

    return (sf) => {
      const statements = ts.visitLexicalEnvironment(sf.statements, visit, context);
      return f.updateSourceFile(sf, statements);
    };
  };
}
