// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 1) {
    const b = new Int32Array(1);
    const q = c.Irecv(b, 0, 0);
    while (!(await q.Test())) {
      /* poll */
    }
    console.log(b[0]);
  } else await c.Send(new Int32Array([4]), 1, 0);
}
