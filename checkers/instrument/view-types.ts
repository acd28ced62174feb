/**
 * What the type checker says about an expression, in the terms the instrumentation needs: may it
 * hold a typed array or DataView (or, for `slice`, an ArrayBuffer)? Is it certainly no MPI
 * object? Is a name the global of that name? Only receivers that may hold a view get a hook, so
 * hot code on `number[]` stays native.
 */
import { ts } from "ts-morph";

const VIEW_TYPES = new Set([
  "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
  "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "DataView", "ArrayBufferView",
]);
/** Typed array constructors (for `new X(src)` and `X.from(src)`). */
export const TA_CTORS = new Set([...VIEW_TYPES].filter((n) => n.endsWith("Array")));
const BUFFER_TYPES = new Set(["ArrayBuffer", "SharedArrayBuffer", "ArrayBufferLike"]);

export class ViewTypes {
  private readonly hookCache = new Map<ts.Type, boolean>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly program: ts.Program,
  ) {}

  typeOf(node: ts.Node): ts.Type {
    return this.checker.getTypeAtLocation(node);
  }

  /** May a value of this expression's type be a typed array or DataView (or ArrayBuffer, if buffers)? */
  needsHook(node: ts.Node, buffers: boolean): boolean {
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

  isViewType(t: ts.Type): boolean {
    if (t.isUnion()) return t.types.every((u) => u.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined) || this.isViewType(u));
    if (!(t.flags & ts.TypeFlags.Object)) return false;
    const name = t.getSymbol()?.getName();
    return name !== undefined && VIEW_TYPES.has(name);
  }

  /** Receivers that are certainly not MPI objects (arrays, views, strings, numbers): no marker needed. */
  definitelyNotMpi(recv: ts.Expression): boolean {
    const t = this.typeOf(recv);
    if (t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike)) return true;
    if (t.flags & ts.TypeFlags.Object) return this.checker.isArrayType(t) || this.checker.isTupleType(t) || this.isViewType(t);
    return false;
  }

  /** Does this identifier refer to the global of that name (not a local shadowing it)? */
  isGlobal(id: ts.Identifier): boolean {
    const sym = this.checker.getSymbolAtLocation(id);
    if (sym === undefined) return true;
    const decls = sym.getDeclarations() ?? [];
    return decls.every((d) => {
      const f = d.getSourceFile();
      return this.program.isSourceFileDefaultLibrary(f) || f.fileName.startsWith("/__mpisim_stub__") || f.isDeclarationFile;
    });
  }
}
