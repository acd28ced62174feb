/**
 * How trace records reach the checkers: each consumer (a checker, the happens-before service)
 * declares the record kinds it reads as a typed handler map, and one table built once per
 * checker set maps each kind to its handlers, in the consumers' order. A kind no consumer
 * declares costs one lookup; dispatching a record allocates nothing.
 */
import type { RecordKind, RecordOf, TraceRecord } from "../core/trace.ts";

/** What a consumer does with each record kind it reads; the kinds it leaves out never reach it. */
export type Handlers = { [K in RecordKind]?: (rec: RecordOf<K>) => void };

type Handler = (rec: TraceRecord) => void;

/**
 * The kinds most records of a run have, in a fixed slot each: a record's handlers are found by a
 * switch on its kind (pointer comparisons of interned strings) instead of a hash lookup, which
 * was most of the dispatch cost of a record that one or two consumers read.
 */
const HOT: readonly RecordKind[] = ["call", "complete", "epoch", "rma-complete", "rma-issue", "rma-apply", "request", "deliver", "output"];

function hotSlot(t: RecordKind): number {
  switch (t) {
    case "call":
      return 0;
    case "complete":
      return 1;
    case "epoch":
      return 2;
    case "rma-complete":
      return 3;
    case "rma-issue":
      return 4;
    case "rma-apply":
      return 5;
    case "request":
      return 6;
    case "deliver":
      return 7;
    case "output":
      return 8;
    default:
      return -1;
  }
}

export class DispatchTable {
  /** handlers of the HOT kinds, by slot (null: nobody reads it) */
  private readonly hot: (Handler[] | null)[] = HOT.map(() => null);
  private readonly byKind = new Map<RecordKind, Handler[]>();

  constructor(consumers: readonly Handlers[]) {
    for (const hs of consumers) {
      // for…in, not Object.keys: the table is built every run, and this makes no array per consumer
      for (const key in hs) {
        const kind = key as RecordKind;
        // hs[kind] takes RecordOf<kind>, and only records of that kind are looked up under it.
        const h = hs[kind] as Handler | undefined;
        if (h === undefined) continue;
        const slot = hotSlot(kind);
        const list = slot >= 0 ? this.hot[slot] : this.byKind.get(kind);
        if (list !== null && list !== undefined) list.push(h);
        else if (slot >= 0) this.hot[slot] = [h];
        else this.byKind.set(kind, [h]);
      }
    }
  }

  /** Hand `rec` to the handlers of its kind (`t`: rec.t, when the caller has read it already). */
  dispatch(rec: TraceRecord, t: RecordKind = rec.t): void {
    const slot = hotSlot(t);
    const hs = slot >= 0 ? this.hot[slot] : this.byKind.get(t);
    if (hs === null || hs === undefined) return;
    for (let i = 0; i < hs.length; i++) hs[i](rec);
  }
}
