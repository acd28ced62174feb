/**
 * Scope "local" of rma-race (MPI 4.1 §12.3): "the local communication buffer of an RMA operation
 * should not be updated after the operation started and until it completes at the origin; the
 * buffer of a get should not be accessed". Tracks, per origin, its operations not yet locally
 * complete that have local buffers, and reports a store to an origin buffer, any access to a
 * result buffer, or another in-flight operation of the origin using the same bytes.
 */
import type { SourceLoc } from "../../core/errors.ts";
import { type Findings, access, diagnostic, short, listsPerRank } from "../checker.ts";
import type { OpInfo } from "./model.ts";
import { opAccess, sortAccesses } from "./report.ts";

export class LocalBuffers {
  /** per origin: operations not yet locally complete that have local buffers */
  private readonly active: OpInfo[][];

  constructor(size: number, private readonly findings: Findings) {
    this.active = listsPerRank(size);
  }

  /** Does rank r have an operation in flight with local buffers? */
  busy(r: number): boolean {
    return this.active[r].length > 0;
  }

  /** An operation with local buffers was issued: check it against the origin's others, then track it. */
  add(op: OpInfo): void {
    this.checkOp(op);
    this.active[op.origin].push(op);
  }

  /** The operation completed locally: its buffers are the origin's again. */
  retire(op: OpInfo): void {
    const list = this.active[op.origin];
    const i = list.indexOf(op);
    if (i < 0) return;
    // by hand: splice returns (allocates) an array of what it removed
    for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k];
    list.pop();
  }

  /** A local access by the origin (a load, a store, or another MPI call `call`) to a buffer of one of its RMA operations still in flight. */
  check(r: number, buf: string, lo: number, hi: number, store: boolean, loc: SourceLoc | undefined, call?: string): void {
    for (const op of this.active[r]) {
      for (const u of op.locals) {
        if (u.buf !== buf || hi <= u.lo || lo >= u.hi || (!store && !u.write)) continue;
        const kind = call ?? (store ? "STORE" : "LOAD");
        const what = u.write ? "result buffer" : "origin buffer";
        this.findings.add(
          diagnostic(
            "rma-race",
            `rank ${r} ${store ? "writes" : "reads"} the ${what} of its ${op.call} (${short(op.loc)}) ${call ? `with ${call} ` : ""}at ${short(loc)} before the operation completes locally (MPI 4.1 §12.3: the buffer belongs to the operation until a Flush/Unlock/Fence/Complete or the request's Wait)`,
            [r],
            {
              scope: "local",
              predicted: op.applied,
              accesses: sortAccesses([
                opAccess(op, u.write ? "write" : "read", [u.lo, u.hi]),
                access(kind, r, loc, { window: op.win, bytes: [Math.max(lo, u.lo), Math.min(hi, u.hi)], mode: store ? "write" : "read" }),
              ]),
            },
          ),
        );
      }
    }
  }

  /** Two operations of one origin in flight at once whose local buffers overlap, one of them writing. */
  private checkOp(op: OpInfo): void {
    const active = this.active[op.origin];
    // index loops: this runs at every issue, and array iterators here were not always optimised away
    for (let i = 0; i < active.length; i++) {
      const other = active[i];
      for (let j = 0; j < other.locals.length; j++) {
        const u = other.locals[j];
        for (let k = 0; k < op.locals.length; k++) {
          const v = op.locals[k];
          if (u.buf !== v.buf || u.hi <= v.lo || u.lo >= v.hi || (!u.write && !v.write)) continue;
          this.findings.add(
            diagnostic(
              "rma-race",
              `rank ${op.origin}'s ${op.call} (${short(op.loc)}) uses a local buffer that its ${other.call} (${short(other.loc)}) still uses, and one of them writes it (MPI 4.1 §12.3)`,
              [op.origin],
              {
                scope: "local",
                predicted: true,
                accesses: sortAccesses([opAccess(other, u.write ? "write" : "read", [u.lo, u.hi]), opAccess(op, v.write ? "write" : "read", [v.lo, v.hi])]),
              },
            ),
          );
        }
      }
    }
  }
}
