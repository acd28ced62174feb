/**
 * File names as the simulated file systems accept them. A name is relative to the I/O directory
 * (or the in-memory file system): absolute names and ".." components are refused, so a program
 * can never reach outside the directory it was given, whichever backend runs it.
 */
import type { ErrorClass } from "../errors.ts";

/** A file system refusal, turned into an MPIException by the File layer (which knows the rank and call). */
export class IoError extends Error {
  constructor(
    readonly errorClass: ErrorClass,
    message: string,
  ) {
    super(message);
    this.name = "IoError";
  }
}

/** The canonical form of a file name ("./a//b.bin" → "a/b.bin"); throws IoError(ERR_BAD_FILE). */
export function normalizeName(name: unknown): string {
  if (typeof name !== "string") throw new IoError("ERR_BAD_FILE", `a file name must be a string, got ${name === null ? "null" : typeof name}`);
  if (name.length === 0) throw new IoError("ERR_BAD_FILE", "the file name is empty");
  if (name.includes("\0")) throw new IoError("ERR_BAD_FILE", `file name ${JSON.stringify(name)} contains a NUL character`);
  if (name.startsWith("/") || name.startsWith("\\") || /^[A-Za-z]:/.test(name)) {
    throw new IoError("ERR_BAD_FILE", `absolute file name ${JSON.stringify(name)} is not allowed: names are relative to the I/O directory (--io-dir) or the in-memory file system`);
  }
  const parts = name.split(/[/\\]+/).filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) {
    throw new IoError("ERR_BAD_FILE", `file name ${JSON.stringify(name)} has a ".." component: names may not leave the I/O directory`);
  }
  if (parts.length === 0) throw new IoError("ERR_BAD_FILE", `file name ${JSON.stringify(name)} names the I/O directory itself, not a file`);
  return parts.join("/");
}
