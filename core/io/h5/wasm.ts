/**
 * h5wasm (the HDF5 C library compiled to WebAssembly, maintained by NIST) as a pure function of
 * bytes: images go into its in-memory file system (the ESM build's MEMFS, never the real disk),
 * the library edits them, the result comes back out.
 *
 * Two things make its output deterministic and keep it off the ranks' stdout: its print/printErr
 * are bound (at module load) to a sink we own, and the clock it stamps object headers with is
 * pinned to the epoch while it runs (HDF5 tracks object modification times by default).
 */
import type { Dataset as H5Dataset, File as H5FileT } from "h5wasm";

type H5wasm = typeof import("h5wasm").default;
type H5Module = Awaited<H5wasm["ready"]>;

let module: H5wasm | undefined;
let emscripten: H5Module | undefined;
let loading: Promise<H5wasm> | undefined;
/** What the library printed (HDF5-DIAG error stacks), for error messages. */
const printed: string[] = [];

const CONSOLE = ["log", "info", "warn", "error", "debug"] as const;

/** Load h5wasm once per process (the first HDF5 call of a run awaits it; later ones do not wait). */
export function loadH5wasm(): Promise<H5wasm> {
  if (module) return Promise.resolve(module);
  loading ??= (async () => {
    const saved = CONSOLE.map((m) => console[m]);
    const sink = (...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
      if (printed.length > 100) printed.splice(0, printed.length - 100);
    };
    for (const m of CONSOLE) console[m] = sink;
    try {
      const mod = (await import("h5wasm")).default;
      emscripten = await mod.ready;
      module = mod;
      return mod;
    } finally {
      CONSOLE.forEach((m, i) => (console[m] = saved[i]));
    }
  })();
  return loading;
}

/** The loaded module; HDF5 work happens only after loadH5wasm() resolved. */
function h5(): H5wasm {
  if (!module) throw new Error("mpisim internal error (a bug in mpisim, please report it): h5wasm used before loadH5wasm()");
  return module;
}

const SCRATCH_DIR = "/mpisim-h5";
let scratchSeq = 0;

/**
 * Run `edit` on a copy of `image` (a new empty file when null) opened in h5wasm with `mode`;
 * returns the edit's result and the file's bytes after close. Deterministic: the clock is the epoch.
 */
export function withImage<T>(image: Uint8Array | null, mode: "w" | "a" | "r", edit: (f: H5FileT) => T): { result: T; image: Uint8Array } {
  const lib = h5();
  const FS = emscripten!.FS;
  try {
    FS.mkdir(SCRATCH_DIR);
  } catch {
    // exists already
  }
  const path = `${SCRATCH_DIR}/work${scratchSeq++}.h5`;
  const now = Date.now;
  Date.now = () => 0;
  printed.length = 0;
  try {
    if (image) FS.writeFile(path, image);
    const f = new lib.File(path, image ? mode : "w");
    let result: T;
    try {
      result = edit(f);
    } finally {
      f.close();
    }
    return { result, image: FS.readFile(path) as Uint8Array };
  } catch (e) {
    const detail = printed.find((l) => /major|minor|error/i.test(l)) ?? "";
    throw new Error(`${e instanceof Error ? e.message : String(e)}${detail ? ` (${detail.trim()})` : ""}`);
  } finally {
    Date.now = now;
    try {
      FS.unlink(path);
    } catch {
      // never created
    }
  }
}

export type { H5Dataset, H5FileT };
