// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const o = 1 - c.Get_rank();
  if (c.Get_rank() === 0) {
    await c.Send(new Int32Array(1), o, 0);
    await c.Recv(new Int32Array(1), o, 0);
  } else {
    await c.Recv(new Int32Array(1), o, 0);
    await c.Send(new Int32Array(1), o, 0);
  }
}
