// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const add = MPI.Op.Create((a: Int32Array, b: Int32Array) => {
    for (let i = 0; i < b.length; i++) b[i] += a[i];
  }, true);
  const out = new Int32Array(1);
  await MPI.COMM_WORLD.Allreduce(new Int32Array([1]), out, add);
  add.Free();
}
