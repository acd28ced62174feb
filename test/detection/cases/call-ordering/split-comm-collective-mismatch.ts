// expect: collective-mismatch
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 4;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const r = c.Get_rank();
  const s = (await c.Split(r % 2, r))!;
  if (s.Get_rank() === 0) await s.Barrier();
  else await s.Bcast(new Int32Array(1), 0);
  s.Free();
}
