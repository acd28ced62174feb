/**
 * The file system as DPOR sees it: every access made while an event fires is reported to
 * World.touch, so file operations get real footprints (scheduler/footprint.ts) instead of being
 * dependent with everything. Objects, per file name:
 * - `file:<name>`, bytes [pos, end): read by reads, written by writes; a remove or a truncate
 *   writes everything from where it cuts;
 * - `fsize:<name>`: the size and existence. Writes only grow a file to the largest end written, so
 *   writes commute with each other on it (adds); anything that asks for the size, creates,
 *   removes or truncates conflicts with them.
 * Reads of one file commute with each other, and writes to disjoint bytes commute; a read and a
 * write of one file stay dependent (the read's answer depends on the size).
 */
import { TouchMode } from "../world.ts";
import type { World } from "../world.ts";
import type { FileSystem } from "./fs.ts";

export class TouchingFileSystem implements FileSystem {
  constructor(
    readonly inner: FileSystem,
    private readonly world: World,
  ) {}

  get label(): string {
    return this.inner.label;
  }

  private touch(obj: string, mode: TouchMode, lo = 0, hi = Infinity): void {
    if (this.world.footprint !== null) this.world.touch(obj, mode, lo, hi);
  }

  exists(name: string): boolean {
    this.touch(`fsize:${name}`, TouchMode.Read);
    return this.inner.exists(name);
  }
  isReadOnly(name: string): boolean {
    this.touch(`fsize:${name}`, TouchMode.Read);
    return this.inner.isReadOnly(name);
  }
  create(name: string): void {
    this.touch(`fsize:${name}`, TouchMode.Write);
    this.inner.create(name);
  }
  remove(name: string): void {
    this.touch(`fsize:${name}`, TouchMode.Write);
    this.touch(`file:${name}`, TouchMode.Write);
    this.inner.remove(name);
  }
  size(name: string): number {
    this.touch(`fsize:${name}`, TouchMode.Read);
    return this.inner.size(name);
  }
  read(name: string, pos: number, out: Uint8Array): number {
    this.touch(`fsize:${name}`, TouchMode.Read);
    this.touch(`file:${name}`, TouchMode.Read, pos, pos + out.length);
    return this.inner.read(name, pos, out);
  }
  write(name: string, pos: number, data: Uint8Array): void {
    this.touch(`fsize:${name}`, TouchMode.Add);
    this.touch(`file:${name}`, TouchMode.Write, pos, pos + data.length);
    this.inner.write(name, pos, data);
  }
  truncate(name: string, size: number): void {
    this.touch(`fsize:${name}`, TouchMode.Write);
    this.touch(`file:${name}`, TouchMode.Write, Math.min(size, this.inner.size(name)));
    this.inner.truncate(name, size);
  }
  readAll(name: string): Uint8Array {
    this.touch(`fsize:${name}`, TouchMode.Read);
    this.touch(`file:${name}`, TouchMode.Read);
    return this.inner.readAll(name);
  }
}
