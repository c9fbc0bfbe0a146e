/**
 * The strict-mode converter: what it closes, lists and makes nullable, and the JSON path of every
 * construct it rejects.
 */
import { describe, expect, it } from "vitest";

import {
  strictify,
  toStrictJsonSchema,
  UnsupportedSchemaError,
  type JsonSchema,
  type SchemaProblem,
} from "../../src/api/structured/structured.js";
import { InvalidArgumentError } from "../../src/api/validation.js";
import { CodexError } from "../../src/errors.js";

/** The problems `schema` is rejected with. */
function problems(schema: unknown): SchemaProblem[] {
  try {
    strictify(schema);
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedSchemaError);
    return [...(error as UnsupportedSchemaError).problems];
  }
  throw new Error("expected an UnsupportedSchemaError");
}

const paths = (schema: unknown): string[] => problems(schema).map((p) => p.path);

/** An object schema around `properties` (all required unless `required` says otherwise). */
function obj(properties: Record<string, unknown>, required: string[] = Object.keys(properties)): JsonSchema {
  return { type: "object", properties, required };
}

describe("toStrictJsonSchema: conversion", () => {
  it("leaves an already strict schema as it is", () => {
    const schema = {
      type: "object",
      properties: { language: { type: "string" }, reason: { type: "string" } },
      required: ["language", "reason"],
      additionalProperties: false,
    };
    expect(toStrictJsonSchema(schema)).toEqual(schema);
  });

  it("closes every object and lists every property in required, in property order", () => {
    const strict = toStrictJsonSchema({
      type: "object",
      properties: {
        b: { type: "string" },
        a: { type: "object", properties: { x: { type: "integer" } }, required: ["x"] },
      },
      required: ["a", "b"],
    });
    expect(strict).toEqual({
      type: "object",
      properties: {
        b: { type: "string" },
        a: {
          type: "object",
          properties: { x: { type: "integer" } },
          required: ["x"],
          additionalProperties: false,
        },
      },
      required: ["b", "a"],
      additionalProperties: false,
    });
  });

  it("makes optional primitives nullable with a type array (and null in their enum / const)", () => {
    const strict = toStrictJsonSchema(
      obj(
        {
          s: { type: "string", description: "a string" },
          n: { type: ["number", "integer"] },
          e: { type: "string", enum: ["a", "b"] },
          c: { type: "string", const: "k" },
        },
        [],
      ),
    );
    expect(strict["properties"]).toEqual({
      s: { type: ["string", "null"], description: "a string" },
      n: { type: ["number", "integer", "null"] },
      e: { type: ["string", "null"], enum: ["a", "b", null] },
      c: { type: ["string", "null"], enum: ["k", null] },
    });
    expect(strict["required"]).toEqual(["s", "n", "e", "c"]);
  });

  it("wraps optional objects, arrays, refs, unions and bare enums in anyOf with null", () => {
    const inner = { type: "object", properties: { x: { type: "string" } }, required: ["x"] };
    const strict = toStrictJsonSchema({
      ...obj(
        {
          o: inner,
          a: { type: "array", items: { type: "string" } },
          r: { $ref: "#/$defs/D" },
          u: { anyOf: [{ type: "string" }, { type: "number" }] },
          e: { enum: ["x", "y"] },
        },
        [],
      ),
      $defs: { D: { type: "string" } },
    });
    const closedInner = { ...inner, additionalProperties: false };
    expect(strict["properties"]).toEqual({
      o: { anyOf: [closedInner, { type: "null" }] },
      a: { anyOf: [{ type: "array", items: { type: "string" } }, { type: "null" }] },
      r: { anyOf: [{ $ref: "#/$defs/D" }, { type: "null" }] },
      u: { anyOf: [{ anyOf: [{ type: "string" }, { type: "number" }] }, { type: "null" }] },
      e: { anyOf: [{ enum: ["x", "y"] }, { type: "null" }] },
    });
  });

  it("keeps an optional property that is already nullable as it is (null keeps its meaning)", () => {
    const { schema, nullable } = strictify({
      ...obj(
        {
          t: { type: ["string", "null"] },
          a: { anyOf: [{ type: "string" }, { type: "null" }] },
          e: { enum: ["x", null] },
          c: { const: null },
          r: { $ref: "#/$defs/N" },
          o: { type: "string" },
        },
        [],
      ),
      $defs: { N: { type: ["integer", "null"] } },
    });
    expect(schema["properties"]).toMatchObject({
      t: { type: ["string", "null"] },
      a: { anyOf: [{ type: "string" }, { type: "null" }] },
      e: { enum: ["x", null] },
      c: { const: null },
      r: { $ref: "#/$defs/N" },
      o: { type: ["string", "null"] },
    });
    expect([...(nullable.get(schema) ?? [])]).toEqual(["o"]);
  });

  it("records which properties it made nullable, per object", () => {
    const { schema, nullable } = strictify(
      obj({ a: { type: "string" }, nested: obj({ b: { type: "string" }, c: { type: "string" } }, ["c"]) }, [
        "nested",
      ]),
    );
    expect([...(nullable.get(schema) ?? [])]).toEqual(["a"]);
    const nested = (schema["properties"] as Record<string, Record<string, unknown>>)["nested"];
    expect([...(nullable.get(nested as object) ?? [])]).toEqual(["b"]);
  });

  it("drops annotations that do not constrain values, keeps title and description", () => {
    const strict = toStrictJsonSchema({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "https://example.com/recipe.json",
      $comment: "hi",
      title: "Recipe",
      description: "A recipe",
      type: "object",
      properties: {
        a: {
          type: "string",
          default: "x",
          examples: ["y"],
          deprecated: true,
          readOnly: true,
          writeOnly: false,
        },
      },
      required: ["a"],
    });
    expect(strict).toEqual({
      title: "Recipe",
      description: "A recipe",
      type: "object",
      properties: { a: { type: "string" } },
      required: ["a"],
      additionalProperties: false,
    });
  });

  it("keeps the constraints strict mode supports", () => {
    const props = {
      s: { type: "string", pattern: "^[a-z]+$", format: "email" },
      d: { type: "string", format: "date-time" },
      n: {
        type: "number",
        minimum: 0,
        maximum: 10,
        exclusiveMinimum: -1,
        exclusiveMaximum: 11,
        multipleOf: 0.5,
      },
      a: { type: "array", items: { type: "boolean" }, minItems: 1, maxItems: 3 },
      z: { type: "null" },
      k: { const: 3 },
    };
    expect(toStrictJsonSchema(obj(props))["properties"]).toEqual(props);
    for (const format of [
      "date-time",
      "time",
      "date",
      "duration",
      "email",
      "hostname",
      "ipv4",
      "ipv6",
      "uuid",
    ]) {
      expect(() => toStrictJsonSchema(obj({ f: { type: "string", format } }))).not.toThrow();
    }
  });

  it("converts the $defs and definitions at the root, and keeps $ref to them and to #", () => {
    const strict = toStrictJsonSchema({
      type: "object",
      properties: {
        node: { $ref: "#/$defs/Node" },
        legacy: { $ref: "#/definitions/Legacy" },
        self: { anyOf: [{ $ref: "#" }, { type: "null" }] },
      },
      required: ["node", "legacy", "self"],
      $defs: {
        Node: {
          type: "object",
          properties: {
            name: { type: "string" },
            children: { type: "array", items: { $ref: "#/$defs/Node" } },
          },
          required: ["name"],
        },
      },
      definitions: { Legacy: { type: "object", properties: { v: { type: "integer" } }, required: ["v"] } },
    });
    expect(strict["$defs"]).toEqual({
      Node: {
        type: "object",
        properties: {
          name: { type: "string" },
          children: { anyOf: [{ type: "array", items: { $ref: "#/$defs/Node" } }, { type: "null" }] },
        },
        required: ["name", "children"],
        additionalProperties: false,
      },
    });
    expect(strict["definitions"]).toEqual({
      Legacy: {
        type: "object",
        properties: { v: { type: "integer" } },
        required: ["v"],
        additionalProperties: false,
      },
    });
  });

  it("inlines a definition when its $ref carries a description or title", () => {
    const strict = toStrictJsonSchema({
      type: "object",
      properties: { a: { $ref: "#/$defs/A", description: "the a" } },
      required: ["a"],
      $defs: { A: { type: "object", properties: { x: { type: "string" } } } },
    });
    expect((strict["properties"] as Record<string, unknown>)["a"]).toEqual({
      type: "object",
      properties: { x: { type: ["string", "null"] } },
      required: ["x"],
      additionalProperties: false,
      description: "the a",
    });
  });

  it("converts oneOf to anyOf when the branches are mutually exclusive", () => {
    const byConst = {
      oneOf: [
        {
          type: "object",
          properties: { kind: { const: "a" }, x: { type: "string" } },
          required: ["kind", "x"],
        },
        { type: "object", properties: { kind: { enum: ["b", "c"] } }, required: ["kind"] },
      ],
    };
    const byType = { oneOf: [{ type: "string" }, { type: "boolean" }, { type: "integer" }] };
    const byRef = {
      oneOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/B" }],
    };
    const strict = toStrictJsonSchema({
      ...obj({ byConst, byType, byRef }),
      $defs: {
        A: { type: "object", properties: { t: { const: 1 } }, required: ["t"] },
        B: { type: "object", properties: { t: { const: 2 } }, required: ["t"] },
      },
    });
    const props = strict["properties"] as Record<string, Record<string, unknown[]>>;
    expect(props["byConst"]?.["anyOf"]).toHaveLength(2);
    expect(props["byConst"]).not.toHaveProperty("oneOf");
    expect(props["byType"]).toEqual({
      anyOf: [{ type: "string" }, { type: "boolean" }, { type: "integer" }],
    });
    expect(props["byRef"]).toEqual({ anyOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/B" }] });
  });

  it("does not modify its input and handles a property named __proto__", () => {
    const input = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string"},"b":{"type":"integer"}},"required":["b"]}',
    ) as JsonSchema;
    const before = JSON.stringify(input);
    const strict = toStrictJsonSchema(input);
    expect(JSON.stringify(input)).toBe(before);
    const props = strict["properties"] as Record<string, unknown>;
    expect(Object.keys(props)).toEqual(["__proto__", "b"]);
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(strict["required"]).toEqual(["__proto__", "b"]);
    expect(JSON.parse(JSON.stringify(strict))).toEqual(strict);
  });

  it("ignores keys whose value is undefined (JSON would drop them)", () => {
    expect(
      toStrictJsonSchema({
        type: "object",
        properties: { a: { type: "string", format: undefined } },
        required: ["a"],
      }),
    ).toEqual({
      type: "object",
      properties: { a: { type: "string" } },
      required: ["a"],
      additionalProperties: false,
    });
  });

  it("accepts an empty object with additionalProperties: false", () => {
    expect(
      toStrictJsonSchema(obj({ e: { type: "object", additionalProperties: false } }))["properties"],
    ).toEqual({
      e: { type: "object", properties: {}, required: [], additionalProperties: false },
    });
  });
});

describe("toStrictJsonSchema: rejected constructs, by JSON path", () => {
  it("names the path of each offending part, however deep", () => {
    const schema = obj({
      items: {
        type: "array",
        items: {
          type: "object",
          properties: { a: { type: "string" } },
          patternProperties: { "^x": { type: "string" } },
        },
      },
      tags: { type: "array", items: { type: "string" }, uniqueItems: true },
      name: { type: "string", minLength: 1, maxLength: 5 },
    });
    expect(paths(schema)).toEqual([
      "#/properties/items/items/patternProperties",
      "#/properties/tags/uniqueItems",
      "#/properties/name/minLength",
      "#/properties/name/maxLength",
    ]);
  });

  it.each([
    ["allOf", { allOf: [{ type: "string" }] }],
    ["not", { type: "string", not: { const: "x" } }],
    ["if", { type: "string", if: { const: "a" } }],
    ["then", { type: "string", then: { const: "a" } }],
    ["else", { type: "string", else: { const: "a" } }],
    ["dependentRequired", { type: "object", properties: {}, dependentRequired: { a: ["b"] } }],
    ["dependentSchemas", { type: "object", properties: {}, dependentSchemas: { a: {} } }],
    ["dependencies", { type: "object", properties: {}, dependencies: { a: ["b"] } }],
    ["patternProperties", { type: "object", properties: {}, patternProperties: { x: { type: "string" } } }],
    ["propertyNames", { type: "object", properties: {}, propertyNames: { pattern: "^a" } }],
    ["unevaluatedProperties", { type: "object", properties: {}, unevaluatedProperties: false }],
    ["minProperties", { type: "object", properties: {}, minProperties: 1 }],
    ["maxProperties", { type: "object", properties: {}, maxProperties: 1 }],
    ["prefixItems", { type: "array", items: { type: "string" }, prefixItems: [{ type: "string" }] }],
    ["contains", { type: "array", items: { type: "string" }, contains: { const: "a" } }],
    ["minContains", { type: "array", items: { type: "string" }, minContains: 1 }],
    ["maxContains", { type: "array", items: { type: "string" }, maxContains: 1 }],
    ["uniqueItems", { type: "array", items: { type: "string" }, uniqueItems: true }],
    ["unevaluatedItems", { type: "array", items: { type: "string" }, unevaluatedItems: false }],
    ["additionalItems", { type: "array", items: { type: "string" }, additionalItems: false }],
    ["minLength", { type: "string", minLength: 1 }],
    ["maxLength", { type: "string", maxLength: 1 }],
    ["contentEncoding", { type: "string", contentEncoding: "base64" }],
    ["contentMediaType", { type: "string", contentMediaType: "text/html" }],
    ["nullable", { type: "string", nullable: true }],
    ["discriminator", { type: "string", discriminator: { propertyName: "x" } }],
    ["$anchor", { type: "string", $anchor: "a" }],
    ["$dynamicRef", { type: "string", $dynamicRef: "#a" }],
    ["x-custom", { type: "string", "x-custom": 1 }],
  ])("rejects %s", (keyword, sub) => {
    const found = problems(obj({ p: sub }));
    expect(found.map((p) => p.path)).toEqual([`#/properties/p/${keyword.replaceAll("/", "~1")}`]);
    expect(found[0]?.message).toContain(keyword);
  });

  it.each([
    ["true", true, "#/properties/p"],
    ["false", false, "#/properties/p"],
    ["an empty schema (any value)", {}, "#/properties/p"],
    ["a schema with only a description", { description: "anything" }, "#/properties/p"],
    ["an unknown type", { type: "date" }, "#/properties/p/type"],
    ["a type array with an unknown type", { type: ["string", "date"] }, "#/properties/p/type"],
    ["an empty enum", { enum: [] }, "#/properties/p/enum"],
    ["an enum of objects", { enum: [{ a: 1 }] }, "#/properties/p/enum"],
    ["a const object", { const: { a: 1 } }, "#/properties/p/const"],
    ["an empty anyOf", { anyOf: [] }, "#/properties/p/anyOf"],
    ["an array without items", { type: "array" }, "#/properties/p"],
    ["tuple-form items", { type: "array", items: [{ type: "string" }] }, "#/properties/p/items"],
    ["an object without properties", { type: "object" }, "#/properties/p"],
    [
      "additionalProperties: true",
      { type: "object", properties: {}, additionalProperties: true },
      "#/properties/p/additionalProperties",
    ],
    [
      "an additionalProperties schema (a record)",
      { type: "object", additionalProperties: { type: "number" } },
      "#/properties/p/additionalProperties",
    ],
    ["an unsupported format", { type: "string", format: "uri" }, "#/properties/p/format"],
    [
      "a draft-04 boolean exclusiveMinimum",
      { type: "number", exclusiveMinimum: true },
      "#/properties/p/exclusiveMinimum",
    ],
    ["a zero multipleOf", { type: "number", multipleOf: 0 }, "#/properties/p/multipleOf"],
    [
      "a negative minItems",
      { type: "array", items: { type: "string" }, minItems: -1 },
      "#/properties/p/minItems",
    ],
    ["a non-string description", { type: "string", description: 3 }, "#/properties/p/description"],
    ["an external $ref", { $ref: "https://example.com/s.json" }, "#/properties/p/$ref"],
    ["a $ref into properties", { $ref: "#/properties/q" }, "#/properties/p/$ref"],
    ["a $ref to a missing definition", { $ref: "#/$defs/Missing" }, "#/properties/p/$ref"],
    ["a $ref with a constraint beside it", { $ref: "#", minItems: 1 }, "#/properties/p/minItems"],
    ["nested $defs", { type: "string", $defs: { A: { type: "string" } } }, "#/properties/p/$defs"],
    ["a nested $id", { type: "string", $id: "x" }, "#/properties/p/$id"],
    ["properties on a non-object", { type: "string", properties: {} }, "#/properties/p/properties"],
    [
      "required naming a missing property",
      { type: "object", properties: { a: { type: "string" } }, required: ["a", "b"] },
      "#/properties/p/required",
    ],
    [
      "a oneOf with overlapping branches",
      { oneOf: [{ type: "string" }, { type: "string", pattern: "a" }] },
      "#/properties/p/oneOf",
    ],
    [
      "a oneOf of number and integer",
      { oneOf: [{ type: "number" }, { type: "integer" }] },
      "#/properties/p/oneOf",
    ],
  ])("rejects %s", (_what, sub, path) => {
    expect(paths(obj({ p: sub }))).toEqual([path]);
  });

  it("rejects a root that is not an object schema", () => {
    expect(paths({ type: "array", items: { type: "string" } })).toEqual(["#"]);
    expect(paths({ type: ["object", "null"], properties: {} })).toEqual(["#"]);
    expect(paths({ anyOf: [obj({}), obj({})] })).toEqual(["#/anyOf"]);
    expect(paths({ oneOf: [obj({}), obj({})] })).toEqual(["#/oneOf"]);
    expect(paths({ $ref: "#/$defs/A", $defs: { A: obj({}) } })).toEqual(["#/$ref"]);
  });

  it("rejects what is not a schema object at all, with an InvalidArgumentError", () => {
    for (const value of [null, "schema", 3, [], true]) {
      const error = (() => {
        try {
          strictify(value);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe("outputSchema");
    }
  });

  it("checks the definitions too, at their own paths (and once, even when inlined)", () => {
    const schema = {
      type: "object",
      properties: { a: { $ref: "#/$defs/A", description: "an a" }, b: { $ref: "#/$defs/A" } },
      required: ["a", "b"],
      $defs: {
        A: {
          type: "object",
          properties: { m: { type: "object", additionalProperties: { type: "string" } } },
        },
      },
    };
    expect(paths(schema)).toEqual(["#/$defs/A/properties/m/additionalProperties"]);
  });

  it("escapes ~ and / in property names (JSON Pointer)", () => {
    expect(paths(obj({ "a/b~c": { type: "string", minLength: 1 } }))).toEqual([
      "#/properties/a~1b~0c/minLength",
    ]);
  });

  it("reports a schema object that contains itself instead of recursing forever", () => {
    const loop: Record<string, unknown> = { type: "object", properties: {} };
    (loop["properties"] as Record<string, unknown>)["self"] = loop;
    expect(paths(loop)).toEqual(["#/properties/self"]);
  });

  it("rejects a definition that is only a reference to itself, instead of leaving it untyped", () => {
    // `A: { $ref: A }` describes no value; before, the walk dropped the reference and returned
    // `{ description: "loop" }`, a schema that accepts anything.
    const schema = {
      type: "object",
      properties: { a: { $ref: "#/$defs/A", description: "x" } },
      required: ["a"],
      $defs: { A: { $ref: "#/$defs/A", description: "loop" } },
    };
    const message =
      '`$ref` "#/$defs/A" never reaches a schema, only a cycle of references (#/$defs/A -> #/$defs/A)';
    expect(problems(schema)).toEqual([
      { path: "#/properties/a/$ref", message },
      { path: "#/$defs/A/$ref", message },
    ]);
  });

  it("rejects definitions that only refer to each other", () => {
    const schema = {
      type: "object",
      properties: { a: { $ref: "#/$defs/A" } },
      required: ["a"],
      $defs: { A: { $ref: "#/$defs/B" }, B: { $ref: "#/$defs/A" } },
    };
    expect(problems(schema)).toEqual([
      {
        path: "#/properties/a/$ref",
        message:
          '`$ref` "#/$defs/A" never reaches a schema, only a cycle of references (#/$defs/A -> #/$defs/B -> #/$defs/A)',
      },
      {
        path: "#/$defs/A/$ref",
        message:
          '`$ref` "#/$defs/B" never reaches a schema, only a cycle of references (#/$defs/B -> #/$defs/A -> #/$defs/B)',
      },
      {
        path: "#/$defs/B/$ref",
        message:
          '`$ref` "#/$defs/A" never reaches a schema, only a cycle of references (#/$defs/A -> #/$defs/B -> #/$defs/A)',
      },
    ]);
  });

  it("keeps recursion through a described $ref as a $ref (it cannot be inlined)", () => {
    const node = (childRef: Record<string, unknown>) => ({
      type: "object",
      properties: { label: { type: "string" }, children: { type: "array", items: childRef } },
      required: ["label", "children"],
    });
    const schema = {
      type: "object",
      properties: { root: { $ref: "#/$defs/Node", description: "the tree" } },
      required: ["root"],
      $defs: { Node: node({ $ref: "#/$defs/Node", description: "a child" }) },
    };
    const closedNode = { ...node({ $ref: "#/$defs/Node" }), additionalProperties: false };
    // The first reference is inlined to carry its description; the recursive one stays a `$ref`
    // (before, it became the untyped `{ description: "a child" }`).
    expect(toStrictJsonSchema(schema)).toEqual({
      type: "object",
      properties: { root: { ...closedNode, description: "the tree" } },
      required: ["root"],
      additionalProperties: false,
      $defs: { Node: closedNode },
    });
  });

  it("turns a throwing getter into an InvalidArgumentError", () => {
    const schema = {
      type: "object",
      get properties(): never {
        throw new Error("boom");
      },
    };
    expect(() => strictify(schema)).toThrow(InvalidArgumentError);
    expect(() => strictify(schema)).toThrow(/boom/);
  });

  it("lists every problem in the error and its message", () => {
    let error: UnsupportedSchemaError | undefined;
    try {
      toStrictJsonSchema(obj({ a: { type: "string", minLength: 1 }, b: { not: {} }, c: {} }));
    } catch (e) {
      error = e as UnsupportedSchemaError;
    }
    expect(error).toBeInstanceOf(UnsupportedSchemaError);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toBeInstanceOf(CodexError);
    expect(error?.name).toBe("UnsupportedSchemaError");
    expect(error?.argument).toBe("outputSchema");
    expect(error?.message).toContain("#/properties/a/minLength");
    expect(error?.message).toContain("#/properties/b/not");
    expect(error?.message).toContain("#/properties/c: the schema has no `type`");
    expect(Object.isFrozen(error?.problems)).toBe(true);
  });

  it("caps the list in the message but keeps every problem", () => {
    const props = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`p${i}`, { type: "string", minLength: 1 }]),
    );
    let error: UnsupportedSchemaError | undefined;
    try {
      toStrictJsonSchema(obj(props));
    } catch (e) {
      error = e as UnsupportedSchemaError;
    }
    expect(error?.problems).toHaveLength(30);
    expect(error?.message).toContain("… and 10 more");
  });
});

describe("toStrictJsonSchema: limits", () => {
  /** `levels` objects nested inside each other, the root being the first. */
  function nested(levels: number): JsonSchema {
    let schema: JsonSchema = obj({ leaf: { type: "string" } });
    for (let i = 1; i < levels; i++) schema = obj({ child: schema });
    return schema;
  }

  it("allows 10 levels of object nesting and rejects 11, at the 11th object", () => {
    expect(() => toStrictJsonSchema(nested(10))).not.toThrow();
    expect(paths(nested(11))).toEqual([`#${"/properties/child".repeat(10)}`]);
  });

  it("counts properties, enum values and string size over the whole schema", () => {
    const many = Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`p${i}`, { type: "integer" }]));
    expect(problems(obj(many)).map((p) => p.message)).toEqual([
      expect.stringContaining("5001 object properties"),
    ]);

    const e = (n: number) => ({ type: "integer", enum: Array.from({ length: n }, (_, i) => i) });
    expect(() => toStrictJsonSchema(obj({ a: e(500), b: e(500) }))).not.toThrow();
    expect(problems(obj({ a: e(500), b: e(501) })).map((p) => p.message)).toEqual([
      expect.stringContaining("1001 enum values"),
    ]);

    const long = "x".repeat(60_001);
    expect(problems(obj({ a: { const: long }, b: { const: long } })).map((p) => p.message)).toEqual([
      expect.stringContaining("120004 characters"),
    ]);
  });

  it("limits a string enum of more than 250 values to 15,000 characters", () => {
    const values = (n: number, len: number) =>
      Array.from({ length: n }, (_, i) => String(i).padStart(len, "0"));
    expect(() => toStrictJsonSchema(obj({ a: { type: "string", enum: values(251, 59) } }))).not.toThrow();
    expect(paths(obj({ a: { type: "string", enum: values(251, 60) } }))).toEqual(["#/properties/a/enum"]);
    expect(() => toStrictJsonSchema(obj({ a: { type: "string", enum: values(250, 100) } }))).not.toThrow();
  });
});
