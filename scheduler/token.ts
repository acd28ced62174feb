import { UsageError } from "../core/errors.ts";
import type { EventKind } from "../core/events.ts";
import type { Program } from "../core/program.ts";
import { RecordedPath, type Branch, type Path } from "./path.ts";

/**
 * Schedule tokens: a Path (path.ts) serialised as a short printable string that replays a run exactly.
 *
 *   ms1.<program hash>.<ranks>.<options>.<choices>
 *
 * `ms1` is the format version; the program hash refuses a token made for another program (or an
 * edited one); options are the buffering mode (`e` eager / `r` rendezvous) and, when not the
 * default, the eager limit (`e4096`); choices are the path's (non-default, event) branches as
 * base64url varints (step delta, rank·8+kind, seq), `-` when there are none.
 */
export const TOKEN_VERSION = "ms1";
export const DEFAULT_EAGER_LIMIT = 65536;

const SCRATCH = Buffer.alloc(16 * 1024);

export function encodeToken(s: Path): string {
  // A long random run has hundreds of thousands of branches: write the varints into one buffer
  // sized for the worst case (three safe integers, at most 8 varint bytes apiece).
  // A run's own path is read as packed numbers, without making Branch objects; any other path is packed first.
  const rec = s instanceof RecordedPath ? s : RecordedPath.of(s);
  const need = rec.length * 24;
  // Every run ends by making its token: small ones reuse one scratch buffer (encoding is synchronous).
  const bytes = need <= SCRATCH.length ? SCRATCH : Buffer.allocUnsafe(need);
  let n = 0;
  let last = 0;
  for (let i = 0; i < rec.length; i++) {
    const step = rec.step(i);
    n = varint(bytes, n, step - last);
    n = varint(bytes, n, rec.rankKind(i));
    n = varint(bytes, n, rec.seq(i));
    last = step;
  }
  const opt = (s.buffering === "rendezvous" ? "r" : "e") + (s.eagerLimit === DEFAULT_EAGER_LIMIT ? "" : String(s.eagerLimit));
  const payload = n > 0 ? bytes.toString("base64url", 0, n) : "-";
  return `${TOKEN_VERSION}.${s.hash.slice(0, 12)}.${s.ranks}.${opt}.${payload}`;
}

/** The Path a token holds (syntax only: `pathOfToken` also checks it fits the program). */
export function decodeToken(token: string): Path {
  const t = token.trim();
  const parts = t.split(".");
  if (parts.length !== 5) throw new UsageError(`not a schedule token: "${abbreviate(t)}" (expected ${TOKEN_VERSION}.<hash>.<ranks>.<options>.<choices>)`);
  const [version, hash, ranksText, opt, payload] = parts;
  if (version !== TOKEN_VERSION) throw new UsageError(`schedule token format "${version}" is not supported by this mpisim (it reads ${TOKEN_VERSION})`);
  const ranks = Number(ranksText);
  if (!Number.isInteger(ranks) || ranks < 1) throw new UsageError(`schedule token has a bad rank count "${ranksText}"`);
  const m = /^([er])(\d*)$/.exec(opt);
  if (!m) throw new UsageError(`schedule token has bad options "${opt}"`);
  const branches: Branch[] = [];
  if (payload !== "-") {
    if (!/^[A-Za-z0-9_-]+$/.test(payload)) throw new UsageError("schedule token is corrupted (bad characters in the choices)");
    const bytes = Buffer.from(payload, "base64url");
    let i = 0;
    let step = 0;
    const read = (): number => {
      let v = 0;
      let mul = 1;
      for (;;) {
        if (i >= bytes.length) throw new UsageError("schedule token is truncated");
        const b = bytes[i++];
        v += (b & 0x7f) * mul;
        if (b < 0x80) return v;
        mul *= 128;
      }
    };
    while (i < bytes.length) {
      step += read();
      const rk = read();
      const seq = read();
      branches.push({ type: "event", step, kind: (rk % 8) as EventKind, rank: Math.floor(rk / 8), seq });
    }
  }
  return {
    hash,
    ranks,
    buffering: m[1] === "r" ? "rendezvous" : "eager",
    eagerLimit: m[2] ? Number(m[2]) : DEFAULT_EAGER_LIMIT,
    branches,
  };
}

/**
 * The one place a token is read for a run: decode it and refuse a token made for another program
 * (or an edited one), or for another rank count than the one asked for (`ranks`, when given).
 */
export function pathOfToken(token: string, program: Pick<Program, "hash" | "name">, ranks?: number): Path {
  const s = decodeToken(token);
  if (!program.hash.startsWith(s.hash)) {
    throw new UsageError(`schedule token was made for a different program (or an edited version of ${program.name}): token hash ${s.hash}, program hash ${program.hash.slice(0, 12)}`);
  }
  if (ranks !== undefined && ranks !== s.ranks) throw new UsageError(`schedule token is for ${s.ranks} ranks, not ${ranks}`);
  return s;
}

/** Writes v as a little-endian base-128 varint at out[at]; returns the position after it. */
function varint(out: Buffer, at: number, v: number): number {
  while (v >= 0x80) {
    out[at++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  out[at++] = v;
  return at;
}

function abbreviate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/**
 * A token given on the command line: the token itself, or `@path` to read it from a file (long
 * schedules). Whitespace around it is ignored; a missing file is a UsageError.
 */
export function readTokenArg(arg: string, read: (path: string) => string): string {
  const a = arg.trim();
  if (!a.startsWith("@")) return a;
  const path = a.slice(1);
  let text: string;
  try {
    text = read(path);
  } catch {
    throw new UsageError(`cannot read the schedule token file ${path}`);
  }
  const t = text.trim();
  if (!t) throw new UsageError(`schedule token file ${path} is empty`);
  return t;
}
