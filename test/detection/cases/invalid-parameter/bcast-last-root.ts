// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const b = new Int32Array(2);
  if (MPI.COMM_WORLD.Get_rank() === 2) b.fill(4);
  await MPI.COMM_WORLD.Bcast(b, 2);
}
