// expect: clean
// Both ranks pass the barrier, then the message is sent and received.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  await comm.Barrier();
  if (rank === 0) await comm.Send([out, MPI.INT], 1, 0);
  else await comm.Recv([inb, MPI.INT], 0, 0);
}
