// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const b = new Int32Array([c.Get_rank() === 0 ? 8 : 0]);
  await c.Ibcast(b, 0).Wait();
  console.log(b[0]);
}
