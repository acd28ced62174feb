// expect: clean
// Rank 0 sums one integer from every other rank, received with ANY_SOURCE: the order is immaterial.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Int32Array(1);
  if (rank === 0) {
    let sum = 0;
    for (let i = 1; i < size; i++) {
      await comm.Recv([b, MPI.INT], MPI.ANY_SOURCE, 5);
      sum += b[0];
    }
    console.log(`sum ${sum}`);
  } else {
    b[0] = rank * 10;
    await comm.Send([b, MPI.INT], 0, 5);
  }
}
