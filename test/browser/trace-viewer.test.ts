/**
 * The trace viewer (`codex-app-sdk trace view`, the built program) opened in a real headless
 * Chromium (Debian's `chromium`, driven by playwright-core): the turns and items of a session
 * recorded from the real app-server, a turn that opens on click, errors highlighted, no console
 * errors, no network, and a 100,000-message trace that renders with only the rows in view in the
 * DOM. Screenshots go to test-artifacts/ (gitignored).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import { Codex, tool, TurnFailedError, type RunResult } from "../../src/index.js";
import {
  AppServerHarness,
  failedResponse,
  shellCommandResponse,
  textResponse,
  toolCallResponse,
} from "../../src/testing/index.js";
import { rejection, within } from "../support/sdk.js";
import { syntheticTrace } from "../support/synthetic-trace.js";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const root = fileURLToPath(new URL("../../", import.meta.url));
const program = join(root, "dist", "bin", "codex-app-sdk.js");
const artifacts = join(root, "test-artifacts");
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`skipping the trace viewer browser tests: ${CHROMIUM} is not installed (.ci/run installs it)`);

let dir: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "codex-viewer-"));
  mkdirSync(artifacts, { recursive: true });
  if (hasChromium) browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `codex-app-sdk trace view` and returns the page path it printed. */
function view(trace: string, out: string): string {
  const printed = execFileSync(process.execPath, [program, "trace", "view", trace, "--out", out], {
    encoding: "utf8",
  });
  return printed.trim();
}

/** Opens a page; collects console errors, page errors and any request that is not the page itself. */
async function open(path: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("request", (r) => {
    if (r.url() !== `file://${path}`) requests.push(r.url());
  });
  await page.goto(`file://${path}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  return { page, problems, requests };
}

const text = (page: Page, selector: string): Promise<string> => page.locator(selector).innerText();

describe.skipIf(!hasChromium)("trace viewer in Chromium", () => {
  it("shows the turns and items of a recorded session, opens a turn on click, highlights the failed turn", async () => {
    const harness = await AppServerHarness.create();
    const trace = join(dir, "session.jsonl");
    const codex = new Codex({ ...harness.codexOptions(), traceFile: trace });
    // Counted as they are routed to the turn (onEvent), not through codex.on(): listeners run in a
    // later setImmediate batch and may run after run() settled (documented), so a count taken at
    // the rejection could miss an error that came in the same read as turn/completed.
    let failedErrors = 0;
    let first: RunResult;
    let failedItems: number;
    try {
      const lookup = tool({
        name: "lookup_city",
        description: "Facts about a city",
        parameters: z.object({ city: z.string() }),
        execute: ({ city }) => `${city}: 2 million people`,
      });
      const thread = await codex.threadStart({ tools: [lookup] });
      harness.mock.enqueue(shellCommandResponse("call_sh", "echo viewer"));
      harness.mock.enqueue(toolCallResponse("call_tool", "lookup_city", { city: "Paris" }));
      harness.mock.enqueue(textResponse("Paris has 2 million people.", { deltas: 6 }));
      first = await within(thread.run("facts please"), "the first turn");
      harness.mock.enqueue(failedResponse("the model broke"));
      const failed = await rejection(
        thread.run("this one fails", {
          onEvent: (event) => {
            if (event.method === "error") failedErrors++;
          },
        }),
        "the failed turn",
      );
      expect(failed).toBeInstanceOf(TurnFailedError);
      const failedResult = (failed as TurnFailedError).result;
      // Its items, plus one row per error event of the turn.
      failedItems = failedResult.items.length + failedErrors;
    } finally {
      await codex.close();
      await harness.dispose();
    }
    // The first turn's items, plus its one server request (the custom tool call).
    const firstItems = first.items.length + 1;

    const out = join(dir, "session.html");
    expect(view(trace, out)).toBe(out);
    const html = readFileSync(out, "utf8");
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);

    const { page, problems, requests } = await open(out);
    try {
      expect(await text(page, "#stat-threads")).toBe("1");
      expect(await text(page, "#stat-turns")).toBe("2");
      expect(await text(page, "#stat-items")).toBe(String(firstItems + failedItems));
      expect(Number(await text(page, "#stat-errors"))).toBeGreaterThan(0);
      expect(await page.locator(".row.turn").count()).toBe(2);
      expect(await page.locator(".row.item").count()).toBe(0);
      await expect.poll(() => page.locator(".row.turn.error").count()).toBe(1);

      await page.locator(".row.turn").first().click();
      await expect.poll(() => page.locator(".row.item").count()).toBe(firstItems);
      const kinds = await page.locator(".row.item .kind").allInnerTexts();
      expect(kinds).toEqual(
        expect.arrayContaining([
          "userMessage",
          "commandExecution",
          "dynamicToolCall",
          "request",
          "agentMessage",
        ]),
      );
      // The streamed answer is one row (its deltas folded in), showing the final text.
      const answers = page.locator(".row.item", { hasText: "Paris has 2 million people." });
      await expect.poll(() => answers.count()).toBe(1);
      await page.locator(".row.item", { hasText: "echo viewer" }).click();
      await expect.poll(() => text(page, "#detail")).toContain("viewer");
      await page.screenshot({ path: join(artifacts, "trace-viewer-session.png") });

      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("renders a 100,000-message trace with only the rows in view in the DOM, and scrolls to its end", async () => {
    const { lines, items } = syntheticTrace(Math.ceil(100_000 / 51));
    expect(lines.length).toBeGreaterThanOrEqual(100_000);
    const trace = join(dir, "big.jsonl");
    writeFileSync(trace, `${lines.join("\n")}\n`);
    const out = join(dir, "big.html");
    expect(view(trace, out)).toBe(out);

    const t0 = performance.now();
    const { page, problems } = await open(out);
    const readyMs = performance.now() - t0;
    console.log(`100,000-message trace: page ready in ${Math.round(readyMs)} ms`);
    try {
      expect(await text(page, "#stat-messages")).toBe(lines.length.toLocaleString("en-US"));
      expect(await text(page, "#stat-items")).toBe(items.toLocaleString("en-US"));
      await page.click("#expand-all");
      await page.locator("#list").evaluate((el) => (el.scrollTop = el.scrollHeight));
      const lastTurn = `prompt ${Math.ceil(100_000 / 51) - 1}`;
      await expect.poll(() => page.locator(".row.item", { hasText: lastTurn }).count()).toBe(1);
      const inDom = await page.locator("#spacer > .row").count();
      expect(inDom).toBeLessThan(200);
      await page.screenshot({ path: join(artifacts, "trace-viewer-100k.png") });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
