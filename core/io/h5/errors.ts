/**
 * Errors of the HDF5 layer, as h5py raises them: TypeError for a bad dtype, ValueError for a bad
 * selection or shape, OSError for what the file does not allow (no write intent, no such dataset).
 * They are ordinary exceptions (a rank that does not catch one gets a rank-exception diagnostic
 * at its own line); MPI errors underneath stay MPIExceptions.
 */
export class H5Error extends Error {
  constructor(
    /** the Python exception h5py would raise */
    readonly kind: "TypeError" | "ValueError" | "OSError" | "KeyError",
    message: string,
  ) {
    super(`${kind}: ${message}`);
    this.name = "H5Error";
  }
}
