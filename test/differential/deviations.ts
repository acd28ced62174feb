/**
 * Where Open MPI 4.1 departs from MPI 4.1, and mpisim follows the standard. A generated case that
 * may meet one of these carries its kind in `risks`; a difference in such a case is counted as
 * this deviation, a difference anywhere else fails the test. `mask` narrows a deviation to what it
 * changes: the two outputs must agree once every match of it is blanked out (nested-padding
 * has none: other bounds move everything). docs/fidelity.md shows this table.
 */
export const DEVIATIONS: Record<string, { section: string; openMpi: string; standard: string; mask?: RegExp }> = {
  "nested-padding": {
    section: "MPI 4.1 §5.1.7",
    openMpi: "bounds each copy of an old type by its padded upper bound and pads the new type again (hvector of {DOUBLE at 0, INT at 8} with stride 4 has extent 24)",
    standard: "lb/ub are taken on the flattened typemap, then rounded up to the largest alignment once (extent 16)",
  },
  "read-past-eof": {
    section: "MPI 4.1 §14.4.3",
    openMpi: "a read asking for more than lies below end of file acts as if it read it all: it reports the whole requested count and writes zeros into the memory of the elements past end of file",
    standard: "reading stops at end of file; the status counts only the data read (Get_count UNDEFINED when not whole elements); mpisim leaves the rest of the buffer alone",
    mask: /read count=\S+ data=\S+/g,
  },
  "get-accumulate-derived": {
    section: "MPI 4.1 §12.3.4",
    openMpi: "Get_accumulate with a derived origin/result or target datatype updates the target correctly but returns zeros in the result buffer instead of the target's previous contents",
    standard: "the result buffer receives the target data as it was before the operation; the target datatype may be derived from one predefined type, as for Accumulate",
    mask: /result=\S+/g,
  },
  "iread-past-eof-hangs": {
    section: "MPI 4.1 §14.4.3",
    openMpi: "File.Iread_at asking for data past end of file never completes (Wait hangs); not generated",
    standard: "the request completes with the data below end of file, as a blocking read does",
  },
  "single-process-window": {
    section: "MPI 4.1 §12.2.1",
    openMpi: "Win.Create on a communicator of one process fails with ERR_WIN (Debian's Open MPI 4.1.4 has no one-sided component for it); not generated",
    standard: "any communicator may create a window",
  },
  "repeated-filetype-displacements": {
    section: "MPI 4.1 §14.3",
    openMpi: "Set_view refuses with ERR_TYPE a filetype whose displacements repeat (hindexed INT [2, 1] at [0, 4]) even on a read-only file; not generated",
    standard: "displacements need not be distinct, only non-negative and nondecreasing; a read-only file may overlap (mpisim reads them twice)",
  },
  "overlapping-write-filetype": {
    section: "MPI 4.1 §14.3",
    openMpi: "accepts a filetype whose tiles overlap on a file opened for writing (not generated: erroneous)",
    standard: "a file opened for writing must not have a filetype with overlapping regions (mpisim: ERR_TYPE at Set_view)",
  },
};
