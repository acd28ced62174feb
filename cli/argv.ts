import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OWN_EXT, OWN_ROOT } from "../core/self.ts";

/**
 * mpiexec's command-line habits, before commander sees the words: `-np N` is `-n N` (commander
 * would read `-np` as `-n p`), and everything after the first `--` belongs to the program
 * (`mpisim run prog.ts -- a b`: MPI.argv is ["prog.ts", "a", "b"]).
 */
export function splitArgv(argv: readonly string[]): { own: string[]; programArgs: string[] } {
  const dash = argv.indexOf("--");
  const own = (dash < 0 ? argv : argv.slice(0, dash)).map((a) => (a === "-np" ? "-n" : a.startsWith("-np=") ? `--np=${a.slice(4)}` : a));
  return { own, programArgs: dash < 0 ? [] : argv.slice(dash + 1) };
}

/** The version in mpisim's package.json (beside the sources, or one level above dist/). */
export function packageVersion(): string {
  const file = join(OWN_ROOT, OWN_EXT === ".ts" ? "" : "..", "package.json");
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** A word as a shell would need it typed (for the replay hints): quoted only when it must be. */
export function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** The command that replays a token: the program as the user named it, its arguments after `--`. */
export function replayHint(file: string, token: string, programArgs: readonly string[] = []): string {
  const args = programArgs.length ? ` -- ${programArgs.map(shellWord).join(" ")}` : "";
  return `mpisim replay ${shellWord(file)} ${token}${args}`;
}
