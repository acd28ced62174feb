// expect: clean
// Every rank sends to rank 0, which receives from each in rank order: safe.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  if (rank === 0) {
    for (let r = 1; r < size; r++) await comm.Recv([inb, MPI.INT], r, 0);
  } else await comm.Send([out, MPI.INT], 0, 0);
}
