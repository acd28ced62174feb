// A shared counter on rank 0 incremented from every rank: Accumulate(SUM) for a plain count, and
// Fetch_and_op(SUM) to hand out unique tickets. Accumulate-family operations on the same basic
// datatype are atomic per element (MPI 4.1 §12.7), so no increment is lost and no ticket repeats,
// whatever the order in which the scheduler applies them.
import type { MPI as MPINamespace, RunResult } from "mpisim";

export const ranks = 4;

const ROUNDS = 3;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();

  // counters[0]: incremented with Accumulate; counters[1]: ticket dispenser (Fetch_and_op).
  const counters = rank === 0 ? new Int32Array(2) : null;
  const win = await MPI.Win.Create(counters, { disp_unit: Int32Array.BYTES_PER_ELEMENT, comm });

  const one = new Int32Array([1]);
  const ticket = new Int32Array(1);
  const mine: number[] = [];
  await win.Lock_all();
  for (let i = 0; i < ROUNDS; i++) {
    win.Accumulate([one, MPI.INT], 0, [0, 1, MPI.INT], MPI.SUM);
    win.Fetch_and_op([one, MPI.INT], [ticket, MPI.INT], 0, 1, MPI.SUM);
    await win.Flush(0);
    mine.push(ticket[0]);
  }
  await win.Unlock_all();

  const all = (await comm.gather(mine, 0)) as number[][] | null;
  await comm.Barrier();
  if (rank === 0) {
    await win.Sync();
    const tickets = all!.flat().sort((a, b) => a - b);
    const unique = tickets.every((t, i) => t === i);
    console.log(`accumulate counter = ${counters![0]} (expected ${size * ROUNDS})`);
    console.log(`fetch_and_op counter = ${counters![1]} (expected ${size * ROUNDS})`);
    console.log(`tickets 0..${size * ROUNDS - 1} each handed out once: ${unique}`);
  }
  await win.Free();
}

export function check(result: RunResult): boolean {
  const out = result.outputs[0] ?? [];
  const n = result.ranks * ROUNDS;
  return (
    out.includes(`accumulate counter = ${n} (expected ${n})`) &&
    out.includes(`fetch_and_op counter = ${n} (expected ${n})`) &&
    out.includes(`tickets 0..${n - 1} each handed out once: true`)
  );
}
