// expect: deadlock
// Rank 0 sends tag 1 then tag 2; rank 1 receives tag 2 first: completes only if the first send is buffered.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  if (rank === 0) {
    await comm.Send([out, MPI.INT], 1, 1);
    await comm.Send([out, MPI.INT], 1, 2);
  } else {
    await comm.Recv([inb, MPI.INT], 0, 2);
    await comm.Recv([inb, MPI.INT], 0, 1);
  }
}
