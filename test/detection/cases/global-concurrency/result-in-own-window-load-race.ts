// expect: rma-race
// Rank 0 Gets into its own window memory while rank 1 reads those bytes of rank 0's window with a Get (MPI 4.1 §12.7).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(8);
  const win = await MPI.Win.Create(mem, { comm });
  const got = new Int32Array(2);
  await win.Lock_all();
  if (rank === 0) win.Get([mem.subarray(4, 6), MPI.INT], 1, 0);
  else win.Get([got, MPI.INT], 0, 16);
  await win.Unlock_all();
  await comm.Barrier();
  await win.Free();
}
