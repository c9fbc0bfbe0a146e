/**
 * The response types the binary does not name (scripts/response-types.json, used by `npm run
 * generate`) checked against the real pinned binary: each method is sent, and the reply must
 * validate against the answered type's JSON schema from the binary's own
 * `generate-json-schema --experimental` bundle (a superset of the stable one, so it serves stable and
 * experimental methods alike). An answer without a probe here fails, so no answer goes unchecked.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Codex } from "../../src/index.js";
import { AppServerHarness } from "../../src/testing/index.js";
import { resolveCodexBinary } from "../../src/transport/binary.js";
import { within } from "../support/sdk.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const answers = Object.fromEntries(
  Object.entries(
    JSON.parse(readFileSync(join(root, "scripts", "response-types.json"), "utf8")) as Record<string, string>,
  ).filter(([key]) => !key.startsWith("$")),
);

/** How to get a real reply of each answered method in a fresh CODEX_HOME, offline. */
interface Probe {
  params?: unknown;
  /**
   * The server cannot answer it offline (it needs a signed-in account): the test pins the refusal,
   * so the day the runtime answers, this probe must be turned into a shape check.
   */
  refusedWith?: RegExp;
}
const PROBES: Record<string, Probe> = {
  "account/gatewayOAuth/cancel": {},
  "account/logout": {},
  "account/securitySetup/read": {},
  "account/workspaceMessages/read": { refusedWith: /authentication required/ },
  "accountSession/list": { params: {} },
  "config/batchWrite": {
    params: { edits: [{ keyPath: "model", value: "probe", mergeStrategy: "replace" }] },
  },
  "config/mcpServer/reload": {},
  "config/value/write": { params: { keyPath: "model", value: "probe", mergeStrategy: "replace" } },
  "configRequirements/read": {},
  "externalAgentConfig/import/readHistories": {},
  "modelProvider/default/set": { params: { providerId: "openai" } },
  "memory/reset": {},
  "remoteControl/status/read": {},
  "rollout/compress": {},
  "windowsSandbox/readiness": {},
};

// The generated types are the pinned binary's, whatever CODEX_PATH says.
const pinned = resolveCodexBinary(undefined, {}).path;
let schemaDir: string;
let harness: AppServerHarness;
let codex: Codex;
const ajv = new Ajv({ unknownFormats: "ignore", allErrors: true });
let definitions: Record<string, unknown> & { v2: Record<string, unknown> };

/** A schema that refers to a named type of the bundle (top level or `v2`). */
function schemaOf(type: string): object {
  if (type in definitions.v2) return { $ref: `bundle#/definitions/v2/${type}` };
  if (type in definitions) return { $ref: `bundle#/definitions/${type}` };
  throw new Error(`the JSON schema bundle has no type ${type}`);
}

function validate(type: string, value: unknown): string | undefined {
  if (ajv.validate(schemaOf(type), value)) return undefined;
  return ajv.errorsText(ajv.errors);
}

beforeAll(async () => {
  schemaDir = mkdtempSync(join(tmpdir(), "codex-sdk-schema-"));
  execFileSync(pinned, ["app-server", "generate-json-schema", "--experimental", "--out", schemaDir], {
    stdio: "ignore",
  });
  const bundle = JSON.parse(
    readFileSync(join(schemaDir, "codex_app_server_protocol.schemas.json"), "utf8"),
  ) as {
    definitions: typeof definitions;
  };
  definitions = bundle.definitions;
  ajv.addSchema(bundle, "bundle");
  harness = await AppServerHarness.create();
  codex = new Codex(harness.codexOptions({ codexPath: pinned }));
});

afterAll(async () => {
  await codex?.close();
  await harness?.dispose();
  rmSync(schemaDir, { recursive: true, force: true });
});

describe("response types the binary does not name, checked against the real binary", () => {
  it("every answer has a probe, and every probe an answer", () => {
    expect(Object.keys(PROBES).sort()).toEqual(Object.keys(answers).sort());
  });

  it.each(Object.keys(PROBES))("%s answers with its declared response type", async (method) => {
    const probe = PROBES[method] ?? {};
    const type = answers[method] ?? "";
    const reply = within(
      codex.request(method as "thread/list", probe.params as never),
      `${method} to be answered`,
    );
    if (probe.refusedWith) {
      await expect(reply).rejects.toThrow(probe.refusedWith);
      return;
    }
    const result = await reply;
    expect(validate(type, result), `${method} replied ${JSON.stringify(result)}`).toBeUndefined();
  });

  it("the check tells types apart: a config write reply is not a model provider list", async () => {
    const result = await within(
      codex.request("modelProvider/default/set", { providerId: "openai" }),
      "modelProvider/default/set",
    );
    expect(validate("ConfigWriteResponse", result)).toBeUndefined();
    expect(validate("ModelProviderListResponse", result)).toMatch(/data/);
  });
});
