// expect: clean
// A persistent send's buffer is written between Wait and the next Start.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const b = new Int32Array(1);
  const r = rank === 0 ? comm.Send_init([b, MPI.INT], 1, 0) : comm.Recv_init([b, MPI.INT], 0, 0);
  for (let k = 0; k < 3; k++) {
    if (rank === 0) b[0] = k;
    r.Start();
    await r.Wait();
    if (rank === 1) console.log(b[0]);
  }
  r.Free();
}
