// expect: message-race
// The first message to arrive names the winner, printed by rank 0.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Int32Array(1);
  if (rank === 0) {
    const st = new MPI.Status();
    await comm.Recv([b, MPI.INT], MPI.ANY_SOURCE, 0, st);
    console.log(`winner ${st.Get_source()}`);
    for (let i = 2; i < size; i++) await comm.Recv([b, MPI.INT], MPI.ANY_SOURCE, 0);
  } else await comm.Send([b, MPI.INT], 0, 0);
}
