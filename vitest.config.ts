import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The simulator patches console.* while a run is active; keep test files in separate workers.
    pool: "forks",
  },
});
