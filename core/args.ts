/**
 * mpi4py-shaped arguments: parameters are positional in mpi4py's order, and wherever mpi4py takes
 * keyword arguments one options object with mpi4py's keyword names may stand in place of the
 * optional positional ones (SPEC §1): `Send_init(buf, right, 0)` ≡ `Send_init(buf, { dest: right, tag: 0 })`.
 */
export function isOptions(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Read `names` from `args`: positional values first; a plain object at any position supplies the
 * remaining ones by name. Missing values take `defaults`.
 */
export function kw<T extends Record<string, unknown>>(args: readonly unknown[], names: readonly (keyof T & string)[], defaults: T): T {
  const out: Record<string, unknown> = { ...defaults };
  for (let i = 0; i < args.length && i < names.length + 1; i++) {
    const a = args[i];
    if (isOptions(a)) {
      for (const k of Object.keys(a)) {
        if (a[k] !== undefined) out[k] = a[k];
      }
      break;
    }
    if (i < names.length && a !== undefined) out[names[i]] = a;
  }
  return out as T;
}
