import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The soak runs only with SOAK=1 (`npm run test:soak`), which also lets it past this exclude.
    exclude: [...(process.env["SOAK"] ? [] : ["test/reliability/soak*.test.ts"]), "**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The real app-server is CPU-bound and the CI machine has 2 cores.
    maxWorkers: 2,
    reporters: ["default"],
  },
});
