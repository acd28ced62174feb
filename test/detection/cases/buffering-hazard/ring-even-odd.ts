// expect: clean
// A ring where even ranks send first and odd ranks receive first (even size).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  const right = (rank + 1) % size, left = (rank + size - 1) % size;
  if (rank % 2 === 0) {
    await comm.Send([out, MPI.INT], right, 0);
    await comm.Recv([inb, MPI.INT], left, 0);
  } else {
    await comm.Recv([inb, MPI.INT], left, 0);
    await comm.Send([out, MPI.INT], right, 0);
  }
}
