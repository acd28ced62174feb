// expect: clean
// Rank 0 only counts the messages it receives from ANY_SOURCE.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Int32Array(1);
  if (rank === 0) {
    let n = 0;
    for (let i = 1; i < size; i++) {
      await comm.Recv([b, MPI.INT], MPI.ANY_SOURCE, 6);
      n++;
    }
    console.log(`${n} messages`);
  } else await comm.Send([b, MPI.INT], 0, 6);
}
