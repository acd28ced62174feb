// expect: clean
// Completion order of non-blocking collectives is free; only their start order must agree.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const a = c.Ibarrier();
  const b = c.Ibarrier();
  if (c.Get_rank() === 0) {
    await b.Wait();
    await a.Wait();
  } else await MPI.Request.Waitall([a, b]);
}
