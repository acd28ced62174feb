// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 4;
export default async function main(MPI: MPINamespace) {
  const w = MPI.COMM_WORLD;
  const r = w.Get_rank();
  const half = (await w.Split(r < 2 ? 0 : 1, r))!;
  const all = w.Get_group();
  const g = all.Incl([0, 3]);
  try {
    const c = await half.Create(g);
    c?.Free();
  } finally {
    g.Free();
    all.Free();
    half.Free();
  }
}
