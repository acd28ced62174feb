// BUGGY variant of io-rows-write: each rank's block starts at rank * (NUM_ROWS - 1) instead of
// rank * NUM_ROWS, so neighbouring ranks' subarray views share a row and one Write_all writes
// those bytes twice. MPI leaves the result undefined (MPI 4.1 §14.6.1): which rank's row
// survives depends on the order the writes land, so the file differs between schedules.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

const NUM_ROWS = 3;
const NX_GLOBAL = 10;
const FNAME = "rows_overlap.bin";

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const nyGlobal = size * NUM_ROWS;
  const i0 = rank * (NUM_ROWS - 1); // the bug: should be rank * NUM_ROWS

  const local = new Float64Array(NUM_ROWS * NX_GLOBAL).fill(rank);
  const fh = await MPI.File.Open(comm, FNAME, MPI.MODE_CREATE | MPI.MODE_RDWR);
  const filetype = MPI.DOUBLE.Create_subarray([nyGlobal, NX_GLOBAL], [NUM_ROWS, NX_GLOBAL], [i0, 0], MPI.ORDER_C);
  filetype.Commit();
  await fh.Set_view(0, MPI.DOUBLE, filetype, "native");
  await fh.Write_all(local);
  await fh.Close();
  filetype.Free();

  if (rank === 0) {
    const check = await MPI.File.Open(MPI.COMM_SELF, FNAME, MPI.MODE_RDONLY);
    const firsts = new Float64Array(nyGlobal);
    for (let row = 0; row < nyGlobal; row++) await check.Read_at(row * NX_GLOBAL * 8, [firsts, [1, row], MPI.DOUBLE]);
    await check.Close();
    console.log(`rows hold [${Array.from(firsts).join(" ")}]`);
  }
}
