// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 4;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const r = c.Get_rank();
  const n = c.Get_size();
  const got = new Int32Array(1);
  const qs = [c.Irecv(got, (r + n - 1) % n, 0), c.Isend(new Int32Array([r]), (r + 1) % n, 0)];
  await MPI.Request.Waitall(qs);
  console.log(got[0]);
}
