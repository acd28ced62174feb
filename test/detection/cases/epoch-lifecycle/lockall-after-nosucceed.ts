// expect: clean
// Get under fences, fence closed with NOSUCCEED, then Lock_all: legal.
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
  await win.Fence(MPI.MODE_NOSUCCEED);
  await win.Lock_all();
  win.Get([got, MPI.INT], 1 - rank, 1);
  await win.Unlock_all();
  await win.Free();
}
