// expect: clean
// Concurrent Accumulate(SUM, INT) on the same bytes are atomic per element (MPI 4.1 §12.7.1).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 3;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(8);
  const win = await MPI.Win.Create(mem, { comm });
  await win.Lock_all();
  win.Accumulate([new Int32Array([1]), MPI.INT], 0, 0, MPI.SUM);
  await win.Unlock_all();
  await comm.Barrier();
  await win.Free();
}
