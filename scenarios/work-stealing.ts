// Work-stealing queue: workers claim tickets from a counter on the root with Compare_and_swap,
// fetch the task payload with Get, and Put the squared result back into the root's results window.
// (The lecture's program, conformance/seed/04-work-stealing.ts, plus a check of its invariant.)
import type { MPI as MPINamespace, RunResult } from "mpisim";

export const ranks = 4;

const ROOT = 0;
export const params = { tasks: 8 }; // the lecture's 8 tasks; the bench's exhaustive DPOR row sets fewer
const I32_BYTES = Int32Array.BYTES_PER_ELEMENT;
const F64_BYTES = Float64Array.BYTES_PER_ELEMENT;

/**
 * Every ticket 0..params.tasks-1 is claimed exactly once across the workers (the seed's invariant);
 * `mpisim run` reports a `property` diagnostic when a schedule breaks it.
 */
export function check(result: RunResult): void {
  const claims = new Map<number, number[]>();
  result.outputs.forEach((lines, rank) => {
    for (const line of lines) {
      const m = /claimed ticket=(-?\d+)/.exec(line);
      if (m) claims.set(Number(m[1]), [...(claims.get(Number(m[1])) ?? []), rank]);
    }
  });
  const bad: string[] = [];
  for (let t = 0; t < params.tasks; t++) {
    const who = claims.get(t) ?? [];
    if (who.length !== 1) bad.push(`ticket ${t} claimed ${who.length} times${who.length ? ` (by ranks ${who.join(", ")})` : ""}`);
  }
  if (bad.length) throw new Error(bad.join("; "));
}

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const log = (msg: string) => console.log(`[rank ${rank}] ${msg}`);

  // pool[0] = counter of remaining tasks, pool[1..] = task payloads; workers expose no memory.
  let pool: Int32Array | null = null;
  let results: Float64Array | null = null;
  if (rank === ROOT) {
    pool = new Int32Array(params.tasks + 1);
    pool[0] = params.tasks;
    for (let i = 1; i <= params.tasks; i++) pool[i] = i;
    results = new Float64Array(params.tasks).fill(NaN);
  }
  // The lecture logs this line after creating the windows; but Win.Create does not synchronise
  // (MPI 4.1 §12.2.1), so a worker's Compare_and_swap may already be updating pool[0] while the
  // root reads it (mpisim reports that rma-race on the lecture's version,
  // ../shared/conformance/seed/04-work-stealing.ts). Reading it before the window exists is safe.
  if (rank === ROOT) log(`init: counter=${pool![0]}, tasks=[${Array.from(pool!.subarray(1)).join(", ")}]`);
  const winPool = await MPI.Win.Create(pool, { comm });
  const winRes = await MPI.Win.Create(results, { comm });

  // Atomically decrement pool[0] at the target only if it is > 0; return the ticket or -1.
  async function claimTicket(win: typeof winPool, target: number): Promise<number> {
    const cur = new Int32Array(1), expect = new Int32Array(1), next = new Int32Array(1), old = new Int32Array(1);
    for (;;) {
      await win.Lock(target, MPI.LOCK_SHARED);
      win.Get([cur, MPI.INT], target, 0);
      await win.Flush(target);
      await win.Unlock(target);

      const c = cur[0];
      if (c <= 0) return -1;

      expect[0] = c;
      next[0] = c - 1;
      await win.Lock(target, MPI.LOCK_EXCLUSIVE);
      win.Compare_and_swap([next, MPI.INT], [expect, MPI.INT], [old, MPI.INT], target, 0);
      await win.Flush(target);
      await win.Unlock(target);

      if (old[0] === c) return c - 1;
    }
  }

  if (rank !== ROOT) {
    for (;;) {
      const ticket = await claimTicket(winPool, ROOT);
      if (ticket < 0) {
        log("no work left; exiting");
        break;
      }
      const task = new Int32Array(1);
      await winPool.Lock(ROOT, MPI.LOCK_SHARED);
      winPool.Get([task, MPI.INT], ROOT, (1 + ticket) * I32_BYTES);
      await winPool.Flush(ROOT);
      await winPool.Unlock(ROOT);
      const payload = task[0];
      log(`claimed ticket=${ticket}, task=${payload}`);

      const resultVal = payload * payload;
      const resBuf = new Float64Array([resultVal]);
      await winRes.Lock(ROOT, MPI.LOCK_SHARED);
      winRes.Put([resBuf, MPI.DOUBLE], ROOT, ticket * F64_BYTES);
      await winRes.Flush(ROOT);
      await winRes.Unlock(ROOT);
      log(`processed task ${payload} -> result ${resultVal.toFixed(1)}`);
    }
  }

  await comm.Barrier();

  if (rank === ROOT) {
    const filled = results!.filter((x) => !Number.isNaN(x)).length;
    log(`final counter=${pool![0]} (should be 0)`);
    log(`results filled: ${filled}/${params.tasks}`);
    log(`results: [${Array.from(results!, (x) => x.toFixed(1)).join(", ")}]`);
  }

  await winPool.Free();
  await winRes.Free();
}
