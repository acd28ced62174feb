// expect: clean
// Isend of every other element (vector stride 2); the odd elements are stored meanwhile.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const a = new Int32Array(16).fill(rank);
  const even = MPI.INT.Create_vector(8, 1, 2).Commit();
  const r = rank === 0 ? comm.Isend([a, 1, even], 1, 0) : comm.Irecv([a, 1, even], 0, 0);
  for (let i = 1; i < 16; i += 2) a[i] = 9;
  await r.Wait();
  console.log(a.join(","));
  even.Free();
}
