// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 4;
export default async function main(MPI: MPINamespace) {
  const r = MPI.COMM_WORLD.Get_rank();
  const s = await MPI.COMM_WORLD.Split(r % 2, r);
  const out = new Int32Array(1);
  await s!.Allreduce(new Int32Array([r]), out, MPI.SUM);
  s!.Free();
}
