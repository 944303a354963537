import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file gets its own Pulumi runtime (the SDK keeps its state on the process global).
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
