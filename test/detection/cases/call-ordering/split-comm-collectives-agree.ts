// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 4;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const r = c.Get_rank();
  const s = (await c.Split(r % 2, r))!;
  const b = new Int32Array([r]);
  await s.Bcast(b, 0);
  await s.Barrier();
  console.log(b[0]);
  s.Free();
}
