// core/p2p.ts keeps each queued message's target (the receive it would match if delivered now) and
// looks again only at the messages whose answer can have changed. This checks it against the rule
// itself (MPI 4.1 §3.5: the earliest posted receive that matches; an earlier message from the same
// sender that matches it goes first), at every step of random programs with wildcards, tags,
// batches of receives, cancelled receives and synchronous sends.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ANY_SOURCE, ANY_TAG } from "../../core/constants.ts";
import type { EnabledSet, SimEvent } from "../../core/events.ts";
import { P2P, type Message, type PostedRecv } from "../../core/p2p.ts";
import type { World } from "../../core/world.ts";
import { runProgram } from "../../scheduler/run.ts";
import { RandomStrategy, type Strategy } from "../../scheduler/strategy.ts";
import { prog } from "../helpers/program.ts";

const matches = (m: Message, r: PostedRecv) =>
  m.ctx === r.ctx && (r.source === ANY_SOURCE || r.source === m.srcLocal) && (r.tag === ANY_TAG || r.tag === m.tag);

/** The target of message i by the rule, from scratch. */
function expected(msgs: readonly Message[], recvs: readonly PostedRecv[], i: number): PostedRecv | null {
  const m = msgs[i];
  const first = recvs.find((r) => matches(m, r)) ?? null;
  if (first === null) return null;
  return msgs.slice(0, i).some((e) => e.src === m.src && matches(e, first)) ? null : first;
}

/** Random choices, and before each one every queue's targets are checked. */
class CheckingStrategy implements Strategy {
  readonly name = "checking";
  private inner: RandomStrategy;
  checked = 0;
  constructor(seed: number) {
    this.inner = new RandomStrategy(seed);
  }
  choose(enabled: EnabledSet, world: World): SimEvent {
    const p2p = world.subsystems.get("p2p") as P2P | undefined;
    for (let rank = 0; p2p && rank < world.size; rank++) {
      const { msgs, recvs } = p2p.inbox(rank);
      msgs.forEach((m, i) => {
        const want = expected(msgs, recvs, i);
        expect(m.target).toBe(want);
        expect(m.enabled).toBe(want !== null);
        this.checked++;
      });
    }
    return this.inner.choose(enabled);
  }
}

const recvPlan = fc.record({
  source: fc.constantFrom(ANY_SOURCE, 1, 2),
  tag: fc.constantFrom(ANY_TAG, 0, 1),
  /** after posting it: wait for any posted receive to complete */
  wait: fc.boolean(),
  /** cancel it right after posting (it may have matched already) */
  cancel: fc.boolean(),
});
const sendPlan = fc.record({ tag: fc.constantFrom(0, 1), sync: fc.boolean() });

describe("point-to-point targets", () => {
  it("every queued message's target is the rule's, at every step", async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(recvPlan, { maxLength: 7 }),
        fc.array(sendPlan, { maxLength: 4 }),
        fc.array(sendPlan, { maxLength: 4 }),
        fc.nat(1000),
        async (recvs, sends1, sends2, seed) => {
          const p = prog(async (MPI) => {
            const comm = MPI.COMM_WORLD;
            const rank = comm.Get_rank();
            if (rank === 0) {
              const posted: InstanceType<typeof MPI.Request>[] = [];
              for (const r of recvs) {
                const req = comm.Irecv(new Int32Array(1), r.source, r.tag);
                posted.push(req);
                if (r.cancel) req.Cancel();
                if (r.wait) await MPI.Request.Waitany(posted);
              }
              // Whatever matched nothing is cancelled (the senders' leftovers are left in flight).
              for (const req of posted) req.Cancel();
              await MPI.Request.Waitall(posted);
            } else {
              const plan = rank === 1 ? sends1 : sends2;
              const reqs = plan.map((s, i) => (s.sync ? comm.Issend : comm.Isend).call(comm, new Int32Array([rank * 100 + i]), 0, s.tag));
              // Synchronous sends nobody receives stay active: cancel is not for sends here, so only the eager ones are waited.
              await MPI.Request.Waitall(reqs.filter((_, i) => !plan[i].sync));
            }
          }, 3);
          const strategy = new CheckingStrategy(seed);
          await runProgram(p, { strategy });
          checked += strategy.checked;
        },
      ),
      { numRuns: 150 },
    );
    // the property did look at queued messages
    expect(checked).toBeGreaterThan(100);
  });
});
