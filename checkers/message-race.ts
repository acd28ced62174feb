/**
 * message-race (SPEC §4): a receive posted with ANY_SOURCE matched one sender's message, while
 * another sender's message that it also accepts (same communicator, a tag it takes) was sent
 * without being ordered after the receive completed. Some schedule matches that other message
 * instead (MPI 4.1 §3.5: which of several matching messages a wildcard receive gets is not
 * defined across senders), so the program's behaviour depends on the schedule.
 */
import { ANY_TAG } from "../core/constants.ts";
import type { Diagnostic } from "../core/diagnostic.ts";
import type { SourceLoc } from "../core/errors.ts";
import type { DeliverRecord, RequestRecord } from "../core/trace.ts";
import { type Checker, type Cursor, Findings, access, diagnostic, short, listsPerRank } from "./checker.ts";
import type { Handlers } from "./dispatch.ts";
import type { HappensBefore } from "./hb/hb.ts";
import { snapshotGet } from "./hb/clock.ts";

interface Wild {
  comm: string;
  rtag: number;
  src: number;
  rreq: number;
  /** first epoch of the receiver after the Wait/Test that consumed the receive (0: not yet) */
  done: number;
  recvLoc: SourceLoc | undefined;
  sendLoc: SourceLoc | undefined;
  /** the matched message ("src:seq") */
  msg: string;
}

/** Wildcard receives remembered per receiver. */
const KEEP = 64;

export class MessageRaceChecker implements Checker {
  private wild: Wild[][];
  private readonly findings: Findings;

  constructor(
    private readonly hb: HappensBefore,
    size: number,
    cursor: Cursor,
  ) {
    this.findings = new Findings(cursor);
    this.wild = listsPerRank(size);
  }

  readonly handlers: Handlers = {
    deliver: (rec) => this.onDeliver(rec),
    request: (rec) => this.onRequest(rec),
  };

  private onRequest(rec: RequestRecord): void {
    if (rec.what !== "wait") return;
    const list = this.wild[rec.rank];
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].rreq === rec.req && list[i].done === 0) {
        list[i].done = this.hb.callEpoch[rec.rank] + 1;
        break;
      }
    }
  }

  private onDeliver(rec: DeliverRecord): void {
    const dst = rec.dst;
    const list = this.wild[dst];
    const snap = this.hb.lastSend;
    for (const w of list) {
      if (w.rreq === rec.rreq || w.comm !== rec.comm || w.src === rec.src) continue;
      if (w.rtag !== ANY_TAG && w.rtag !== rec.tag) continue;
      if (snap === undefined) continue;
      // Sent after the wildcard receive completed (as far as the sender knew): it could not have matched it.
      if (w.done > 0 && snapshotGet(snap, dst) >= w.done) continue;
      this.findings.add(
        diagnostic(
          "message-race",
          `the wildcard receive of rank ${dst} at ${short(w.recvLoc)} matched rank ${w.src}'s message (${short(w.sendLoc)}), but rank ${rec.src}'s message (${short(rec.sendLoc)}) could have matched it in another schedule (MPI 4.1 §3.5)`,
          [dst, w.src, rec.src],
          {
            predicted: true,
            matching: { matched: w.msg, other: rec.msg },
            accesses: [
              access("Recv(ANY_SOURCE)", dst, w.recvLoc, { comm: w.comm }),
              access("Send", w.src, w.sendLoc, { comm: w.comm }),
              access("Send", rec.src, rec.sendLoc, { comm: rec.comm }),
            ],
          },
        ),
        `message-race|${w.recvLoc ? short(w.recvLoc) : dst}|${rec.sendLoc ? short(rec.sendLoc) : rec.src}`,
      );
    }
    if (rec.wildcard) {
      list.push({ comm: rec.comm, rtag: rec.rtag ?? ANY_TAG, src: rec.src, rreq: rec.rreq, done: 0, recvLoc: rec.recvLoc, sendLoc: rec.sendLoc, msg: rec.msg });
      if (list.length > KEEP) list.shift();
    }
  }

  finish(): Diagnostic[] {
    return this.findings.list;
  }
}
