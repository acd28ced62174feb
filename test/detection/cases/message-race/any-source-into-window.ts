// expect: message-race
// Rank 0 stores values in arrival order into its window memory (no output): the final memory depends on the matching.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const mem = new Int32Array(size);
  const win = await MPI.Win.Create(mem, { comm });
  const b = new Int32Array(1);
  if (rank === 0) {
    for (let i = 1; i < size; i++) {
      await comm.Recv([b, MPI.INT], MPI.ANY_SOURCE, 2);
      mem[i] = b[0];
    }
  } else {
    b[0] = rank;
    await comm.Send([b, MPI.INT], 0, 2);
  }
  await win.Free();
}
