// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const s = new Int32Array(1);
  const e = new Int32Array(1);
  const qs = [c.Iscan(new Int32Array([1]), s, MPI.SUM), c.Iexscan(new Int32Array([1]), e, MPI.SUM)];
  await MPI.Request.Waitall(qs);
  console.log(s[0], e[0]);
}
