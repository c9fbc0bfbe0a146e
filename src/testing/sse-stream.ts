/**
 * Writes a queued (or replayed) answer to the runtime as a Server-Sent Events stream, honouring
 * its delay, gate and disconnect options.
 *
 * @module
 * @internal
 */
import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";

import { holdStream } from "./gate.js";
import { sleep } from "./http-util.js";
import type { MockSseResponse } from "./mock-response.js";
import { encodeSseEvent } from "./sse.js";

/**
 * Streams `response` to `res`. Stops (without throwing) when `closing` aborts or the client hangs
 * up, so held or delayed streams never linger.
 */
export async function streamSse(
  req: IncomingMessage,
  res: ServerResponse,
  response: MockSseResponse,
  closing: AbortSignal,
): Promise<void> {
  // Aborts when the server closes or the client hangs up, so held or delayed streams never linger.
  const stop = new AbortController();
  const onGone = (): void => stop.abort();
  closing.addEventListener("abort", onGone, { once: true });
  res.once("close", onGone);
  try {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      ...response.headers,
    });
    res.flushHeaders();
    const { events, gate, gateAfter = 0, delayMs = 0, disconnectAfter } = response;
    let flushed: Promise<void> = Promise.resolve();
    for (let i = 0; i <= events.length; i += 1) {
      if (gate !== undefined && i === gateAfter) await gate[holdStream](stop.signal);
      if (stop.signal.aborted) return;
      if (i === disconnectAfter) {
        // Let the events already written reach the client, then cut the socket: the chunked body
        // stays unterminated, which the client sees as a dropped stream.
        await Promise.race([flushed, once(stop.signal, "abort")]);
        req.socket.destroy();
        return;
      }
      const event = events[i];
      if (event === undefined) break;
      if (delayMs > 0) await sleep(delayMs, stop.signal);
      if (stop.signal.aborted) return;
      const frame = encodeSseEvent(event);
      // The write callback runs once the frame is handed to the OS (or the write failed).
      flushed = new Promise<void>((resolve) => res.write(frame, () => resolve()));
      // Back-pressure: wait for a full socket buffer to drain before the next event.
      if (res.writableNeedDrain) await once(res, "drain", { signal: stop.signal }).catch(() => undefined);
    }
    res.end();
  } finally {
    closing.removeEventListener("abort", onGone);
    res.off("close", onGone);
  }
}
