import { ANY_SOURCE, ANY_TAG, PROC_NULL } from "./constants.ts";
import { objectArray, type SimEvent, type EventOwner } from "./events.ts";
import { messageTime } from "./cost.ts";
import { formatLoc } from "./errors.ts";
import { currentCallLoc } from "./instrument-runtime.ts";
import { Request } from "./request.ts";
import { onePeer, type RequestBase } from "./request-base.ts";
import type { CommContext } from "./context.ts";
import { TouchMode, type World } from "./world.ts";
import { packBuffer, packSmall, scratchWord, smallBytes, unpackSmall, sameLeadingSignature, showSignature, signature, unpackBuffer, untyped, type ResolvedBuffer } from "./datatype/index.ts";
import { Message, typeKey, typesNeedCheck, type Inbox, type PostedRecv, type SendMode } from "./p2p-message.ts";

export type { Message, PostedRecv, SendMode } from "./p2p-message.ts";

// Names of messages and receives for the trace and footprints, built only when someone reads them.

/** A message's id: "src:n", its sender's n-th message (the deliver event's identity). */
function msgId(m: Message): string {
  return `${m.src}:${m.seq}`;
}

/** A posted receive's footprint name: "recv:<rank>:<n>". */
function recvKey(r: PostedRecv): string {
  return `recv:${r.req.rank}:${r.seq}`;
}

/**
 * Remove x from a queue, keeping the others' order (matching order is MPI's non-overtaking rule).
 * In place: splice made an array of the removed items on every delivery.
 */
function removeItem<T>(a: T[], x: T): void {
  const i = a.indexOf(x);
  if (i < 0) return;
  for (let k = i + 1; k < a.length; k++) a[k - 1] = a[k];
  a.pop();
}

/** onCancel of every posted receive (one shared function, not a closure per receive). */
function cancelRecv(this: RequestBase): boolean {
  return P2P.of(this.world).cancel(this);
}

/**
 * Point-to-point matching (MPI 4.1 §3.5): a message goes to the earliest posted receive that
 * matches it; two messages from one sender on one communicator that match the same receive are
 * received in the order sent (non-overtaking). Which of several senders a wildcard receive gets is
 * the scheduler's choice: every deliverable message is its own enabled event.
 */
export class P2P implements EventOwner {
  /**
   * Per rank: messages in flight to it, and its posted receives. Two arrays of queues, not an
   * object per rank holding both: at thousands of ranks every hop to a rank's state is a cache
   * miss, and each send, receive and delivery made one more.
   */
  private msgQ: Message[][];
  private recvQ: PostedRecv[][];

  constructor(private world: World) {
    // Queues of objects from the start (see objectArray): a fresh `[]` per rank per run made the
    // hot pushes below deoptimize at the start of every run after the first.
    this.msgQ = Array.from({ length: world.size }, () => objectArray<Message>());
    this.recvQ = Array.from({ length: world.size }, () => objectArray<PostedRecv>());
  }

  static of(world: World): P2P {
    // Every point-to-point call asks: skip the factory closure once the engine exists.
    return (world.subsystems.get("p2p") as P2P | undefined) ?? world.sub("p2p", () => new P2P(world));
  }

  /** Post a send; returns its request (completed already when buffered or to PROC_NULL). */
  postSend(
    ctx: CommContext,
    destLocal: number,
    tag: number,
    spec: ResolvedBuffer | null,
    obj: { value: unknown } | null,
    mode: SendMode,
    req: Request,
    prepacked?: Uint8Array,
  ): void {
    const w = this.world;
    const src = req.rank;
    const st = w.ranks[src];
    if (destLocal === PROC_NULL) {
      req.finish(st.clock);
      return;
    }
    const dst = ctx.worldRank(destLocal);
    const bytes = prepacked ? prepacked.length : spec ? spec.count * spec.datatype.size : 0;
    const sync =
      mode === "sync" || (mode !== "buffered" && (w.opts.buffering === "rendezvous" || bytes > w.opts.eagerLimit));
    const seq = st.msgSeq++;
    // An eager message of a few bytes travels in two words, not a new array (packSmall).
    const small = prepacked === undefined && spec !== null && !sync && packSmall(spec) ? spec.byteLength : -1;
    const w0 = small >= 0 ? scratchWord(0) : 0;
    const w1 = small >= 0 ? scratchWord(1) : 0;
    const m = new Message(
      this,
      src,
      seq,
      ctx.localRank(src),
      dst,
      ctx,
      tag,
      prepacked ?? (spec && !sync && small < 0 ? packBuffer(spec) : null),
      small,
      w0,
      w1,
      sync ? spec : null,
      spec ? spec.datatype : null,
      spec ? spec.count : 0,
      spec ? typeKey(spec.datatype) : null,
      // Lower-case sends hand over their own copy, taken at the call (Comm.cloneArg).
      obj ? obj.value : undefined,
      obj !== null,
      bytes,
      sync,
      mode === "sync",
      req,
      st.clock,
      currentCallLoc(),
    );
    if (w.footprint !== null) {
      // Creating the message (its deliver event); queueing it is seen by probes and by the
      // wildcard receive it may match instead of another sender's message.
      w.touch(`msg:${msgId(m)}`, TouchMode.Write);
      w.touch(`match:${dst}`, TouchMode.Add, src, src + 1);
    }
    req.peerRank = dst;
    req.peers = onePeer;
    // MPI 4.1 §3.7.2: the send buffer is the operation's until the request is completed by
    // Wait/Test, however the data travels; watch it that long (for buffer-race) when recording.
    if (spec && (sync || w.recording)) req.useSpec(spec, "read");
    if (!sync) req.finish(st.clock);
    // A new message is the last of its queue: the others' targets stay (see recompute).
    const msgs = this.msgQ[dst];
    msgs.push(m);
    this.retarget(dst, msgs.length - 1);
    w.poke(dst);
  }

  /**
   * Post the receive `r` (recvEntry: what it receives, from whom, into what) as `req`. A persistent
   * receive hands the same entry to every instance, made once by Recv_init: the previous instance
   * was matched or cancelled before the request could be started again (MPI 4.1 §3.9), so the
   * entry is in no queue and no message targets it (fire and cancel retarget those), and an object
   * per Start was the ring's garbage. What an instance changes is set here; the rest stays.
   */
  postRecv(req: Request, r: PostedRecv): void {
    const w = this.world;
    const me = req.rank;
    const sourceLocal = r.source;
    if (sourceLocal === PROC_NULL) {
      // MPI 4.1 §3.11: a receive from PROC_NULL completes at once with source PROC_NULL, tag ANY_TAG, count 0.
      req.status.source = PROC_NULL;
      req.status.tag = ANY_TAG;
      req.status.count = 0;
      req.result = null;
      req.finish(w.now(me));
      return;
    }
    const spec = r.spec;
    const ctx = r.ctx;
    r.req = req;
    r.seq = w.ranks[me].reqSeq++;
    r.time = w.now(me);
    r.loc = currentCallLoc();
    if (w.footprint !== null) w.touch(recvKey(r), TouchMode.Write);
    if (spec) req.useSpec(spec, "write");
    if (sourceLocal === ANY_SOURCE) req.peers = () => ctx.group.filter((x) => x !== me);
    else {
      req.peerRank = ctx.worldRank(sourceLocal);
      req.peers = onePeer;
    }
    req.onCancel = cancelRecv;
    this.recvQ[me].push(r);
    this.recompute(me, null);
  }

  /** Take `req`'s posted receive back if it has not matched yet (Request.Cancel); true when it was. */
  cancel(req: RequestBase): boolean {
    const recvs = this.recvQ[req.rank];
    const i = recvs.findIndex((r) => r.req === req);
    if (i < 0) return false;
    const [r] = recvs.splice(i, 1);
    if (this.world.footprint !== null) this.world.touch(recvKey(r), TouchMode.Write);
    this.recompute(req.rank, r);
    return true;
  }

  /** The first unmatched message that a Probe(source, tag) on ctx would see, or null. */
  probe(rank: number, ctx: CommContext, sourceLocal: number, tag: number): Message | null {
    for (const m of this.msgQ[rank]) {
      if (m.ctx === ctx && (sourceLocal === ANY_SOURCE || sourceLocal === m.srcLocal) && (tag === ANY_TAG || tag === m.tag)) return m;
    }
    return null;
  }

  private static matches(m: Message, r: PostedRecv): boolean {
    return m.ctx === r.ctx && (r.source === ANY_SOURCE || r.source === m.srcLocal) && (r.tag === ANY_TAG || r.tag === m.tag);
  }

  /**
   * Recompute which messages to `dst` are deliverable now, and to which receive. Only the messages
   * whose answer can have changed are looked at again (at thousands of ranks each is a cache miss):
   * those with no target, and those whose target `gone` was just matched or cancelled. A message with
   * another target keeps it: queues only lose `gone` and the delivered message or gain entries at
   * their ends, so its earliest matching receive is the same and an earlier message from its sender
   * that also matches it can only have left. The changes happen in queue order, as a full pass
   * makes them (the enabled set's order is the schedule's).
   */
  private recompute(dst: number, gone: PostedRecv | null): void {
    const msgs = this.msgQ[dst];
    for (let i = 0; i < msgs.length; i++) {
      const t = msgs[i].target;
      if (t === null || t === gone) this.retarget(dst, i);
    }
  }

  /** Message i of `dst`'s queue: its earliest matching receive, unless an earlier message from its sender matches that one (non-overtaking). */
  private retarget(dst: number, i: number): void {
    const msgs = this.msgQ[dst];
    const recvs = this.recvQ[dst];
    const m = msgs[i];
    let target: PostedRecv | null = null;
    for (let j = 0; j < recvs.length; j++) {
      if (P2P.matches(m, recvs[j])) {
        target = recvs[j];
        break;
      }
    }
    if (target) {
      for (let k = 0; k < i; k++) {
        const e = msgs[k];
        if (e.src === m.src && P2P.matches(e, target)) {
          target = null;
          break;
        }
      }
    }
    m.target = target;
    if (target) this.world.enabled.add(m);
    else this.world.enabled.remove(m);
  }

  describe(ev: SimEvent): string {
    const m = ev as Message;
    return `deliver ${m.src}→${m.dst} tag ${m.tag} (${m.bytes} B) on ${m.ctx.name}`;
  }

  fire(ev: SimEvent): void {
    const m = ev as Message;
    const r = m.target!;
    const w = this.world;
    removeItem(this.msgQ[m.dst], m);
    removeItem(this.recvQ[m.dst], r);
    if (w.footprint !== null) {
      // Two deliveries to one receive conflict; a wildcard receive conflicts with every delivery
      // to its rank (which sender it gets is the choice); otherwise deliveries commute.
      w.touch(`msg:${msgId(m)}`, TouchMode.Write);
      w.touch(recvKey(r), TouchMode.Write);
      if (r.source === ANY_SOURCE) w.touch(`match:${m.dst}`, TouchMode.Write);
      else w.touch(`match:${m.dst}`, TouchMode.Add, m.src, m.src + 1);
      if (m.sync && m.spec) w.touch(w.memName(m.spec.buffer, m.src), TouchMode.Read, m.spec.spanStart, m.spec.spanStart + m.spec.byteLength);
      if (r.spec) w.touch(w.memName(r.spec.buffer, m.dst), TouchMode.Write, r.spec.spanStart, r.spec.spanStart + r.spec.byteLength);
    }
    const arrival = Math.max(m.time + messageTime(w.opts.cost, m.bytes), r.time);
    const rreq = r.req;
    rreq.status.source = m.srcLocal;
    rreq.status.tag = m.tag;
    if (m.isObject || r.isObject) {
      if (m.isObject !== r.isObject) {
        rreq.error = this.mismatch(m, r);
      }
      rreq.result = m.obj;
      rreq.status.count = 0;
    } else {
      // null: a small message, in m.w0 and m.w1
      const data = m.data ?? (m.small >= 0 ? null : m.spec ? packBuffer(m.spec) : new Uint8Array(0));
      const spec = r.spec!;
      const capacity = r.capacity;
      let n = data === null ? m.small : data.length;
      if (n > capacity) {
        rreq.error = w.errorFor(rreq.rank, "ERR_TRUNCATE", `message of ${n} bytes from rank ${m.srcLocal} (tag ${m.tag}) is longer than the receive buffer (${capacity} bytes)`, "Comm.Recv", r.loc);
        n = capacity;
      }
      // A message may end inside a datatype element: its bytes fill the typemap that far, and
      // Get_count says UNDEFINED while Get_elements counts the basic elements (MPI 4.1 §3.2.5, §5.1.12).
      if (m.datatype !== null && n > 0 && rreq.error === undefined && typesNeedCheck(m.typeKey, r.typeKey)) this.checkTypes(m, r, spec);
      const elemSize = spec.datatype.size;
      const count = elemSize > 0 ? Math.ceil(n / elemSize) : 0;
      if (n > 0) {
        if (data !== null) unpackBuffer(n === data.length ? data : data.subarray(0, n), spec, count);
        else if (!unpackSmall(m.w0, m.w1, n, spec)) unpackBuffer(smallBytes(m.w0, m.w1, n), spec, count);
      }
      rreq.status.count = n;
    }
    if (w.recording) {
      w.emit({
        t: "deliver",
        step: w.step,
        rank: m.dst,
        time: arrival,
        msg: msgId(m),
        src: m.src,
        dst: m.dst,
        comm: m.ctx.id,
        tag: m.tag,
        bytes: m.bytes,
        sreq: m.sreq.id,
        rreq: rreq.id,
        sync: m.sync,
        ssend: m.ssend,
        wildcard: r.source === ANY_SOURCE,
        rtag: r.tag,
        sendLoc: m.loc,
        recvLoc: r.loc,
      });
    }
    rreq.finish(arrival);
    if (m.sync) m.sreq.finish(arrival);
    this.recompute(m.dst, r);
  }

  /**
   * MPI 4.1 §3.3.1: the type signature of the message must match the receive's (a prefix of it:
   * the receive may be longer). MPI leaves a mismatch erroneous without requiring detection, and
   * implementations rarely detect it (the bytes are reinterpreted); we report ERR_TYPE at the
   * receive, naming both sides. BYTE and PACKED match anything (§3.3.1, §5.2).
   */
  private checkTypes(m: Message, r: PostedRecv, spec: ResolvedBuffer): void {
    const sdt = m.datatype!;
    if (untyped(sdt) || untyped(spec.datatype)) return;
    if (sameLeadingSignature(sdt, m.count, spec.datatype, spec.count)) return;
    const sent = signature(sdt, m.count);
    const recv = signature(spec.datatype, spec.count);
    const at = m.loc ? ` at ${formatLoc(m.loc)}` : "";
    r.req.error = this.world.errorFor(
      r.req.rank,
      "ERR_TYPE",
      `type mismatch (MPI 4.1 §3.3.1): rank ${m.src} sent ${showSignature(sent)} (${sdt.describe()})${at}, received as ${showSignature(recv)} (${spec.datatype.describe()})`,
      "Comm.Recv",
      r.loc,
    );
  }

  private mismatch(m: Message, r: PostedRecv) {
    return this.world.errorFor(
      r.req.rank,
      "ERR_TYPE",
      `${m.isObject ? "an object (lower-case send)" : "a buffer (upper-case Send)"} was received by ${r.isObject ? "a lower-case recv" : "an upper-case Recv"}; use matching send/recv families`,
      "Comm.Recv",
      r.loc,
    );
  }

  /** Messages still in flight and receives still posted (for leak reports and the TUI). */
  pendingCounts(): { messages: number; receives: number } {
    let messages = 0;
    let receives = 0;
    for (const q of this.msgQ) messages += q.length;
    for (const q of this.recvQ) receives += q.length;
    return { messages, receives };
  }

  inbox(rank: number): Readonly<Inbox> {
    return { msgs: this.msgQ[rank], recvs: this.recvQ[rank] };
  }
}
