/**
 * Point-to-point communication (MPI 4.1 ch. 3) on an intracommunicator handle: blocking,
 * nonblocking and persistent sends and receives, Sendrecv, Probe and Iprobe, and mpi4py's
 * lower-case (object) forms. Messages are matched and delivered by core/p2p.ts; a blocking call
 * posts its request(s) and parks on a RequestWait. MPI.Comm (core/comm.ts) is this class.
 */
import { ANY_SOURCE, ANY_TAG, BOTTOM, PROC_NULL } from "./constants.ts";
import { kw } from "./args.ts";
import { Request } from "./request.ts";
import { Prequest } from "./prequest.ts";
import { RequestWait } from "./request-wait.ts";
import { Status } from "./status.ts";
import { aliased } from "./collective-checks.ts";
import { P2P, type SendMode } from "./p2p.ts";
import { recvEntry } from "./p2p-message.ts";
import { pack, type BufferSpec, type Datatype, type ResolvedBuffer } from "./datatype/index.ts";
import { CollectiveMethods } from "./collectives.ts";
import { POLL_CALL, declareCalls } from "./footprint-decl.ts";

// Probe and Iprobe answer with the messages that arrived so far (MPI 4.1 §3.8.1).
declareCalls({ "Comm.Probe": POLL_CALL, "Comm.Iprobe": POLL_CALL });

type RecvOpts = { source: number; tag: number; status: Status | null };

/** A message buffer as mpi4py takes it: a buffer specification, or one with MPI.BOTTOM for an empty message. */
export type MessageSpec =
  | BufferSpec
  | readonly [typeof BOTTOM, Datatype]
  | readonly [typeof BOTTOM, number, Datatype]
  | readonly [typeof BOTTOM, number, number, Datatype];

export abstract class PointToPoint<TComm, TCart> extends CollectiveMethods<TComm, TCart> {
  private describeBuf(b: ResolvedBuffer | null): string {
    return b ? `count=${b.count} ${b.datatype.Get_name?.() ?? ""}`.trim() : "";
  }

  // ------------------------------------------------------------ point-to-point internals

  /**
   * Record a call that starts a request. Its argument text and extras exist only for the trace:
   * built only while it is kept (World.recording), never as per-call garbage otherwise.
   */
  private opened(call: string, req: Request, peer: "dest" | "source", rank: number, tag: number, spec: ResolvedBuffer | null): void {
    const w = this.world;
    if (!w.recording) w.localCall(call);
    else w.localCall(call, w.describing ? `${peer}=${rank} tag=${tag} ${this.describeBuf(spec)}`.trim() : undefined, { reqs: [req.id], comm: this.ctx.id });
  }

  private sendOp(call: string, mode: SendMode, buf: unknown, rest: unknown[], object: boolean): Request {
    this.enter(call);
    const a = kw(rest, ["dest", "tag"], { dest: undefined as unknown, tag: 0 as unknown });
    const dest = this.peer(a.dest, call, "dest");
    const tag = this.tag(a.tag, call, false);
    const spec = object ? null : this.buf(buf, call, dest === PROC_NULL);
    const obj = object ? { value: this.cloneArg(buf, call) } : null;
    const req = new Request(this.world, this.owner, this.world.newRequestId(), "send");
    this.opened(call, req, "dest", dest, tag, spec);
    P2P.of(this.world).postSend(this.ctx, dest, tag, spec, obj, mode, req);
    return req;
  }

  private recvOp(call: string, buf: unknown, a: RecvOpts, object: boolean): Request {
    this.enter(call);
    this.statusArg(a.status, call);
    const source = this.peer(a.source, call, "source");
    const tag = this.tag(a.tag, call, true);
    const spec = object ? null : this.buf(buf, call, source === PROC_NULL);
    const req = new Request(this.world, this.owner, this.world.newRequestId(), "recv");
    req.makeStatus();
    this.opened(call, req, "source", source, tag, spec);
    P2P.of(this.world).postRecv(req, recvEntry(req, this.ctx, source, tag, spec, object));
    return req;
  }

  /** Park until the request is done, hand it over (with its status), and return `value` of it. */
  private waitFor<T>(req: Request, call: string, status: Status | null | undefined, value: (r: Request) => T): Promise<T> {
    const wait = new RequestWait<T>(call, [req], (rs) => {
      rs[0].consume(status);
      return value(rs[0]);
    });
    return this.world.block<T>(wait, undefined, this.world.recording ? { reqs: [req.id], comm: this.ctx.id } : undefined);
  }

  // ------------------------------------------------------------ blocking point-to-point

  /** A blocking send: post it, then park until its request completes (at once when buffered). */
  private blockingSend(call: string, mode: SendMode, buf: unknown, rest: unknown[], object: boolean): Promise<void> {
    return this.waitFor(this.sendOp(call, mode, buf, rest, object), call, null, nothing);
  }

  Send(buf: MessageSpec, ...rest: unknown[]): Promise<void> {
    return this.blockingSend("Comm.Send", "standard", buf, rest, false);
  }
  Ssend(buf: MessageSpec, ...rest: unknown[]): Promise<void> {
    return this.blockingSend("Comm.Ssend", "sync", buf, rest, false);
  }
  Bsend(buf: MessageSpec, ...rest: unknown[]): Promise<void> {
    return this.blockingSend("Comm.Bsend", "buffered", buf, rest, false);
  }
  Rsend(buf: MessageSpec, ...rest: unknown[]): Promise<void> {
    return this.blockingSend("Comm.Rsend", "ready", buf, rest, false);
  }
  Recv(buf: MessageSpec, ...rest: unknown[]): Promise<void> {
    const a = kw(rest, ["source", "tag", "status"], { source: ANY_SOURCE as number, tag: ANY_TAG as number, status: null as Status | null });
    const req = this.recvOp("Comm.Recv", buf, a, false);
    return this.waitFor(req, "Comm.Recv", a.status, nothing);
  }

  Sendrecv(sendbuf: MessageSpec, ...rest: unknown[]): Promise<void> {
    return this.sendrecvOp("Comm.Sendrecv", sendbuf, rest, false).then(() => undefined);
  }

  /**
   * Sendrecv / sendrecv: mpi4py's (dest, sendtag, recvbuf, source, recvtag, status); the receive
   * half is checked before the send is posted, so a mistake there leaves no message in flight.
   */
  private sendrecvOp(call: string, send: unknown, rest: unknown[], object: boolean): Promise<Request> {
    const a = kw(rest, ["dest", "sendtag", "recvbuf", "source", "recvtag", "status"], {
      dest: undefined as unknown,
      sendtag: 0 as unknown,
      recvbuf: null as unknown,
      source: ANY_SOURCE as number,
      recvtag: ANY_TAG as number,
      status: null as Status | null,
    });
    const recvbuf = object ? null : a.recvbuf;
    this.checkRecvHalf(call, recvbuf, a, object);
    if (!object) this.disjoint(call, send, recvbuf);
    const sreq = this.sendOp(call, "standard", send, [{ dest: a.dest, tag: a.sendtag }], object);
    const rreq = this.recvOp(call, recvbuf, { source: a.source, tag: a.recvtag, status: a.status }, object);
    return this.waitBoth(call, sreq, rreq, a.status).then(() => rreq);
  }

  Sendrecv_replace(buf: MessageSpec, ...rest: unknown[]): Promise<void> {
    const call = "Comm.Sendrecv_replace";
    this.enter(call);
    const a = kw(rest, ["dest", "sendtag", "source", "recvtag", "status"], {
      dest: undefined as unknown,
      sendtag: 0 as unknown,
      source: ANY_SOURCE as number,
      recvtag: ANY_TAG as number,
      status: null as Status | null,
    });
    this.checkRecvHalf(call, null, a, true);
    const dest = this.peer(a.dest, call, "dest");
    const tag = this.tag(a.sendtag, call, false);
    const spec = this.buf(buf, call, dest === PROC_NULL && a.source === PROC_NULL);
    // The outgoing data is taken before the receive may overwrite the buffer (MPI 4.1 §3.10.2).
    const copy = pack(spec.bytes, spec.byteOffset, spec.datatype, spec.count);
    const sreq = new Request(this.world, this.owner, this.world.newRequestId(), "send");
    this.opened(call, sreq, "dest", dest, tag, null);
    P2P.of(this.world).postSend(this.ctx, dest, tag, spec, null, "standard", sreq, copy);
    const rreq = this.recvOp(call, buf, { source: a.source, tag: a.recvtag, status: a.status }, false);
    return this.waitBoth(call, sreq, rreq, a.status);
  }

  /**
   * MPI 4.1 §3.10.1: Sendrecv's send and receive buffers must be disjoint (Sendrecv_replace is
   * for one buffer). Typed arrays over overlapping bytes of one ArrayBuffer alias. ERR_BUFFER,
   * the class MPICH gives aliased buffers ("**bufalias").
   */
  private disjoint(call: string, send: unknown, recv: unknown): void {
    const overlap = aliased([[this.buf(send, call, true), "read"], [this.buf(recv, call, true), "write"]]);
    if (overlap !== null) throw this.world.error("ERR_BUFFER", `${overlap}; use Sendrecv_replace (MPI 4.1 §3.10.1)`, call);
  }

  /** Sendrecv: a mistake in the receive half must be raised before the send half is posted (nothing left in flight). */
  private checkRecvHalf(call: string, buf: unknown, a: { source: unknown; recvtag: unknown; status: unknown }, object: boolean): void {
    this.enter(call);
    this.statusArg(a.status, call);
    this.peer(a.source, call, "source");
    this.tag(a.recvtag, call, true);
    if (!object) this.buf(buf, call, a.source === PROC_NULL);
  }

  /** Sendrecv: park until both halves are done; the send's error, if any, is raised first. */
  private waitBoth(call: string, sreq: Request, rreq: Request, status: Status | null): Promise<void> {
    const wait = new RequestWait<void>(call, [sreq, rreq], () => {
      sreq.consume();
      rreq.consume(status);
    });
    return this.world.block<void>(wait, undefined, { reqs: [sreq.id, rreq.id], comm: this.ctx.id });
  }

  // ------------------------------------------------------------ non-blocking point-to-point

  Isend(buf: MessageSpec, ...rest: unknown[]): Request {
    return this.sendOp("Comm.Isend", "standard", buf, rest, false);
  }
  Issend(buf: MessageSpec, ...rest: unknown[]): Request {
    return this.sendOp("Comm.Issend", "sync", buf, rest, false);
  }
  Ibsend(buf: MessageSpec, ...rest: unknown[]): Request {
    return this.sendOp("Comm.Ibsend", "buffered", buf, rest, false);
  }
  Irsend(buf: MessageSpec, ...rest: unknown[]): Request {
    return this.sendOp("Comm.Irsend", "ready", buf, rest, false);
  }
  Irecv(buf: MessageSpec, ...rest: unknown[]): Request {
    const a = kw(rest, ["source", "tag"], { source: ANY_SOURCE as number, tag: ANY_TAG as number, status: null as Status | null });
    return this.recvOp("Comm.Irecv", buf, a, false);
  }

  // ------------------------------------------------------------ persistent

  private sendInit(call: string, mode: SendMode, buf: MessageSpec, rest: unknown[]): Prequest {
    this.enter(call);
    const a = kw(rest, ["dest", "tag"], { dest: undefined as unknown, tag: 0 as unknown });
    const dest = this.peer(a.dest, call, "dest");
    const tag = this.tag(a.tag, call, false);
    const spec = this.buf(buf, call, dest === PROC_NULL);
    const req = new Prequest(this.world, this.owner, this.world.newRequestId(), "psend");
    this.opened(call, req, "dest", dest, tag, spec);
    // The engine and context are looked up once, not at every Start (a persistent loop's hot path).
    const p2p = P2P.of(this.world);
    const ctx = this.ctx;
    req.starter = (r) => p2p.postSend(ctx, dest, tag, spec, null, mode, r);
    return req;
  }

  Send_init(buf: MessageSpec, ...rest: unknown[]): Prequest {
    return this.sendInit("Comm.Send_init", "standard", buf, rest);
  }
  Ssend_init(buf: MessageSpec, ...rest: unknown[]): Prequest {
    return this.sendInit("Comm.Ssend_init", "sync", buf, rest);
  }
  Bsend_init(buf: MessageSpec, ...rest: unknown[]): Prequest {
    return this.sendInit("Comm.Bsend_init", "buffered", buf, rest);
  }
  Rsend_init(buf: MessageSpec, ...rest: unknown[]): Prequest {
    return this.sendInit("Comm.Rsend_init", "ready", buf, rest);
  }
  Recv_init(buf: MessageSpec, ...rest: unknown[]): Prequest {
    const call = "Comm.Recv_init";
    this.enter(call);
    const a = kw(rest, ["source", "tag"], { source: ANY_SOURCE as unknown, tag: ANY_TAG as unknown });
    const source = this.peer(a.source, call, "source");
    const tag = this.tag(a.tag, call, true);
    const spec = this.buf(buf, call, source === PROC_NULL);
    const req = new Prequest(this.world, this.owner, this.world.newRequestId(), "precv");
    req.makeStatus();
    this.opened(call, req, "source", source, tag, spec);
    const p2p = P2P.of(this.world);
    const ctx = this.ctx;
    // Every instance reuses one queue entry (see postRecv).
    const entry = recvEntry(req, ctx, source, tag, spec, false);
    req.starter = (r) => p2p.postRecv(r, entry);
    return req;
  }

  // ------------------------------------------------------------ probe

  Probe(...rest: unknown[]): Promise<true> {
    const call = "Comm.Probe";
    this.enter(call);
    const a = kw(rest, ["source", "tag", "status"], { source: ANY_SOURCE as unknown, tag: ANY_TAG as unknown, status: null as Status | null });
    this.statusArg(a.status, call);
    const source = this.peer(a.source, call, "source");
    const tag = this.tag(a.tag, call, true);
    const p2p = P2P.of(this.world);
    return this.world.block<true>(
      {
        call,
        ready: () => source === PROC_NULL || p2p.probe(this.owner, this.ctx, source, tag) !== null,
        complete: () => {
          fillProbeStatus(a.status, source === PROC_NULL ? null : p2p.probe(this.owner, this.ctx, source, tag));
          return true;
        },
        waitsFor: () => (source === ANY_SOURCE ? this.ctx.group.filter((x) => x !== this.owner) : source === PROC_NULL ? [] : [this.ctx.worldRank(source)]),
      },
      `source=${source} tag=${tag}`,
      { comm: this.ctx.id },
    );
  }

  Iprobe(...rest: unknown[]): Promise<boolean> {
    const call = "Comm.Iprobe";
    this.enter(call);
    const a = kw(rest, ["source", "tag", "status"], { source: ANY_SOURCE as unknown, tag: ANY_TAG as unknown, status: null as Status | null });
    this.statusArg(a.status, call);
    const source = this.peer(a.source, call, "source");
    const tag = this.tag(a.tag, call, true);
    const p2p = P2P.of(this.world);
    const pending = {
      call,
      poll: false,
      ready: () => true,
      complete: () => {
        if (source === PROC_NULL) {
          fillProbeStatus(a.status, null);
          return true;
        }
        const m = p2p.probe(this.owner, this.ctx, source, tag);
        pending.poll = m === null;
        if (m) fillProbeStatus(a.status, m);
        return m !== null;
      },
    };
    return this.world.block<boolean>(pending, `source=${source} tag=${tag}`, { comm: this.ctx.id });
  }

  // ------------------------------------------------------------ lower-case (objects)

  send(obj: unknown, ...rest: unknown[]): Promise<void> {
    return this.blockingSend("Comm.send", "standard", obj, rest, true);
  }
  ssend(obj: unknown, ...rest: unknown[]): Promise<void> {
    return this.blockingSend("Comm.ssend", "sync", obj, rest, true);
  }
  bsend(obj: unknown, ...rest: unknown[]): Promise<void> {
    return this.blockingSend("Comm.bsend", "buffered", obj, rest, true);
  }
  isend(obj: unknown, ...rest: unknown[]): Request {
    return this.sendOp("Comm.isend", "standard", obj, rest, true);
  }
  issend(obj: unknown, ...rest: unknown[]): Request {
    return this.sendOp("Comm.issend", "sync", obj, rest, true);
  }
  recv(...rest: unknown[]): Promise<unknown> {
    const a = kw(rest, ["buf", "source", "tag", "status"], { buf: null as unknown, source: ANY_SOURCE as number, tag: ANY_TAG as number, status: null as Status | null });
    const req = this.recvOp("Comm.recv", null, a, true);
    return this.waitFor(req, "Comm.recv", a.status, resultOfRequest);
  }
  irecv(...rest: unknown[]): Request {
    const a = kw(rest, ["buf", "source", "tag"], { buf: null as unknown, source: ANY_SOURCE as number, tag: ANY_TAG as number, status: null as Status | null });
    return this.recvOp("Comm.irecv", null, a, true);
  }
  sendrecv(sendobj: unknown, ...rest: unknown[]): Promise<unknown> {
    return this.sendrecvOp("Comm.sendrecv", sendobj, rest, true).then((rreq) => rreq.result);
  }
  probe(...rest: unknown[]): Promise<true> {
    return this.Probe(...rest);
  }
  iprobe(...rest: unknown[]): Promise<boolean> {
    return this.Iprobe(...rest);
  }
}

function nothing(): undefined {
  return undefined;
}

function resultOfRequest(r: Request): unknown {
  return r.result;
}

function fillProbeStatus(status: Status | null, m: { srcLocal: number; tag: number; bytes: number } | null): void {
  if (!status) return;
  if (!m) {
    status.source = PROC_NULL;
    status.tag = ANY_TAG;
    status.count = 0;
    return;
  }
  status.source = m.srcLocal;
  status.tag = m.tag;
  status.count = m.bytes;
}
