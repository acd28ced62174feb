import { Request } from "../request.ts";
import type { Status } from "../status.ts";
import type { RmaEngine } from "./engine.ts";
import type { RmaOp } from "./op.ts";

/**
 * The request of Rput / Rget / Raccumulate / Rget_accumulate. It completes when its operation is
 * applied (its result, if any, is then in the origin's buffer); when the user's Wait/Test hands
 * the completion over, the origin has learnt local completion (MPI 4.1 §12.3.5: remote completion
 * still needs a flush, unlock or fence).
 */
export class RmaRequest extends Request {
  op: RmaOp | null = null;
  engine: RmaEngine | null = null;

  override consume(status?: Status | null): void {
    if (this.op && this.engine) this.engine.completeLocal(this.op);
    super.consume(status);
  }
}
