// expect: buffer-race
// Irecv into a vector type; an element inside a block is read while it is active.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const a = new Int32Array(12).fill(rank + 1);
  const t = MPI.INT.Create_vector(3, 2, 4).Commit();
  let s = 0;
  if (rank === 0) {
    await comm.Send([a, 1, t], 1, 3);
  } else {
    const r = comm.Irecv([a, 1, t], 0, 3);
    s = a[5];
    await r.Wait();
  }
  console.log(s);
  t.Free();
}
