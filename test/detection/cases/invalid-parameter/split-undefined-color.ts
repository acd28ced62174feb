// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const r = MPI.COMM_WORLD.Get_rank();
  const s = await MPI.COMM_WORLD.Split(r === 0 ? 0 : MPI.UNDEFINED, 0);
  console.log(s === null);
  s?.Free();
}
