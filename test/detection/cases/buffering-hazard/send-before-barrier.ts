// expect: deadlock
// Rank 0 sends, then enters a barrier; rank 1 receives only after the barrier.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  if (rank === 0) {
    await comm.Send([out, MPI.INT], 1, 0);
    await comm.Barrier();
  } else {
    await comm.Barrier();
    await comm.Recv([inb, MPI.INT], 0, 0);
  }
}
