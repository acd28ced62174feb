// Worker threads start here. From the sources, worker.ts is TypeScript: load it through tsx (as
// bin/mpisim.mjs does). The compiled package (dist/) starts worker.js directly; its loader
// registers tsx only if the program needs it (checkers/instrument/ts-loader.ts).
import { existsSync } from "node:fs";

if (existsSync(new URL("./worker.js", import.meta.url))) {
  await import("./worker.js");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./worker.ts");
}
