import { EVENT_KIND_NAMES } from "../core/events.ts";
import type { RunResult } from "./run.ts";
import { deriveSeed } from "./prng.ts";
import { RandomStrategy, type Strategy } from "./strategy.ts";
import { FollowStrategy, type Branch, type Path } from "./path.ts";
import { decodeToken, encodeToken } from "./token.ts";

/**
 * Shrinking a failing schedule (SPEC §5): the token stores only the choices that differ from the
 * default (the oldest enabled event), so a smaller token is a simpler story. Delta debugging
 * removes chunks of choices while the same failure still happens (a removed choice falls back to
 * the default); the recorded schedule of each successful attempt is kept, so choices that stopped
 * mattering drop out too. Then the report names the critical step: the earliest choice after which
 * every continuation tried fails.
 */

export type RunWith = (opts: { schedule?: string; strategy?: Strategy }) => Promise<RunResult>;

export interface Shrunk {
  token: string;
  /** Non-default choices left. */
  choices: number;
  /** Replays spent. */
  runs: number;
  /** The earliest choice after which every continuation tried failed. */
  critical?: { step: number; event: string; choice: number };
}

export async function shrinkSchedule(token: string, runWith: RunWith, fails: (r: RunResult) => boolean, opts: { budget?: number; critical?: boolean; seed?: number } = {}): Promise<Shrunk> {
  const budget = opts.budget ?? 150;
  const base: Path = decodeToken(token);
  let runs = 0;
  const attempt = async (branches: Branch[]): Promise<Branch[] | undefined> => {
    runs++;
    const r = await runWith({ schedule: encodeToken({ ...base, branches }) });
    return fails(r) ? decodeToken(r.schedule).branches : undefined;
  };
  let cur = base.branches;
  const first = await attempt(cur);
  if (!first) return { token, choices: cur.length, runs };
  cur = first;
  let chunk = Math.max(1, Math.ceil(cur.length / 2));
  while (cur.length > 0 && runs < budget) {
    let removed = false;
    for (let start = 0; start < cur.length && runs < budget; ) {
      const cand = [...cur.slice(0, start), ...cur.slice(start + chunk)];
      const got = await attempt(cand);
      if (got && got.length < cur.length) {
        cur = got;
        removed = true;
      } else start += chunk;
    }
    if (chunk === 1 && !removed) break;
    if (!removed) chunk = Math.max(1, Math.floor(chunk / 2));
    else chunk = Math.min(chunk, Math.max(1, Math.ceil(cur.length / 2)));
  }
  const out: Shrunk = { token: encodeToken({ ...base, branches: cur }), choices: cur.length, runs };
  if (opts.critical !== false && cur.length > 0 && cur.length <= 24) {
    out.critical = await criticalStep(base, cur, runWith, fails, opts.seed ?? 0, () => runs++);
  }
  return out;
}

/**
 * The earliest prefix of choices after which the default continuation and a few random ones all
 * fail: its last choice is where the failure became inevitable (as far as these runs can tell).
 */
async function criticalStep(base: Path, choices: Branch[], runWith: RunWith, fails: (r: RunResult) => boolean, seed: number, count: () => void): Promise<Shrunk["critical"]> {
  const TRIES = 4;
  for (let p = 1; p <= choices.length; p++) {
    const prefix = choices.slice(0, p);
    let all = true;
    for (let t = 0; t <= TRIES && all; t++) {
      count();
      const r = t === 0 ? await runWith({ schedule: encodeToken({ ...base, branches: prefix }) }) : await runWith({ strategy: prefixThenRandom(prefix, deriveSeed(seed, p * 31 + t)) });
      all = fails(r);
    }
    if (all) {
      const c = choices[p - 1];
      return { step: c.step, event: `${EVENT_KIND_NAMES[c.kind] ?? c.kind}:${c.rank}:${c.seq}`, choice: p };
    }
  }
  return undefined;
}

/** Follow a prefix of branches exactly, then choose randomly. */
export function prefixThenRandom(prefix: readonly Branch[], seed: number): Strategy {
  return new FollowStrategy(prefix, new RandomStrategy(seed), "prefix-then-random");
}
