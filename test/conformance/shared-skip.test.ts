// The ../shared gate itself: absent suite → skip with one line, or fail when CI requires it.
import { describe, expect, it, vi } from "vitest";
import { CONFORMANCE, REQUIRE_SHARED_VAR, ROOT, skipWithoutShared } from "../helpers/conformance.ts";
import { join } from "node:path";

const MISSING = join(ROOT, "no-such-shared-dir/conformance");

describe("skipWithoutShared", () => {
  it("skips with one line naming the suite when ../shared is absent", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(skipWithoutShared("my suite", {}, MISSING)).toBe(true);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/^my suite: skipped, .*no-such-shared-dir\/conformance not found.*MPISIM_REQUIRE_SHARED=1/);
    } finally {
      warn.mockRestore();
    }
  });

  it(`fails instead when ${REQUIRE_SHARED_VAR}=1 (as .ci/run sets it)`, () => {
    expect(() => skipWithoutShared("my suite", { [REQUIRE_SHARED_VAR]: "1" }, MISSING)).toThrow(/my suite: MPISIM_REQUIRE_SHARED=1 but the shared conformance suite is missing/);
  });

  it("runs (no skip, no line) when the suite is there", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(skipWithoutShared("my suite", { [REQUIRE_SHARED_VAR]: "1" }, ROOT)).toBe(false);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("points at ../shared/conformance beside the repository", () => {
    expect(CONFORMANCE).toBe(join(ROOT, "..", "shared", "conformance"));
  });
});
