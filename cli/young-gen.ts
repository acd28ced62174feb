/**
 * A young generation sized for the world (issue 15, scale rows). Under a random schedule every
 * message, request and posted receive waits about as many steps as there are ranks, so what is in
 * flight grows with the rank count: ~20–30 kB per rank for a 2-D halo exchange. Past ~500 ranks that
 * no longer fits V8's default young generation (16 MB semi-spaces on 64-bit node), and every
 * scavenge copies and promotes the whole in-flight set: the time per step grows with the ranks.
 * V8 reads `--max-semi-space-size` only when the process starts (`v8.setFlagsFromString` later has
 * no effect), so for a big world (`-n N`, N > 512) the command starts itself again once with a
 * semi-space of 32 kB per rank (a power of two, at most 256 MB). V8 grows the young generation
 * only as far as the run needs it; small worlds never pay the second start.
 *
 * The setting changes where V8 keeps objects, never what a program computes: traces are identical.
 * A user's own `--max-semi-space-size` (on node's command line or in NODE_OPTIONS) is kept as given.
 */

/** Semi-space per rank, in kB (a 4,096-rank world gets 128 MB). */
const KB_PER_RANK = 32;
/** V8's default maximum semi-space on 64-bit node, in MB: worlds that fit it start once. */
const DEFAULT_SEMI_MB = 16;
const MAX_SEMI_MB = 256;
/** Set in the restarted process (it must not restart again). */
const RESTARTED = "MPISIM_YOUNG_GENERATION";
const FLAG = "--max-semi-space-size";

/** The semi-space (MB) for a world of `ranks`, or null when V8's default holds it. */
export function semiSpaceMbFor(ranks: number): number | null {
  if (!Number.isSafeInteger(ranks) || ranks * KB_PER_RANK <= DEFAULT_SEMI_MB * 1024) return null;
  const mb = 2 ** Math.ceil(Math.log2((ranks * KB_PER_RANK) / 1024));
  return Math.min(mb, MAX_SEMI_MB);
}

/**
 * The rank count asked for on the command line (`-n N`, `-nN`, `-n=N`, `--np N`, `--np=N`; `-np`
 * is `-n` by then, cli/argv.ts), from the command's own words (before `--`); null when none.
 * A malformed value is left to the command's own option check.
 */
export function ranksAskedFor(own: readonly string[]): number | null {
  let found: number | null = null;
  for (let i = 0; i < own.length; i++) {
    const a = own[i];
    let v: string | undefined;
    if (a === "-n" || a === "--np") v = own[++i];
    else if (a.startsWith("--np=")) v = a.slice(5);
    else if (a.startsWith("-n") && !a.startsWith("--")) v = a.slice(a[2] === "=" ? 3 : 2);
    else continue;
    // The last one counts, as commander takes it.
    found = v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
  }
  return found;
}

/**
 * The node options to start the command again with, or null to run it here: the world is big,
 * this process has not been started for it already, and the user has not chosen a semi-space.
 */
export function restartFlags(own: readonly string[], execArgv: readonly string[], env: NodeJS.ProcessEnv): string[] | null {
  if (env[RESTARTED] !== undefined) return null;
  if (execArgv.some((a) => a.startsWith(FLAG)) || (env.NODE_OPTIONS ?? "").includes(FLAG)) return null;
  const ranks = ranksAskedFor(own);
  const mb = ranks === null ? null : semiSpaceMbFor(ranks);
  return mb === null ? null : [`${FLAG}=${mb}`];
}

/**
 * Run the command in a node started with `flags` and the same arguments, standard streams and
 * environment; resolve to its exit code (128 + n when a signal n ended it, as a shell says).
 * Ctrl-C reaches both processes (one process group): this one waits for the command to finish.
 */
export async function restartWith(flags: readonly string[], script: string, args: readonly string[]): Promise<number> {
  // Loaded here: a command that is not restarted (every small world) does not load them.
  const { spawn } = await import("node:child_process");
  const { constants } = await import("node:os");
  const child = spawn(process.execPath, [...process.execArgv, ...flags, script, ...args], {
    stdio: "inherit",
    env: { ...process.env, [RESTARTED]: flags.join(" ") },
  });
  const pass = (sig: NodeJS.Signals) => () => child.kill(sig);
  const forwarded = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((sig) => [sig, pass(sig)] as const);
  for (const [sig, fn] of forwarded) process.on(sig, fn);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      for (const [sig, fn] of forwarded) process.off(sig, fn);
      resolve(code ?? 128 + ((signal && (constants.signals as Record<string, number>)[signal]) || 1));
    });
  });
}
