/**
 * The HDF5 structure of a parallel file as bytes: what h5wasm writes around the raw data.
 *
 * A skeleton is the file image with every dataset's data region zeroed, plus where each region
 * is. Creating a dataset asks h5wasm to add it to the current skeleton twice, with a byte pattern
 * and with its complement: the bytes that differ are exactly the new (contiguous, allocated) data
 * region, wherever the library put it, without parsing the format ourselves. What else changed
 * is metadata, which rank 0 writes through MPI-IO; the ranks write the data region themselves,
 * as parallel HDF5 does (MPI 4.1 §14 under HDF5's MPI-IO driver).
 *
 * Every function here is a pure function of its inputs (h5wasm's clock is pinned), so every
 * rank, schedule and machine gets the same bytes.
 */
import { createHash } from "node:crypto";
import { withImage, type H5Dataset, type H5FileT } from "./wasm.ts";
import { dtypeFromMetadata, type Dtype } from "./dtype.ts";
import { H5Error } from "./errors.ts";

export interface DatasetInfo {
  /** absolute path in the file: "/u" */
  path: string;
  shape: number[];
  /** null: not a little-endian number type (listed, but neither read nor written) */
  dtype: Dtype | null;
  /** byte offset of the contiguous data in the file; -1 when no storage is allocated (reads give zeros) */
  offset: number;
  nbytes: number;
  /** why mpisim cannot write it through MPI-IO (chunked, compact, unallocated…), or null */
  readOnly: string | null;
}

export interface Skeleton {
  image: Uint8Array;
  datasets: readonly DatasetInfo[];
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

let empty: Uint8Array | undefined;

/** A new file with only the root group. */
export function emptySkeleton(): Skeleton {
  empty ??= withImage(null, "w", () => undefined).image;
  return { image: empty, datasets: [] };
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Flat [start, end, …] of the bytes where a and b differ (a shorter array differs past its end). */
function differing(a: Uint8Array, b: Uint8Array): number[] {
  const out: number[] = [];
  const n = Math.max(a.length, b.length);
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const d = i < n && (i >= a.length || i >= b.length || a[i] !== b[i]);
    if (d && start < 0) start = i;
    else if (!d && start >= 0) {
      out.push(start, i);
      start = -1;
    }
  }
  return out;
}

/** Ranges minus the data regions, with small gaps closed (fewer, larger metadata writes). */
function metadataRanges(diff: number[], regions: readonly DatasetInfo[]): number[] {
  const holes = regions.filter((d) => d.offset >= 0 && d.nbytes > 0).map((d) => [d.offset, d.offset + d.nbytes]).sort((x, y) => x[0] - y[0]);
  const cut: number[] = [];
  for (let i = 0; i < diff.length; i += 2) {
    let s = diff[i];
    const e = diff[i + 1];
    for (const [hs, he] of holes) {
      if (he <= s || hs >= e) continue;
      if (hs > s) cut.push(s, hs);
      s = Math.max(s, he);
    }
    if (s < e) cut.push(s, e);
  }
  const merged: number[] = [];
  for (let i = 0; i < cut.length; i += 2) {
    const last = merged.length - 1;
    const gapFree = last > 0 && !holes.some(([hs, he]) => hs < cut[i] && he > merged[last]);
    if (last > 0 && gapFree && cut[i] - merged[last] <= 64) merged[last] = cut[i + 1];
    else merged.push(cut[i], cut[i + 1]);
  }
  return merged;
}

function pattern(n: number, complement: boolean): Uint8Array {
  const p = new Uint8Array(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    p[i] = complement ? ~x & 0xff : x & 0xff;
  }
  return p;
}

function typed(bytes: Uint8Array, dtype: Dtype): unknown {
  return new dtype.array(bytes.slice().buffer as never);
}

/** The one run of `n` bytes where `diff` says the images differ, or -1. */
function regionOf(diff: number[], n: number): { offset: number; alone: boolean } {
  for (let i = 0; i < diff.length; i += 2) {
    if (diff[i + 1] - diff[i] >= n) return { offset: diff[i], alone: diff.length === 2 && diff[1] - diff[0] === n };
  }
  return { offset: -1, alone: false };
}

export function normalizePath(name: unknown): string {
  if (typeof name !== "string" || name.replace(/^\/+/, "") === "") throw new H5Error("ValueError", `a dataset name must be a non-empty string, got ${JSON.stringify(name)}`);
  const bare = name.replace(/^\/+/, "");
  if (bare.includes("/")) throw new H5Error("ValueError", `mpisim creates datasets in the root group only (got ${JSON.stringify(name)})`);
  return `/${bare}`;
}

/*
 * Both functions are pure and cost a few h5wasm sessions, so their results are shared by every
 * world of the process (exploration runs one program thousands of times). Results are never
 * mutated after they are made.
 */
const added = new WeakMap<Uint8Array, Map<string, { skeleton: Skeleton; metadata: number[] }>>();
const analyzed = new Map<string, Skeleton>();

/** Add a contiguous dataset (early allocation, as parallel HDF5 does); `metadata` is what rank 0 must write. */
export function addDataset(sk: Skeleton, path: string, shape: number[], dtype: Dtype): { skeleton: Skeleton; metadata: number[] } {
  if (sk.datasets.some((d) => d.path === path)) throw new H5Error("ValueError", `Unable to create dataset (name already exists): ${path}`);
  const key = `${path}|${shape.join(",")}|${dtype.name}`;
  let byImage = added.get(sk.image);
  if (!byImage) added.set(sk.image, (byImage = new Map()));
  let res = byImage.get(key);
  if (!res) byImage.set(key, (res = addDatasetNow(sk, path, shape, dtype)));
  return res;
}

function addDatasetNow(sk: Skeleton, path: string, shape: number[], dtype: Dtype): { skeleton: Skeleton; metadata: number[] } {
  const nbytes = product(shape) * dtype.itemsize;
  const make = (complement: boolean) =>
    withImage(sk.image, "a", (f: H5FileT) => {
      f.create_dataset({ name: path, data: typed(pattern(nbytes, complement), dtype) as never, shape, dtype: dtype.code });
    }).image;
  const a = make(false);
  let offset = -1;
  if (nbytes > 0) {
    const b = make(true);
    const region = regionOf(differing(a, b), nbytes);
    if (!region.alone) throw new Error(`mpisim internal error (a bug in mpisim, please report it): cannot locate the data of ${path} in h5wasm's image`);
    offset = region.offset;
    a.fill(0, offset, offset + nbytes);
  }
  const info: DatasetInfo = { path, shape: [...shape], dtype, offset, nbytes, readOnly: null };
  const datasets = [...sk.datasets, info];
  return { skeleton: { image: a, datasets }, metadata: metadataRanges(differing(sk.image, a), datasets) };
}

/** The datasets of an existing file (any HDF5 file: ours, h5py's, …), each located in the image. */
export function analyze(image: Uint8Array): Skeleton {
  if (image.length < 8 || SIGNATURE.some((b, i) => image[i] !== b)) throw new H5Error("OSError", "Unable to open file (file signature not found)");
  const key = createHash("sha256").update(image).digest("hex");
  let sk = analyzed.get(key);
  if (!sk) {
    sk = analyzeNow(image.slice());
    if (analyzed.size >= 64) analyzed.delete(analyzed.keys().next().value!);
    analyzed.set(key, sk);
  }
  return sk;
}

function analyzeNow(image: Uint8Array): Skeleton {
  const found = withImage(image, "r", (f) => {
    const out: { path: string; shape: number[]; meta: H5Dataset["metadata"]; filters: number }[] = [];
    const walk = (group: { keys(): string[]; get(name: string): unknown }, prefix: string) => {
      for (const key of group.keys()) {
        const child = group.get(key) as { type?: string; keys?: () => string[] } | null;
        const path = `${prefix}/${key}`;
        if (child && child.type === "Group") walk(child as never, path);
        else if (child && child.type === "Dataset") {
          const d = child as unknown as H5Dataset;
          out.push({ path, shape: d.shape ?? [], meta: d.metadata, filters: d.filters.length });
        }
      }
    };
    walk(f, "");
    return out;
  }).result;
  const datasets: DatasetInfo[] = [];
  for (const d of found) {
    const dtype = dtypeFromMetadata(d.meta as never);
    const nbytes = product(d.shape) * (dtype?.itemsize ?? 0);
    const info: DatasetInfo = { path: d.path, shape: d.shape, dtype, offset: -1, nbytes, readOnly: null };
    datasets.push(info);
    if (!dtype) info.readOnly = "it is not a little-endian numeric dataset";
    else if (d.meta.chunks) info.readOnly = "it is chunked (mpisim reads and writes contiguous datasets)";
    else if (d.filters) info.readOnly = "it has filters";
    if (!dtype || info.readOnly || nbytes === 0) continue;
    // Locate the data: write its complement and see which bytes change.
    const original = withImage(image, "r", (f) => (f.get(d.path) as H5Dataset).value).result as ArrayBufferView;
    const bytes = new Uint8Array(original.buffer, original.byteOffset, original.byteLength);
    const comp = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) comp[i] = ~bytes[i] & 0xff;
    const changed = withImage(image, "a", (f) => (f.get(d.path) as H5Dataset).write_slice(d.shape.map(() => []), typed(comp, dtype))).image;
    const region = regionOf(differing(image, changed), nbytes);
    if (region.offset < 0 || region.offset + nbytes > image.length) info.readOnly = "its storage is not allocated (reads give zeros)";
    else {
      info.offset = region.offset;
      if (!region.alone) info.readOnly = "its data is not a plain contiguous region (compact layout?)";
    }
  }
  return { image, datasets };
}
