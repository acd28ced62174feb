// expect: message-race
// Rank 0 prints each sender as its message arrives: the output depends on the matching (MPI 4.1 §3.5).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Int32Array(1);
  if (rank === 0) {
    const st = new MPI.Status();
    for (let i = 1; i < size; i++) {
      await comm.Recv([b, MPI.INT], MPI.ANY_SOURCE, 5, st);
      console.log(`from ${st.Get_source()}`);
    }
  } else await comm.Send([b, MPI.INT], 0, 5);
}
