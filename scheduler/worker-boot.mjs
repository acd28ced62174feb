// Worker threads start here: load TypeScript through tsx (as bin/mpisim.mjs does), then run the worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
