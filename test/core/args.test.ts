import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kw, kwList } from "../../core/args.ts";

const NAMES = ["origin", "target_rank", "target", "op"] as const;
const DEFAULTS = [undefined, undefined, null, "SUM"] as const;

/** Argument lists as users write them: positional values (some undefined), maybe one options object. */
const argLists = fc
  .tuple(
    fc.array(fc.oneof(fc.integer(), fc.constant(undefined), fc.string({ maxLength: 2 }), fc.constant(new Int32Array(1))), { maxLength: 5 }),
    fc.option(fc.dictionary(fc.constantFrom(...NAMES, "extra"), fc.oneof(fc.integer(), fc.constant(undefined))), { nil: undefined }),
    fc.nat(5),
  )
  .map(([pos, opts, at]) => {
    const args: unknown[] = [...pos];
    if (opts !== undefined) args.splice(Math.min(at, args.length), 0, opts);
    return args;
  });

describe("kwList", () => {
  it("reads the same values as kw, in the order of the names", () => {
    fc.assert(
      fc.property(argLists, (args) => {
        const byName = kw(args, [...NAMES], { origin: undefined as unknown, target_rank: undefined as unknown, target: null as unknown, op: "SUM" as unknown });
        const out: unknown[] = ["stale", "stale", "stale", "stale"];
        const list = kwList(args, NAMES, DEFAULTS, out);
        expect(list).toBe(out);
        expect([...list]).toEqual(NAMES.map((n) => byName[n]));
      }),
    );
  });

  it("takes positional values, then an options object for the rest, and ignores unknown keys", () => {
    const out: unknown[] = [];
    expect([...kwList([1, 2], NAMES, DEFAULTS, out)]).toEqual([1, 2, null, "SUM"]);
    expect([...kwList([1, { target: 7, op: "MAX", extra: 9 }], NAMES, DEFAULTS, out)]).toEqual([1, undefined, 7, "MAX"]);
    expect([...kwList([1, undefined, 3], NAMES, DEFAULTS, out)]).toEqual([1, undefined, 3, "SUM"]);
  });
});
