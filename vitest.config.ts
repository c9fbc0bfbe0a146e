import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/reliability/soak*.test.ts", "**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The real app-server is CPU-bound and the CI machine has 2 cores.
    maxWorkers: 2,
    reporters: ["default"],
  },
});
