/**
 * How an element access `a[i]` is used — read, written, updated, a destructuring target — which
 * decides the hook the rewrite puts there. Syntax only: no types are asked.
 */
import { ts } from "ts-morph";

/** How an element access is used, which decides the hook. */
export type ElemUse =
  | "load" // a[i]
  | "loadq" // a?.[i] at the end of its optional chain
  | "store" // a[i] = v
  | "compound-u" // a[i] op= v, v side-effect free: one hook
  | "compound-t" // a[i] op= v, v anything: temporaries, load before v is evaluated
  | "incdec" // a[i]++ etc.
  | "target"; // destructuring / for-in-of target

/** How e is used (undefined: leave it alone). */
export function elemUse(e: ts.ElementAccessExpression): ElemUse | undefined {
  let node: ts.Node = e;
  let destructuring = false;
  for (;;) {
    const parent = node.parent;
    switch (parent.kind) {
      case ts.SyntaxKind.BinaryExpression: {
        const be = parent as ts.BinaryExpression;
        if (be.left !== node || !isAssignmentOperator(be.operatorToken.kind)) return "load";
        if (destructuring || inPattern(be)) return "target";
        if (be.operatorToken.kind === ts.SyntaxKind.EqualsToken) return "store";
        return compoundUse(be);
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
    if (destructuring && !isPatternTarget(node)) return "load";
  }
}

/** Is this array/object literal (or spread) the target of a destructuring assignment? */
function isPatternTarget(node: ts.Node): boolean {
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
export function inPattern(node: ts.Node): boolean {
  const p = node.parent;
  if (ts.isArrayLiteralExpression(p) || ts.isSpreadElement(p)) return isPatternTarget(p);
  if (ts.isPropertyAssignment(p) && p.initializer === node) return isPatternTarget(p.parent);
  if (ts.isObjectLiteralExpression(p)) return isPatternTarget(p);
  return false;
}

function compoundUse(be: ts.BinaryExpression): ElemUse {
  const logical =
    be.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken ||
    be.operatorToken.kind === ts.SyntaxKind.BarBarEqualsToken ||
    be.operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken;
  if (isSimple(be.right, logical)) return "compound-u";
  return tempsAllowed(be) ? "compound-t" : "compound-u";
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

export function isAssignmentOperator(k: ts.SyntaxKind): boolean {
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}

/** Is node the object of a further link of its optional chain (`node.x`, `node[i]`, `node()`)? */
export function continuesChain(node: ts.Node): boolean {
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
