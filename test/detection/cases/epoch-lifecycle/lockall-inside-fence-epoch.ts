// expect: mpi-error
// Lock_all inside a fence epoch used by Gets (MPI 4.1 §12.5).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  const got = new Int32Array(1);
  await win.Fence();
  win.Get([got, MPI.INT], 1 - rank);
  await win.Lock_all();
  await win.Unlock_all();
  await win.Fence();
  await win.Free();
}
