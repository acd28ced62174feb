// expect: buffer-race
// The send buffer of an Isend is modified before Wait (MPI 4.1 §3.7.2).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const b = new Float64Array([1, 2, 3]);
  if (rank === 0) {
    const r = comm.Isend([b, MPI.DOUBLE], 1, 0);
    b[1] = 7;
    await r.Wait();
  } else await comm.Recv([b, MPI.DOUBLE], 0, 0);
}
