// expect: deadlock
// A ring where every rank sends right before receiving from the left: unsafe.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  await comm.Send([out, MPI.INT], (rank + 1) % size, 0);
  await comm.Recv([inb, MPI.INT], (rank + size - 1) % size, 0);
}
