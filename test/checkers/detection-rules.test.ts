/**
 * Issue 12 (part A) rules, each with the erroneous program and its nearest correct twin, under
 * eager and rendezvous buffering: the erroneous one reports exactly its diagnostic, the twin
 * nothing. The programs are cases of the labelled suite (test/detection/cases).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { explore, load } from "../../index.ts";
import { checkExploreOptions } from "../../cli/check-defaults.ts";
import type { Diagnostic } from "../../core/diagnostic.ts";

const CASES = join(import.meta.dirname, "../detection/cases");

/** [rule, erroneous case, its kinds, correct twin] */
const PAIRS: [string, string, string[], string][] = [
  ["unreceived message (MPI 4.1 §11.2.2)", "resource-leak/bsend-never-received", ["resource-leak"], "resource-leak/bsend-received"],
  ["unreceived Ibsend, request completed", "resource-leak/ibsend-waited-never-received", ["resource-leak"], "resource-leak/ibsend-waited-received"],
  ["non-blocking collective request leak", "resource-leak/igather-never-waited", ["resource-leak"], "resource-leak/iallgather-waited"],
  ["Ibcast buffer written while active", "request-lifecycle/ibcast-buffer-written-early", ["buffer-race"], "request-lifecycle/ibcast-buffer-after-wait"],
  ["Ialltoall receive buffer read while active", "request-lifecycle/ialltoall-recv-read-early", ["buffer-race"], "request-lifecycle/ialltoall-overlap-other-work"],
  ["Ibcast does not match Bcast (§6.12)", "call-ordering/ibcast-matches-bcast", ["collective-mismatch"], "call-ordering/ibcast-matches-ibcast"],
  ["p2p type signature (§3.3.1)", "parameter-matching/float-sent-int-received", ["mpi-error"], "parameter-matching/float-sent-float-received"],
  ["derived type signature", "parameter-matching/vector-int-received-as-float", ["mpi-error"], "parameter-matching/vector-sent-contiguous-received"],
  ["Gather block signature (§6.1)", "parameter-matching/gather-type-disagrees", ["collective-mismatch"], "parameter-matching/gather-agrees"],
  ["Alltoallv block signatures (§6.1)", "parameter-matching/alltoallv-counts-disagree", ["collective-mismatch"], "parameter-matching/alltoallv-counts-agree"],
  ["Gatherv block signatures (§6.1)", "parameter-matching/gatherv-type-disagrees", ["collective-mismatch"], "parameter-matching/gatherv-uneven-agrees"],
  ["Bcast count (§6.1)", "parameter-matching/bcast-count-disagrees", ["collective-mismatch"], "parameter-matching/bcast-vector-vs-ints"],
  ["Sendrecv aliasing (§3.10.1)", "invalid-parameter/sendrecv-aliased", ["mpi-error"], "invalid-parameter/sendrecv-disjoint-views"],
  ["Sendrecv aliasing judged by the bytes of the typemaps, not their spans (§3.10.1)", "invalid-parameter/sendrecv-column-into-itself", ["mpi-error"], "invalid-parameter/sendrecv-interleaved-columns"],
  ["collective aliasing (§6.1.1)", "invalid-parameter/allreduce-aliased", ["mpi-error"], "invalid-parameter/allreduce-in-place"],
  ["group handle leak (§7.3)", "resource-leak/group-not-freed", ["resource-leak"], "resource-leak/group-freed"],
  ["user op leak (§6.9.5)", "resource-leak/op-not-freed", ["resource-leak"], "resource-leak/op-freed"],
];

async function check(name: string, buffering: "eager" | "rendezvous"): Promise<Diagnostic[]> {
  const report = await explore(await load(join(CASES, `${name}.ts`)), { ...checkExploreOptions(), buffering, schedules: 20 });
  return report.failures.flatMap((f) => f.diagnostics);
}

const kinds = (ds: Diagnostic[]) => [...new Set(ds.map((d) => d.kind))].sort();

describe.each(["eager", "rendezvous"] as const)("issue 12 part A rules under %s buffering", (buffering) => {
  it.each(PAIRS)("%s", async (_rule, bad, want, good) => {
    expect(kinds(await check(bad, buffering)), bad).toEqual(want);
    expect(kinds(await check(good, buffering)), good).toEqual([]);
  }, 60_000);
});

describe("what the diagnostics name", () => {
  it("an unreceived message names the send's call, place and the rank that never received", async () => {
    const [d] = await check("resource-leak/bsend-never-received", "eager");
    expect(d.message).toMatch(/rank 0 sent with Bsend at bsend-never-received\.ts:\d+:\d+ \(tag 3 on COMM_WORLD\) was never received by rank 1/);
    expect(d.ranks).toEqual([0, 1]);
  });

  it("a type mismatch names both sides: the send's signature and place, the receive's", async () => {
    const [d] = await check("parameter-matching/float-sent-int-received", "eager");
    expect([d.errorClass, d.call, d.ranks]).toEqual(["ERR_TYPE", "Comm.Recv", [1]]);
    expect(d.message).toMatch(/rank 0 sent float32×2 \(MPI_FLOAT\) at .*float-sent-int-received\.ts:\d+:\d+, received as int32×2 \(MPI_INT\)/);
  });

  it("a collective signature mismatch names both members and their calls", async () => {
    const [d] = await check("parameter-matching/gather-type-disagrees", "eager");
    expect(d.message).toMatch(/rank \d called Gather with type (int32|float32)×2 but rank \d called Gather with type (float32|int32)×2/);
    expect(d.accesses?.map((a) => a.op)).toEqual(["Comm.Gather", "Comm.Gather"]);
  });

  it("a leaked handle names its creation call and place; a double free is the handle's error class", async () => {
    const [g] = await check("resource-leak/group-not-freed", "eager");
    expect(g.message).toMatch(/the group created by Get_group at group-not-freed\.ts:\d+:\d+ was never freed by ranks 0, 1/);
    for (const [name, cls] of [["call-ordering/group-double-free", "ERR_GROUP"], ["call-ordering/op-double-free", "ERR_OP"], ["call-ordering/datatype-use-after-free", "ERR_TYPE"], ["call-ordering/free-comm-then-use", "ERR_COMM"]]) {
      const ds = await check(name, "eager");
      expect(ds.map((d) => d.errorClass), name).toContain(cls);
    }
  });
});
