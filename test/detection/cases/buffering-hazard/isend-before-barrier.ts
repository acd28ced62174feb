// expect: clean
// Rank 0 Isends, passes the barrier, then waits; rank 1 receives after the barrier.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  if (rank === 0) {
    const r = comm.Isend([out, MPI.INT], 1, 0);
    await comm.Barrier();
    await r.Wait();
  } else {
    await comm.Barrier();
    await comm.Recv([inb, MPI.INT], 0, 0);
  }
}
