// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const t = MPI.Datatype.Create_struct([1, 1], [0, 8], [MPI.INT, MPI.DOUBLE]).Commit();
  const buf = new ArrayBuffer(16);
  if (c.Get_rank() === 0) await c.Send([new Uint8Array(buf), 1, t], 1, 0);
  else await c.Recv([new Uint8Array(buf), 1, t], 0, 0);
  t.Free();
}
