// expect: clean
// The send buffer is modified only after Wait.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const b = new Float64Array([1, 2, 3]);
  if (rank === 0) {
    const r = comm.Isend([b, MPI.DOUBLE], 1, 0);
    await r.Wait();
    b[1] = 7;
  } else await comm.Recv([b, MPI.DOUBLE], 0, 0);
}
