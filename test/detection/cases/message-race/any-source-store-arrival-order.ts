// expect: message-race
// Rank 0 stores the values in arrival order and prints the array.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Int32Array(1);
  if (rank === 0) {
    const vals: number[] = [];
    for (let i = 1; i < size; i++) {
      await comm.Recv([b, MPI.INT], MPI.ANY_SOURCE, 5);
      vals.push(b[0]);
    }
    console.log(vals.join(" "));
  } else {
    b[0] = rank;
    await comm.Send([b, MPI.INT], 0, 5);
  }
}
