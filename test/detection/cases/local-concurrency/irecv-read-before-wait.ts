// expect: buffer-race
// The receive buffer is read before Wait (MPI 4.1 §3.7.2).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const b = new Int32Array(2);
  if (rank === 1) {
    const r = comm.Irecv([b, MPI.INT], 0, 0);
    const x = b[0];
    await r.Wait();
    console.log(x);
  } else await comm.Send([new Int32Array([4, 5]), MPI.INT], 1, 0);
}
