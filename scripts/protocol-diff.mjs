// Summarises a `codex app-server generate-json-schema` bundle (the stable surface) and reports what
// changed between two of them, as Markdown a maintainer can paste into CHANGELOG.md.
//
// Compared: the methods of the four message unions (client requests with their params and response
// types, server requests, server notifications, client notifications); the named types (`v2/` for
// the v2 namespace, as in src/generated/); the fields of object types and of the variants of tagged
// unions (with whether they are required); and the values of string enums.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const UNIONS = {
  clientRequests: "ClientRequest",
  serverRequests: "ServerRequest",
  serverNotifications: "ServerNotification",
  clientNotifications: "ClientNotification",
};

const UNION_TYPES = new Set(Object.values(UNIONS));

function refName(ref) {
  if (typeof ref !== "string") return "undefined";
  return ref.replace("#/definitions/", "");
}

/** method -> params type name, from a union of `{ method: { enum: [m] }, params: { $ref } }`. */
function unionMethods(schema) {
  const methods = new Map();
  for (const variant of schema?.oneOf ?? []) {
    const method = variant.properties?.method?.enum?.[0];
    if (typeof method === "string") methods.set(method, refName(variant.properties?.params?.$ref));
  }
  return methods;
}

/** The label of a union variant: the value of its single-valued enum property (`type`, `mode`, …). */
function variantLabel(variant, index) {
  for (const [name, prop] of Object.entries(variant.properties ?? {})) {
    if (Array.isArray(prop?.enum) && prop.enum.length === 1) return `${name}=${prop.enum[0]}`;
  }
  return variant.title ?? `#${index}`;
}

/** Adds `Type.field` / `Type (variant).field` entries with their required flag. */
function collectFields(fields, owner, schema) {
  const required = new Set(schema.required ?? []);
  for (const field of Object.keys(schema.properties ?? {}))
    fields.set(`${owner}.${field}`, required.has(field));
}

/** String values of an enum type: its `enum`, and those of the enum variants of a oneOf/anyOf. */
function enumValues(schema) {
  const own = Array.isArray(schema.enum) ? schema.enum : [];
  const variants = (schema.oneOf ?? schema.anyOf ?? []).filter((v) => Array.isArray(v.enum) && !v.properties);
  return [...own, ...variants.flatMap((v) => v.enum)].filter((v) => typeof v === "string");
}

/** A comparable summary of one bundle directory. */
export function summarise(dir) {
  const bundle = JSON.parse(readFileSync(join(dir, "codex_app_server_protocol.schemas.json"), "utf8"));
  const defs = bundle.definitions;
  const types = new Map();
  for (const [name, schema] of Object.entries(defs)) if (name !== "v2") types.set(name, schema);
  for (const [name, schema] of Object.entries(defs.v2 ?? {})) types.set(`v2/${name}`, schema);
  const fields = new Map();
  const variants = new Set();
  const enums = new Map();
  for (const [name, schema] of types) {
    collectFields(fields, name, schema);
    const values = enumValues(schema);
    if (values.length > 0) enums.set(name, new Set(values));
    if (UNION_TYPES.has(name)) continue; // their variants are the methods, compared as such
    (schema.oneOf ?? schema.anyOf ?? []).forEach((variant, i) => {
      if (!variant.properties) return;
      const owner = `${name} (${variantLabel(variant, i)})`;
      variants.add(owner);
      collectFields(fields, owner, variant);
    });
  }
  const summary = { types: new Set(types.keys()), fields, variants, enums };
  for (const [key, union] of Object.entries(UNIONS)) summary[key] = unionMethods(defs[union]);
  return summary;
}

/** Response types by method, read from a generated methods.ts (empty when there is none). */
export function responseTypes(methodsTs) {
  const map = new Map();
  for (const m of methodsTs.matchAll(/^ {2}"([^"]+)": \{ params: [^;]+; result: ([A-Za-z0-9_]+) \};$/gm)) {
    map.set(m[1], m[2]);
  }
  return map;
}

const added = (before, after) => [...after].filter((x) => !before.has(x)).sort();
const code = (x) => `\`${x}\``;

/**
 * The protocol changes between two summaries, as Markdown lines (empty when nothing changed).
 * @param responses `{ before, after }` maps of method -> response type
 */
export function diffProtocol(before, after, responses = { before: new Map(), after: new Map() }) {
  const lines = [];
  const list = (title, items) => {
    if (items.length > 0) lines.push(`- ${title}: ${items.join(", ")}`);
  };
  const describeRequest = (kind) => (m) => {
    const params = after[kind].get(m) ?? before[kind].get(m);
    const response = responses.after.get(m) ?? responses.before.get(m);
    return `${code(m)} (${params}${response ? ` → ${response}` : ""})`;
  };
  for (const [kind, title] of [
    ["clientRequests", "client requests"],
    ["serverRequests", "server requests"],
    ["serverNotifications", "server notifications"],
    ["clientNotifications", "client notifications"],
  ]) {
    const keysBefore = new Set(before[kind].keys());
    const keysAfter = new Set(after[kind].keys());
    const describe = kind.endsWith("Requests") ? describeRequest(kind) : code;
    list(`New ${title}`, added(keysBefore, keysAfter).map(describe));
    list(`Removed ${title}`, added(keysAfter, keysBefore).map(describe));
    const changedParams = [...keysAfter]
      .filter((m) => keysBefore.has(m) && before[kind].get(m) !== after[kind].get(m))
      .sort()
      .map((m) => `${code(m)} ${before[kind].get(m)} → ${after[kind].get(m)}`);
    list(`Changed params of ${title}`, changedParams);
  }
  const changedResponses = [...responses.after]
    .filter(([m, type]) => responses.before.has(m) && responses.before.get(m) !== type)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([m, type]) => `${code(m)} ${responses.before.get(m)} → ${type}`);
  list("Changed response types", changedResponses);
  list("New types", added(before.types, after.types).map(code));
  list("Removed types", added(after.types, before.types).map(code));
  list("New union variants", added(before.variants, after.variants).map(code));
  list("Removed union variants", added(after.variants, before.variants).map(code));
  // Fields of types that are themselves new or removed are covered by the type.
  const fieldsBefore = new Set(before.fields.keys());
  const fieldsAfter = new Set(after.fields.keys());
  const ownerExists = (summary) => (field) => {
    const owner = field.replace(/\.[^.]+$/, "");
    return summary.types.has(owner) || summary.variants.has(owner);
  };
  list(
    "New fields",
    added(fieldsBefore, fieldsAfter)
      .filter(ownerExists(before))
      .map((f) => `${code(f)}${after.fields.get(f) ? " (required)" : ""}`),
  );
  list("Removed fields", added(fieldsAfter, fieldsBefore).filter(ownerExists(after)).map(code));
  const flipped = [...fieldsAfter].filter(
    (f) => fieldsBefore.has(f) && before.fields.get(f) !== after.fields.get(f),
  );
  list(
    "Fields now required",
    flipped
      .filter((f) => after.fields.get(f))
      .sort()
      .map(code),
  );
  list(
    "Fields now optional",
    flipped
      .filter((f) => !after.fields.get(f))
      .sort()
      .map(code),
  );
  const enumChanges = (pick) =>
    [...after.enums]
      .filter(([name]) => before.enums.has(name))
      .map(([name, values]) => [name, pick(before.enums.get(name), values)])
      .filter(([, values]) => values.length > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, values]) => `${code(name)}: ${values.map((v) => JSON.stringify(v)).join(", ")}`);
  list(
    "New enum values",
    enumChanges((b, a) => added(b, a)),
  );
  list(
    "Removed enum values",
    enumChanges((b, a) => added(a, b)),
  );
  return lines;
}

/** Counts of the report's entries by heading, for a one-line summary. */
export function countChanges(lines) {
  return lines.reduce((n, line) => n + line.slice(line.indexOf(": ") + 2).split(/, (?=`)/).length, 0);
}
