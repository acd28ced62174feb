// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const o = 1 - c.Get_rank();
  const got = new Int32Array(1);
  await c.Sendrecv(new Int32Array([c.Get_rank()]), o, 0, got, o, 0);
  console.log(got[0]);
}
