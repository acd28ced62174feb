import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

/** Built-in scenarios: `mpisim run scenario:NAME`. Each is a program file in this folder. */
export interface Scenario {
  name: string;
  file: string;
  description: string;
}

const here = dirname(fileURLToPath(import.meta.url));

const LIST: [string, string][] = [
  ["persistent-ring", "the lecture's persistent Send_init/Recv_init ring (4 ranks, 5 iterations)"],
  ["deadlock-ssend", "head-to-head Ssend: both ranks send synchronously first (deadlock)"],
  ["send-first", "both ranks Send then Recv: fine when eager, deadlock under --buffering rendezvous"],
  ["halo-cart", "2-D halo exchange with Sendrecv on a periodic Cartesian communicator"],
];

export const SCENARIOS: readonly Scenario[] = LIST.map(([name, description]) => ({ name, description, file: join(here, `${name}.ts`) }));

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
