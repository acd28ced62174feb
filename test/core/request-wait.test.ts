import { describe, expect, it } from "vitest";
import { RequestWait, consumeAll } from "../../core/request-wait.ts";
import { Status } from "../../core/status.ts";
import type { Request } from "../../core/request.ts";
import { runProgram } from "../../scheduler/run.ts";
import { prog } from "../helpers/program.ts";

/** A stand-in for a request: only what RequestWait reads (done, peers). */
function fake(done: boolean, peers: number[]): Request {
  return { done, peers: () => peers } as unknown as Request;
}

describe("RequestWait: park until these requests are done", () => {
  it("waits for all of them, or for any one, and names the peers of those not done", () => {
    const reqs = [fake(true, [1]), fake(false, [2, 3]), fake(false, [4])];
    const all = new RequestWait("Request.Waitall", reqs, () => "all");
    const any = new RequestWait("Request.Waitany", reqs, () => "any", "any");
    expect(all.ready()).toBe(false);
    expect(any.ready()).toBe(true);
    expect(all.waitsFor()).toEqual([2, 3, 4]);
    expect(new RequestWait("x", [fake(true, [1])], () => 0).ready()).toBe(true);
    expect(new RequestWait("x", [fake(false, [1]), fake(false, [2])], () => 0, "any").ready()).toBe(false);
  });

  it("asked again after each completion, in any order, a wait for all is ready only after the last one", () => {
    for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]]) {
      const reqs = [fake(false, [1]), fake(false, [2]), fake(false, [3]), fake(false, [4])];
      const all = new RequestWait("Request.Waitall", reqs, () => "all");
      expect(all.ready()).toBe(false);
      order.forEach((k, i) => {
        (reqs[k] as unknown as { done: boolean }).done = true;
        expect(all.ready()).toBe(i === order.length - 1);
      });
      // A collective's request joins the list after the wait was made.
      reqs.push(fake(false, [5]));
      expect(all.ready()).toBe(false);
      (reqs[4] as unknown as { done: boolean }).done = true;
      expect(all.ready()).toBe(true);
    }
  });

  it("as a test returns at once, marks an empty answer as a poll, and waits for nobody", () => {
    const seen: (boolean | undefined)[] = [];
    const t = new RequestWait<boolean>("Request.Testall", [fake(true, [1]), fake(false, [2])], (_, w) => (seen.push(w.poll), !w.poll), "all", true);
    expect(t.ready()).toBe(true);
    expect(t.complete()).toBe(false);
    expect(t.poll).toBe(true);
    expect(t.waitsFor()).toEqual([]);
    const u = new RequestWait<boolean>("Request.Testany", [fake(true, [1]), fake(false, [2])], (_, w) => !w.poll, "any", true);
    expect(u.complete()).toBe(true);
    expect(u.poll).toBe(false);
    expect(seen).toEqual([true]);
  });

  it("gives the deadlock report each blocked call's peers: Waitall, Sendrecv, a collective", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const r = comm.Get_rank();
      const b = new Int32Array(1);
      if (r === 0) await MPI.Request.Waitall([comm.Irecv(b, 1), comm.Irecv(new Int32Array(1), 2)]);
      else if (r === 1) await comm.Sendrecv(b, 2, 0, new Int32Array(1), 2, 0);
      else await comm.Barrier();
    }, 3);
    const res = await runProgram(p, { seed: 0 });
    const d = res.diagnostics.find((x) => x.kind === "deadlock")!;
    const waits = Object.fromEntries(d.pending!.map((q) => [q.rank, q.waitsFor]));
    expect(waits).toEqual({ 0: [1, 2], 1: [2], 2: [0, 1] });
  });

  it("names a send's destination, a receive's source, and every other member for ANY_SOURCE", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const b = new Int32Array(1);
      const r = comm.Get_rank();
      if (r === 0) await comm.Ssend(b, 1, 0);
      else if (r === 1) await comm.Recv(b, 2, 0);
      else await comm.Recv(b, MPI.ANY_SOURCE, 0);
    }, 3);
    const res = await runProgram(p, { seed: 0 });
    const d = res.diagnostics.find((x) => x.kind === "deadlock")!;
    expect(Object.fromEntries(d.pending!.map((q) => [q.rank, q.waitsFor]))).toEqual({ 0: [1], 1: [2], 2: [0, 1] });
  });

  it("consumeAll hands over the completed requests, skips a sparse list's holes, blanks null ones' statuses, raises the first error after all", () => {
    const consumed: string[] = [];
    const req = (name: string, state: string, error?: Error) =>
      ({
        state,
        consume(s?: Status) {
          consumed.push(name);
          if (s) s.tag = 7;
          if (error) throw error;
        },
      }) as unknown as Request;
    const first = new Error("first");
    const list = [req("a", "complete", first), , null, req("b", "inactive"), req("c", "complete", new Error("second"))] as (Request | null)[];
    const statuses: Status[] = [];
    const stale = new Status();
    stale.tag = 3;
    statuses[2] = stale;
    expect(() => consumeAll(list, statuses)).toThrow(first);
    expect(consumed).toEqual(["a", "c"]);
    // One status per element, none for the hole; the null request's is blanked.
    expect(1 in statuses).toBe(false);
    expect(statuses[0].tag).toBe(7);
    expect(statuses[2]).toBe(stale);
    expect(statuses[2].tag).toBe(new Status().tag);
    expect(statuses[3].tag).toBe(new Status().tag);
    expect(statuses[4].tag).toBe(7);
    expect(statuses.length).toBe(5);
  });
});
