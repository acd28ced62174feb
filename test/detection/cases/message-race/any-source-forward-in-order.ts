// expect: message-race
// Rank 0 forwards the values to rank 1 in arrival order; rank 1 prints them.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Int32Array(1);
  if (rank === 0) {
    for (let i = 2; i < size; i++) {
      await comm.Recv([b, MPI.INT], MPI.ANY_SOURCE, 7);
      await comm.Send([b, MPI.INT], 1, 8);
    }
  } else if (rank === 1) {
    for (let i = 2; i < size; i++) {
      await comm.Recv([b, MPI.INT], 0, 8);
      console.log(b[0]);
    }
  } else {
    b[0] = rank;
    await comm.Send([b, MPI.INT], 0, 7);
  }
}
