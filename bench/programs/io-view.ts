// Bench workload: MPI-IO through a subarray file view. A (2·ROWS)×(2·COLS) array of doubles is
// split 2×2 over 4 ranks; each rank sets a subarray filetype view (ROWS runs of COLS doubles in
// the file) and writes its block collectively (Write_at_all at view offset 0), params.iters times.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;
export const params = { iters: 10, rows: 256, cols: 256 };

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const { rows, cols, iters } = params;
  const [py, px] = [rank >> 1, rank & 1];
  const local = new Float64Array(rows * cols).fill(rank);
  const filetype = MPI.DOUBLE.Create_subarray([2 * rows, 2 * cols], [rows, cols], [py * rows, px * cols], MPI.ORDER_C).Commit();
  const fh = await MPI.File.Open(comm, "bench-view.bin", MPI.MODE_CREATE | MPI.MODE_WRONLY);
  await fh.Set_view(0, MPI.DOUBLE, filetype, "native");
  // Write_at_all at view offset 0: every iteration rewrites the same file bytes (no growth).
  for (let it = 0; it < iters; it++) await fh.Write_at_all(0, local);
  await fh.Close();
  filetype.Free();
}
