// Resolves the response type of every request method of the generated protocol.
//
// The binary names no response type anywhere: `generate-ts` emits the request unions with params
// only, and the `generate-json-schema` bundle maps each method to its params schema only (its
// `JSONRPCResponse` carries an untyped `result`). So a response type comes from, in order:
// 1. an answer in scripts/response-types.json (a maintainer's answer, checked against the real
//    binary by test/integration/response-types.test.ts);
// 2. the `XxxParams -> XxxResponse` convention, when that type exists.
// Anything else stops generation with the exact question to answer and the likely candidates.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ANSWERS_FILE = join(dirname(fileURLToPath(import.meta.url)), "response-types.json");

/** The answered methods: method -> response type name. */
export function readAnswers(file = ANSWERS_FILE) {
  const raw = JSON.parse(readFileSync(file, "utf8"));
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith("$")));
}

/** Lower-case words of a method or a type name: `modelProvider/default/set` -> model, provider, default, set. */
function words(name) {
  return name
    .replace(/(Params|Response)$/, "")
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Response types sharing the most words with the method and its params, best first. */
function candidates(method, params, responseTypes) {
  const wanted = new Set([...words(method), ...(params === "undefined" ? [] : words(params))]);
  return responseTypes
    .map((type) => ({ type, score: words(type).filter((w) => wanted.has(w)).length }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.type.localeCompare(b.type))
    .slice(0, 6)
    .map((c) => c.type);
}

/**
 * Resolves `{ method, params }` request members to `{ method, params, response }`.
 * @param members the members of one request union, in order
 * @param kind "client request" or "server request", for messages
 * @param known every generated type name
 * @param answers method -> response type (from response-types.json)
 * @throws Error with one question per unresolved method
 */
export function resolveResponses(members, kind, known, answers = readAnswers()) {
  const responseTypes = [...known].filter((n) => n.endsWith("Response")).sort();
  const questions = [];
  const resolved = members.map(({ method, params }) => {
    const answer = answers[method];
    if (answer !== undefined) {
      if (!known.has(answer)) {
        questions.push(
          `${kind} ${method}: scripts/response-types.json answers ${answer}, which this runtime does not generate. ` +
            `Which type does it answer with now? Candidates: ${candidates(method, params, responseTypes).join(", ") || "none by name"}.`,
        );
      }
      return { method, params, response: answer };
    }
    const conventional = params.endsWith("Params") ? params.replace(/Params$/, "Response") : undefined;
    if (conventional && known.has(conventional)) return { method, params, response: conventional };
    questions.push(
      `${kind} ${method} (params ${params}): the runtime names no response type for it. ` +
        `Which generated type does the server answer it with? ` +
        `Candidates by name: ${candidates(method, params, responseTypes).join(", ") || "none"}; ` +
        `types already shared by several methods: ${shared(answers).join(", ") || "none"}.`,
    );
    return { method, params, response: undefined };
  });
  if (questions.length > 0) {
    throw new Error(
      `Cannot resolve ${questions.length} response type(s):\n` +
        questions.map((q) => `- ${q}`).join("\n") +
        `\nTo answer: send the request to the binary and compare the reply with the candidates ` +
        `(\`codex app-server generate-json-schema --out DIR\` has their schemas), add "method": "Type" to ` +
        `scripts/response-types.json, and add a probe for the method to test/integration/response-types.test.ts, ` +
        `which validates the real reply against the answered type's JSON schema.`,
    );
  }
  return resolved;
}

function shared(answers) {
  const count = new Map();
  for (const type of Object.values(answers)) count.set(type, (count.get(type) ?? 0) + 1);
  return [...count]
    .filter(([, n]) => n > 1)
    .map(([type]) => type)
    .sort();
}
