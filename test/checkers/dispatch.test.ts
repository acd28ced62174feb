/**
 * The checkers' dispatch table (checkers/dispatch.ts): each consumer declares the record kinds it
 * reads; a record reaches exactly the consumers that declare its kind, in the consumers' order,
 * and the record types are checked where records are written.
 */
import { describe, expect, it } from "vitest";
import { DispatchTable, type Handlers } from "../../checkers/dispatch.ts";
import { createCheckers } from "../../checkers/index.ts";
import { isIoRecord } from "../../core/io/records.ts";
import type { TraceRecord } from "../../core/trace.ts";

const base = { step: 1, rank: 0, time: 0 };
const call: TraceRecord = { t: "call", ...base, id: 0, call: "Comm.Barrier" };
const store: TraceRecord = { t: "store", ...base, buf: "r0b0", off: 0, len: 4 };
const apply: TraceRecord = { t: "rma-apply", ...base, id: "0:0", win: "w0", target: 0 };

describe("DispatchTable", () => {
  it("gives each record to the consumers that declare its kind, in the consumers' order", () => {
    const seen: string[] = [];
    const a: Handlers = { call: (r) => seen.push(`a:${r.call}`), store: (r) => seen.push(`a:${r.t}:${r.buf}`) };
    const b: Handlers = { "rma-apply": (r) => seen.push(`b:${r.id}`), call: () => seen.push("b:call") };
    const c: Handlers = { load: () => seen.push("c:load") };
    const table = new DispatchTable([a, b, c]);
    for (const rec of [call, store, apply]) table.dispatch(rec);
    expect(seen).toEqual(["a:Comm.Barrier", "b:call", "a:store:r0b0", "b:0:0"]);
  });

  it("a kind nobody declares reaches nobody", () => {
    let n = 0;
    const table = new DispatchTable([{ call: () => n++ }]);
    table.dispatch({ t: "output", ...base, text: "hi" });
    expect(n).toBe(0);
  });

  it("the happens-before service has seen a record before the checkers look at it", () => {
    const set = createCheckers({ ranks: 2 });
    // A blocking call ticks its rank's clock in the happens-before service.
    set.onRecord({ t: "call", ...base, id: 0, call: "Comm.Barrier", blocking: true });
    expect(set.hb!.epoch(0)).toBeGreaterThan(set.hb!.epoch(1));
  });
});

describe("typed records", () => {
  it("tells I/O records by kind", () => {
    expect(isIoRecord({ t: "file-sync", ...base, file: "a", fh: "c.f0" })).toBe(true);
    expect(isIoRecord(apply)).toBe(false);
  });

  it("a record with a field its kind does not have, or a missing one, does not type-check", () => {
    const ok: TraceRecord = { t: "win-free", ...base, win: "w0" };
    // @ts-expect-error: an rma-apply record has no `what` (rma-complete has)
    const extra: TraceRecord = { t: "rma-apply", ...base, id: "0:0", win: "w0", target: 0, what: "local" };
    // @ts-expect-error: a file-open record names its handle `fh`
    const missing: TraceRecord = { t: "file-open", ...base, file: "a", comm: "c", amode: 0 };
    expect([ok, extra, missing].map((r) => r.t)).toEqual(["win-free", "rma-apply", "file-open"]);
  });
});
