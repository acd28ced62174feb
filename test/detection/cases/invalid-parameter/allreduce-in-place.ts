// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const a = new Float64Array([1, 2]);
  await MPI.COMM_WORLD.Allreduce(MPI.IN_PLACE, a, MPI.SUM);
  console.log(a[0]);
}
