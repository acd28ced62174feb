// expect: clean
// ANY_TAG receives from one sender: non-overtaking fixes the order (MPI 4.1 §3.5), no race.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Int32Array(1);
  if (rank === 0) {
    for (let k = 0; k < 3; k++) {
      await comm.Recv([b, MPI.INT], 1, MPI.ANY_TAG);
      console.log(b[0]);
    }
  } else if (rank === 1) {
    for (let k = 0; k < 3; k++) {
      b[0] = k;
      await comm.Send([b, MPI.INT], 0, k);
    }
  }
}
