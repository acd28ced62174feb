/**
 * Parallel HDF5 files and datasets in the spirit of `h5py.File(name, mode, driver="mpio", comm=comm)`.
 *
 * The file is an MPI file opened collectively on `comm`. Its HDF5 structure (superblock, groups,
 * dataset headers) comes from h5wasm (skeleton.ts) and is written by rank 0; each dataset is
 * contiguous and allocated at creation, and every rank reads and writes its hyperslabs straight
 * into the data region through a subarray file view — collectively (Write_at_all) or
 * independently (Write_at), exactly the MPI-IO traffic HDF5's MPI-IO driver makes, so the
 * checkers see every byte range. At close the file is a real HDF5 file that h5py reads.
 */
import { joinCollective } from "../../collective.ts";
import type { CommBase } from "../../comm-base.ts";
import { MPIException } from "../../errors.ts";
import { unrecorded } from "../../hooks.ts";
import { RequestWait, resultOf, waitJoined } from "../../request-wait.ts";
import { BYTE, Datatype, ORDER_C, resolveBuffer } from "../../datatype/index.ts";
import { collective as collectiveAccess, independent, plan } from "../access.ts";
import { MODE_CREATE, MODE_EXCL, MODE_RDONLY, MODE_RDWR } from "../constants.ts";
import { File } from "../file.ts";
import { FileView } from "../view.ts";
import { asArray, parseDtype, type NumericArray } from "./dtype.ts";
import { H5Error } from "./errors.ts";
import { addDataset, analyze, emptySkeleton, normalizePath, type DatasetInfo, type Skeleton } from "./skeleton.ts";
import { loadH5wasm } from "./wasm.ts";

export type H5Mode = "r" | "r+" | "w" | "w-" | "x" | "a";

/** A hyperslab: `[i0, i1]` (rows i0..i1-1 of the first axis, all of the others) or one `[start, stop]` (or null: all) per axis. */
export type Selection = readonly [number, number] | readonly (readonly [number, number] | null | undefined)[] | null | undefined;

export interface IoOptions {
  /** collective (MPI *_all) or independent I/O; default: the dataset's mode (independent, as in h5py) */
  collective?: boolean;
}

const AMODES: Record<H5Mode, number> = {
  r: MODE_RDONLY,
  "r+": MODE_RDWR,
  w: MODE_CREATE | MODE_RDWR,
  "w-": MODE_CREATE | MODE_EXCL | MODE_RDWR,
  x: MODE_CREATE | MODE_EXCL | MODE_RDWR,
  a: MODE_CREATE | MODE_RDWR,
};

type Outcome<R> = { ok: R } | { error: H5Error };

/**
 * A collective step of the HDF5 layer on the file's own context: `compute` runs once, when the
 * last member arrives, and every member gets its result (or its H5Error).
 */
function metaCollective<C, R>(fh: File, call: string, sig: string, contrib: C, compute: (cs: C[]) => R): Promise<R> {
  const world = fh.world;
  return waitJoined(world, new RequestWait<Outcome<R>>(call, [], resultOf), sig, { comm: fh.open.id }, () =>
    joinCollective<C, Outcome<R>>(world, fh.open.ctx, {
      kind: call,
      sig,
      contrib,
      compute: (cs) => {
        try {
          return { ok: compute(cs) };
        } catch (e) {
          return { error: e instanceof H5Error ? e : new H5Error("OSError", e instanceof Error ? e.message : String(e)) };
        }
      },
      deliver: (res, r) => (r.result = res),
    }, call),
  ).then((res) => {
    if ("error" in res) throw res.error;
    return res.ok;
  });
}

/**
 * The layer's own datatypes (filetypes of hyperslabs and metadata) are the library's, not the
 * user's, as HDF5's are: they are made without telling the resource-leak bookkeeping.
 */
function internalType(make: () => Datatype): Datatype {
  return unrecorded(() => make().Commit());
}

/** Rank 0 writes these (metadata) byte ranges of `image` in one independent access. */
async function writeMetadata(fh: File, ranges: number[], image: Uint8Array): Promise<void> {
  if (ranges.length === 0) return;
  const call = "h5.metadata";
  const lengths: number[] = [];
  const displs: number[] = [];
  let total = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    displs.push(ranges[i]);
    lengths.push(ranges[i + 1] - ranges[i]);
    total += ranges[i + 1] - ranges[i];
  }
  const data = new Uint8Array(total);
  let pos = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    data.set(image.subarray(ranges[i], Math.min(ranges[i + 1], image.length)), pos);
    pos += ranges[i + 1] - ranges[i];
  }
  const filetype = internalType(() => BYTE.Create_hindexed(lengths, displs));
  const view = FileView.make(0, BYTE, filetype, call);
  await independent(plan(fh, call, "Write_at", "write", resolveBuffer([data, total, BYTE], call), view, 0, null, { h5: "metadata" }));
}

/** `h5.File(comm, name, mode = "r")`: open or create an HDF5 file collectively over comm. */
export async function openH5File(comm: CommBase, name: string, mode: H5Mode = "r"): Promise<H5File> {
  const amode = AMODES[mode];
  if (amode === undefined) throw new H5Error("ValueError", `invalid mode ${JSON.stringify(mode)}; use "r", "r+", "w", "w-", "x" or "a"`);
  // Before the first MPI call: the first time in a process this waits for the wasm module.
  await loadH5wasm();
  const fh = await File.Open(comm, name, amode);
  const rank = fh.open.ctx.localRank(fh.owner);
  let sk: Skeleton;
  let fresh: boolean;
  if (mode === "w" || mode === "w-" || mode === "x") {
    // "w" truncates (collectively, before anyone writes); EXCL guarantees the file is new.
    if (mode === "w") await fh.Set_size(0);
    sk = emptySkeleton();
    fresh = true;
  } else {
    // Rank 0 reads the file and everyone learns its structure before any rank writes to it
    // (HDF5's collective metadata read). An empty file in "a" mode is a new one.
    const image = rank === 0 ? new Uint8Array(fh.Get_size()) : null;
    if (image) await fh.Read_at(0, image);
    try {
      sk = await metaCollective(fh, "h5.File", `mode ${mode}`, image, (cs) => (mode === "a" && cs[0]!.length === 0 ? emptySkeleton() : analyze(cs[0]!)));
    } catch (e) {
      await fh.Close();
      throw e;
    }
    fresh = sk.datasets.length === 0 && sk.image === emptySkeleton().image;
  }
  if (fresh && rank === 0) await writeMetadata(fh, [0, sk.image.length], sk.image);
  return new H5File(fh, name, mode, sk);
}

export class H5File {
  private closedFlag = false;
  /** true in collective mode: dataset I/O defaults to MPI collective calls */
  collective = false;

  /** @internal made by h5.File */
  constructor(
    /** the MPI file underneath */
    readonly fh: File,
    readonly filename: string,
    readonly mode: H5Mode,
    /** @internal the HDF5 structure, identical on every rank */
    public sk: Skeleton,
  ) {}

  get closed(): boolean {
    return this.closedFlag;
  }

  private live(): void {
    if (this.closedFlag) throw new H5Error("ValueError", `Invalid file id: ${this.filename} is closed`);
  }

  private writable(): void {
    if (this.mode === "r") throw new H5Error("OSError", `Can't write data (no write intent on file ${this.filename})`);
  }

  /**
   * `create_dataset(name, shape, dtype = "f4")` or `create_dataset(name, { shape, dtype })`:
   * collective; every rank passes the same arguments. The dataset is contiguous and allocated.
   */
  async create_dataset(name: string, ...rest: unknown[]): Promise<H5Dataset> {
    this.live();
    this.writable();
    const opts = (rest.length === 1 && rest[0] !== null && typeof rest[0] === "object" && !Array.isArray(rest[0]) ? rest[0] : { shape: rest[0], dtype: rest[1] }) as { shape?: unknown; dtype?: unknown };
    const path = normalizePath(name);
    const shape = checkShape(opts.shape);
    const dtype = parseDtype(opts.dtype);
    const { skeleton, metadata } = await metaCollective(this.fh, "h5.create_dataset", `${path} (${shape.join(", ")}) ${dtype.name}`, null, () => addDataset(this.sk, path, shape, dtype));
    this.sk = skeleton;
    if (this.fh.open.ctx.localRank(this.fh.owner) === 0) await writeMetadata(this.fh, metadata, skeleton.image);
    return new H5Dataset(this, skeleton.datasets[skeleton.datasets.length - 1]);
  }

  /** `f.get(name)`: the dataset, or null. */
  get(name: string): H5Dataset | null {
    this.live();
    const path = `/${String(name).replace(/^\/+/, "")}`;
    const info = this.sk.datasets.find((d) => d.path === path);
    return info ? new H5Dataset(this, info) : null;
  }

  /** `f[name]`: the dataset, or KeyError. */
  dataset(name: string): H5Dataset {
    const d = this.get(name);
    if (!d) throw new H5Error("KeyError", `Unable to open object (object '${name}' doesn't exist)`);
    return d;
  }

  /** Paths of the datasets, without the leading "/" (h5py's keys() for a flat file). */
  keys(): string[] {
    this.live();
    return this.sk.datasets.map((d) => d.path.slice(1));
  }

  /** `f.flush()`: collective; this rank's writes become visible (MPI_File_sync underneath). */
  async flush(): Promise<void> {
    this.live();
    await this.fh.Sync();
  }

  /** Collective. The file ends at least where HDF5 says it does (datasets never written read as zeros). */
  async close(): Promise<void> {
    if (this.closedFlag) return;
    if (this.mode !== "r") await this.fh.Preallocate(this.sk.image.length);
    await this.fh.Close();
    this.closedFlag = true;
  }
}

export class H5Dataset {
  /** @internal */
  constructor(
    readonly file: H5File,
    private readonly info: DatasetInfo,
  ) {}

  get name(): string {
    return this.info.path;
  }
  get shape(): number[] {
    return [...this.info.shape];
  }
  get ndim(): number {
    return this.info.shape.length;
  }
  get size(): number {
    return this.info.shape.reduce((a, b) => a * b, 1);
  }
  /** numpy's short name ("f4"), or null for types mpisim does not read. */
  get dtype(): string | null {
    return this.info.dtype?.name ?? null;
  }
  get nbytes(): number {
    return this.info.nbytes;
  }
  /** Byte offset of the data in the file (HDF5's H5Dget_offset), -1 when not allocated. */
  get offset(): number {
    return this.info.offset;
  }

  /** `with dset.collective:` — the same dataset with collective I/O as the default. */
  get collective(): { write: H5Dataset["write"]; read: H5Dataset["read"] } {
    return {
      write: (sel, data, opts) => this.write(sel, data, { collective: true, ...opts }),
      read: (sel, opts) => this.read(sel, { collective: true, ...opts }),
    };
  }

  /** `dset[sel] = data`: every rank writes its own hyperslab (collective mode: every rank calls, maybe with an empty one). */
  async write(sel: Selection, data: unknown, opts: IoOptions = {}): Promise<void> {
    const call = "h5.Dataset.write";
    const f = this.file;
    if (f.closed) throw new H5Error("ValueError", `Invalid dataset id: ${f.filename} is closed`);
    if (f.mode === "r") throw new H5Error("OSError", `Can't write data (no write intent on file ${f.filename})`);
    const dtype = this.info.dtype;
    if (!dtype) throw new H5Error("TypeError", `${this.name}: ${this.info.readOnly}`);
    const { starts, counts } = hyperslab(sel, this.info.shape, this.name);
    const n = counts.reduce((a, b) => a * b, 1);
    const arr = asArray(data, dtype, "data");
    if (arr.length !== n) throw new H5Error("ValueError", `Can't broadcast ${arr.length} elements into the selection (${counts.join(", ")}) of ${this.name}`);
    if (n > 0 && this.info.readOnly) throw new H5Error("OSError", `mpisim cannot write ${this.name} in parallel: ${this.info.readOnly}`);
    const isColl = opts.collective ?? f.collective;
    const op = isColl ? "Write_at_all" : "Write_at";
    if (n === 0 && !isColl) return;
    const { view, spec } = this.access(call, starts, counts, arr, n, dtype.mpi);
    const a = plan(f.fh, call, op, "write", adopt(f, () => resolveBuffer(spec, call)), view, 0, null, { h5: this.name });
    await (isColl ? collectiveAccess(a) : independent(a));
  }

  /** `dset[sel]`: the hyperslab as a typed array of the dataset's dtype (or into `out`). */
  async read(sel?: Selection, opts: IoOptions & { out?: NumericArray } = {}): Promise<NumericArray> {
    const call = "h5.Dataset.read";
    const f = this.file;
    if (f.closed) throw new H5Error("ValueError", `Invalid dataset id: ${f.filename} is closed`);
    const dtype = this.info.dtype;
    if (!dtype) throw new H5Error("TypeError", `${this.name}: ${this.info.readOnly}`);
    const { starts, counts } = hyperslab(sel, this.info.shape, this.name);
    const n = counts.reduce((a, b) => a * b, 1);
    const out = opts.out ?? new dtype.array(n);
    if (!(out instanceof dtype.array) || out.length !== n) throw new H5Error("TypeError", `out must be a ${dtype.array.name} of ${n} elements`);
    const isColl = opts.collective ?? f.collective;
    // Storage never allocated (a dataset never written, in a file from elsewhere): fill value 0.
    if ((n === 0 || this.info.offset < 0) && !isColl) return out;
    const op = isColl ? "Read_at_all" : "Read_at";
    const live = this.info.offset >= 0 ? n : 0;
    const { view, spec } = this.access(call, starts, counts, out, live, dtype.mpi);
    const a = plan(f.fh, call, op, "read", adopt(f, () => resolveBuffer(spec, call)), view, 0, null, { h5: this.name });
    await (isColl ? collectiveAccess(a) : independent(a));
    return out;
  }

  /** The view onto the selection and the buffer spec of the data (a zero-byte access for an empty one). */
  private access(call: string, starts: number[], counts: number[], arr: NumericArray, n: number, etype: Datatype) {
    if (n === 0) return { view: FileView.DEFAULT, spec: [new Uint8Array(0), 0, BYTE] as const };
    const filetype = this.ndim === 0 ? etype : internalType(() => etype.Create_subarray(this.info.shape, counts, starts, ORDER_C));
    return { view: FileView.make(this.info.offset, etype, filetype, call), spec: [arr, n, etype] as const };
  }
}

function adopt<T>(f: H5File, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw e instanceof MPIException ? f.fh.world.adopt(e) : e;
  }
}

function checkShape(shape: unknown): number[] {
  const s = typeof shape === "number" ? [shape] : shape;
  if (!Array.isArray(s) || !s.every((x) => Number.isSafeInteger(x) && x >= 0)) {
    throw new H5Error("TypeError", `shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return [...s] as number[];
}

/** Normalise a selection to per-axis starts and counts, checked against the shape. */
function hyperslab(sel: Selection, shape: readonly number[], name: string): { starts: number[]; counts: number[] } {
  let axes: readonly (readonly [number, number] | null | undefined)[];
  if (sel === null || sel === undefined) axes = [];
  else if (sel.length === 2 && typeof sel[0] === "number" && typeof sel[1] === "number") axes = [sel as readonly [number, number]];
  else axes = sel as readonly (readonly [number, number] | null | undefined)[];
  if (axes.length > shape.length) throw new H5Error("ValueError", `${axes.length} indices for ${name}, which has ${shape.length} dimension(s)`);
  const starts: number[] = [];
  const counts: number[] = [];
  shape.forEach((extent, d) => {
    const ax = axes[d];
    const [a, b] = ax ?? [0, extent];
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a < 0 || b < a || b > extent) {
      throw new H5Error("ValueError", `selection [${a}, ${b}) is out of range for axis ${d} of ${name} (extent ${extent})`);
    }
    starts.push(a);
    counts.push(b - a);
  });
  return { starts, counts };
}
