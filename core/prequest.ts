import { checkList, Request } from "./request.ts";
import { listArgs, listExtra, oneArgs, oneExtra } from "./request-args.ts";
import type { World } from "./world.ts";

/** A persistent request: mpi4py's MPI.Prequest (Send_init, Recv_init). */
export class Prequest extends Request {
  /** Starts one instance of the operation (set by the subsystem). */
  declare starter: ((req: Prequest) => void) | undefined;

  constructor(world: World, rank: number, id: number, kind: string) {
    super(world, rank, id, kind);
    this.starter = undefined;
    this.persistent = true;
    this.state = "inactive";
  }

  Start(): void {
    this.check("Prequest.Start");
    this.world.localCall("Prequest.Start", oneArgs(this), oneExtra(this));
    this.startInstance();
  }

  startInstance(): void {
    if (this.state === "null") throw this.world.error("ERR_REQUEST", `Start on a freed persistent request ${this.id}`, "Prequest.Start");
    if (this.state === "active" || this.state === "complete") {
      // MPI 4.1 §3.9: Start on an active request is erroneous; a complete one must be waited first.
      throw this.world.error("ERR_REQUEST", `Start on persistent request ${this.id} that is still active (complete it with Wait/Test first)`, "Prequest.Start");
    }
    this.state = "active";
    this.resetStatus();
    this.error = undefined;
    if (this.world.recording) {
      this.world.emit({ t: "request", step: this.world.step, rank: this.rank, time: this.world.now(this.rank), req: this.id, what: "start", kind: this.kind });
    }
    this.starter!(this);
  }

  static Startall(this: unknown, requests: Prequest[]): void {
    checkList(this, requests, "Prequest.Startall", undefined, undefined, true);
    if (requests.length === 0) return;
    const w = requests[0].world;
    w.localCall("Prequest.Startall", listArgs(requests), listExtra(requests));
    for (const r of requests) r.startInstance();
  }
}
