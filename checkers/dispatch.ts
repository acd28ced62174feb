/**
 * How trace records reach the checkers: each consumer (a checker, the happens-before service)
 * declares the record kinds it reads as a typed handler map, and one table built once per
 * checker set maps each kind to its handlers, in the consumers' order. A kind no consumer
 * declares costs one map lookup; dispatching a record allocates nothing.
 */
import type { RecordKind, RecordOf, TraceRecord } from "../core/trace.ts";

/** What a consumer does with each record kind it reads; the kinds it leaves out never reach it. */
export type Handlers = { [K in RecordKind]?: (rec: RecordOf<K>) => void };

type Handler = (rec: TraceRecord) => void;

export class DispatchTable {
  private readonly byKind = new Map<RecordKind, Handler[]>();

  constructor(consumers: readonly Handlers[]) {
    for (const hs of consumers) {
      for (const kind of Object.keys(hs) as RecordKind[]) {
        // hs[kind] takes RecordOf<kind>, and only records of that kind are looked up under it.
        const h = hs[kind] as Handler | undefined;
        if (h === undefined) continue;
        const list = this.byKind.get(kind);
        if (list === undefined) this.byKind.set(kind, [h]);
        else list.push(h);
      }
    }
  }

  dispatch(rec: TraceRecord): void {
    const hs = this.byKind.get(rec.t);
    if (hs === undefined) return;
    for (let i = 0; i < hs.length; i++) hs[i](rec);
  }
}
