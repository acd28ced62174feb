// expect: rma-race
// Rget's result buffer read before the request's Wait (MPI 4.1 §12.3.5).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const dst = new Int32Array(1);
  await win.Lock_all();
  const r = win.Rget([dst, MPI.INT], 1 - rank);
  const v = dst[0];
  await r.Wait();
  await win.Unlock_all();
  console.log(v);
  await win.Free();
}
