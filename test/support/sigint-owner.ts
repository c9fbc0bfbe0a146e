/**
 * A Node program that owns a started `Codex` and handles Ctrl-C (SIGINT) gracefully: on SIGINT it
 * makes one more request through the client, prints whether it worked, closes and exits. Options
 * come as JSON in CODEX_OWNER_OPTIONS. It prints `ready` once the client is started.
 */
import { Codex, type CodexOptions } from "../../src/index.js";

const options = JSON.parse(process.env["CODEX_OWNER_OPTIONS"] ?? "{}") as CodexOptions;
const codex = new Codex(options);
await codex.start();
process.once("SIGINT", () => {
  void (async () => {
    try {
      const models = await codex.models();
      process.stdout.write(`alive after SIGINT (${models.data.length} models)\n`);
    } catch (error) {
      process.stdout.write(`dead after SIGINT: ${(error as Error).name}\n`);
    }
    await codex.close();
    process.exit(0);
  })();
});
process.stdout.write("ready\n");
setInterval(() => undefined, 60_000); // wait for the signal
