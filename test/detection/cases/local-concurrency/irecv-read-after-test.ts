// expect: clean
// The receive buffer is read once Test reported completion.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const b = new Int32Array(2);
  if (rank === 1) {
    const r = comm.Irecv([b, MPI.INT], 0, 0);
    while (!(await r.Test())) {}
    console.log(b[0] + b[1]);
  } else await comm.Send([new Int32Array([4, 5]), MPI.INT], 1, 0);
}
