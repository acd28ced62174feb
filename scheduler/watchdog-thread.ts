/**
 * The watchdog's helper thread (started by scheduler/watchdog.ts), as plain CommonJS source run
 * with `new Worker(source, { eval: true })`: it needs no TypeScript loader and no file beside the
 * compiled output, so it starts the same way from sources and from dist/.
 *
 * It reads the shared slots (one per thread that runs worlds: the main thread and exploration
 * workers; 4 int32 each: hand-off count, running rank + 1, limit in ms or 0, thread id or -1).
 * When a slot's count has not moved for its limit while a rank runs, it opens an inspector
 * session on that thread (the main thread directly, an exploration worker through the NodeWorker
 * domain), pauses it — a pause lands inside the spinning code, synchronous loop or microtask
 * loop alike, since both run JavaScript — and evaluates the thread's hook in the paused frame.
 * The hook confirms the stall (same count, a rank still running), records where the code is and
 * schedules the run's end on a macrotask; then this thread terminates the spinning execution
 * (Runtime.terminateExecution unwinds it and drops the microtask queue, and the thread's event
 * loop goes on) and resumes it. Nothing else here: the wall clock lives only in this thread.
 */
export const WATCHDOG_THREAD_SOURCE = `
"use strict";
const { workerData } = require("node:worker_threads");
const inspector = require("node:inspector");
const S = new Int32Array(workerData.sab);
const N = S.length / 4;
const seen = Array.from({ length: N }, () => ({ beat: -1, since: 0 }));
let session = null;
let busy = false;
const attached = new Map();
const replies = new Map();
const onPaused = new Map();
let nextId = 1;

function connect() {
  if (session !== null) return;
  session = new inspector.Session();
  session.connectToMainThread();
  session.on("Debugger.paused", (m) => { const f = onPaused.get("main"); if (f) f(m.params); });
  // workerId is the inspector's own numbering; the thread id is in the title ("[worker 3]").
  session.on("NodeWorker.attachedToWorker", (m) => {
    const id = /\\[worker (\\d+)\\]/.exec(m.params.workerInfo.title);
    if (id !== null) attached.set(id[1], m.params.sessionId);
  });
  session.on("NodeWorker.receivedMessageFromWorker", (m) => {
    const msg = JSON.parse(m.params.message);
    if (msg.id !== undefined) {
      const cb = replies.get(msg.id);
      replies.delete(msg.id);
      if (cb) cb(msg.error || null, msg.result);
    } else if (msg.method === "Debugger.paused") {
      const f = onPaused.get(m.params.sessionId);
      if (f) f(msg.params);
    }
  });
  session.post("NodeWorker.enable", { waitForDebuggerOnStart: false });
}

function target(thread) {
  if (thread === 0) return { key: "main", send: (method, params, cb) => session.post(method, params, cb || (() => {})) };
  const sessionId = attached.get(String(thread));
  if (sessionId === undefined) return undefined;
  return {
    key: sessionId,
    send: (method, params, cb) => {
      const id = nextId++;
      replies.set(id, cb || (() => {}));
      session.post("NodeWorker.sendMessageToWorker", { sessionId, message: JSON.stringify({ id, method, params }) });
    },
  };
}

/** Pause the slot's thread, let its hook confirm and record the stall, stop the spin. False: not reachable yet. */
function probe(slot, beat, limit) {
  connect();
  const t = target(S[slot * 4 + 3]);
  if (t === undefined) return false;
  busy = true;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    onPaused.delete(t.key);
    clearTimeout(giveUp);
    busy = false;
  };
  // A thread that runs no JavaScript (a rank awaiting real I/O) never pauses: try again later.
  const giveUp = setTimeout(() => t.send("Debugger.disable", {}, finish), Math.max(1000, limit));
  let tries = 0;
  const onPause = (paused) => {
    onPaused.delete(t.key);
    const frame = paused.callFrames[0];
    const resume = () => t.send("Debugger.disable", {}, finish);
    if (frame === undefined) return resume();
    // A pause between two microtasks has no user frame to show: step into the next one first.
    const final = ++tries >= 8;
    const expression = "globalThis[Symbol.for('mpisim.watchdog')]?.(" + slot + ", " + beat + ", " + final + ")";
    t.send("Debugger.evaluateOnCallFrame", { callFrameId: frame.callFrameId, expression, returnByValue: true }, (err, res) => {
      const verdict = !err && res && res.result ? res.result.value : undefined;
      if (verdict === "again") {
        onPaused.set(t.key, onPause);
        t.send("Debugger.stepInto", {});
        return;
      }
      if (verdict === "cut") t.send("Runtime.terminateExecution", {});
      resume();
    });
  };
  onPaused.set(t.key, onPause);
  t.send("Debugger.enable", {}, () => t.send("Debugger.pause", {}));
  return true;
}

setInterval(() => {
  if (busy) return;
  const now = Date.now();
  for (let i = 0; i < N; i++) {
    const b = i * 4;
    const beat = Atomics.load(S, b);
    const limit = Atomics.load(S, b + 2);
    const s = seen[i];
    if (limit <= 0 || Atomics.load(S, b + 1) === 0 || beat !== s.beat) {
      s.beat = beat;
      s.since = now;
      continue;
    }
    if (now - s.since >= limit && probe(i, beat, limit)) {
      s.since = now;
      return;
    }
  }
}, 50);
`;
