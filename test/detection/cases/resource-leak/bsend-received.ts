// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Bsend(new Int32Array([7]), 1, 3);
  else {
    const b = new Int32Array(1);
    await c.Recv(b, 0, 3);
  }
}
