/**
 * The mock Responses API in a process of its own, so that a soak measures the memory of the SDK
 * alone (the mock keeps every request it recorded). Run with `node --import tsx`; every model
 * request is answered with a text reply streamed as the deltas in MOCK_DELTAS (a JSON array). It
 * prints `{"url":"http://127.0.0.1:PORT/v1"}` once listening, and exits when its stdin ends.
 */
import { MockResponsesServer, textResponse } from "../../src/testing/index.js";

const deltas = JSON.parse(process.env["MOCK_DELTAS"] ?? '["hello"]') as string[];
const mock = await MockResponsesServer.start({ responder: () => textResponse(deltas.join(""), { deltas }) });
process.stdout.write(JSON.stringify({ url: mock.url }) + "\n");
process.stdin.on("end", () => {
  void mock.close().finally(() => process.exit(0));
});
process.stdin.resume();
