// expect: message-race
// Floating-point sum in arrival order: (0.1+0.2)+0.3 and 0.1+(0.2+0.3) print differently.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Float64Array(1);
  if (rank === 0) {
    let s = 0;
    for (let i = 1; i < size; i++) {
      await comm.Recv([b, MPI.DOUBLE], MPI.ANY_SOURCE, 1);
      s += b[0];
    }
    console.log(`sum ${s}`);
  } else {
    b[0] = rank / 10;
    await comm.Send([b, MPI.DOUBLE], 0, 1);
  }
}
