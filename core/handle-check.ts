/**
 * Messages for a call on something that is not an MPI handle, as the user wrote it
 * (core/instrument-runtime.ts's `m` hook, checkers/instrument/handle.ts), and the last-resort
 * scrub that keeps instrumentation names out of every user-facing message.
 */

const PROMISE_HANDLE = Symbol.for("mpisim.promiseHandle");

interface PromiseHandleInfo {
  receiver: unknown;
  text: string;
  name: string;
}

/**
 * The error for `recv.name(…)` when recv has no such method. A Promise in place of a handle is
 * an MPI call that was not awaited (every blocking or collective call returns one, SPEC §1): the
 * world names that call when it reports the rank's failure (promiseHandleMessage).
 */
export function notAHandle(recv: unknown, name: string, text: string): TypeError {
  const thenable = (typeof recv === "object" || typeof recv === "function") && recv !== null && typeof (recv as { then?: unknown }).then === "function";
  if (!thenable) return new TypeError(`${text}.${name} is not a function`);
  const err = new TypeError(awaitMessage(undefined, text, name));
  Object.defineProperty(err, PROMISE_HANDLE, { value: { receiver: recv, text, name } satisfies PromiseHandleInfo });
  return err;
}

function awaitMessage(call: string | undefined, text: string, name: string): string {
  const what = call !== undefined ? `${call} returns a Promise: await it` : `${text} is a Promise: await the MPI call that returned it`;
  return `${what} (\`${text}.${name}()\` was called on the Promise, not on its result)`;
}

/** For an error of notAHandle whose receiver is `promise`, the message naming `call`; else undefined. */
export function promiseHandleMessage(err: unknown, promise: unknown, call: string): string | undefined {
  const info = (err as { [PROMISE_HANDLE]?: PromiseHandleInfo } | null)?.[PROMISE_HANDLE];
  return info !== undefined && info.receiver === promise ? awaitMessage(call, info.text, info.name) : undefined;
}

/**
 * V8 quotes the callee's text in some messages ("X is not a function", "X is not iterable"); when
 * that text went through a hook it reads `__mpl(...)`. Show "(expression)" instead of a name the
 * user never wrote.
 */
export function userMessage(message: string): string {
  return message.replace(/\b__mp(?:\d+_)?[A-Za-z0-9]*\(\.\.\.\)/g, "(expression)");
}
