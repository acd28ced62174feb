import { RUNTIME_VERSION } from "../../core/instrument-runtime.ts";

/**
 * Part of every cache key of instrumented modules: bump when the emitted code changes for the
 * same input. Kept apart from transform.ts so a cache hit never loads TypeScript.
 */
export const TRANSFORM_VERSION = `t6-r${RUNTIME_VERSION}`;
