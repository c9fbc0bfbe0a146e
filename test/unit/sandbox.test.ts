import { describe, expect, expectTypeOf, it } from "vitest";

import type { SandboxMode } from "../../src/generated/v2/SandboxMode.js";
import type { SandboxPolicy } from "../../src/generated/v2/SandboxPolicy.js";
import { Sandbox, sandboxMode, sandboxPolicy } from "../../src/api/threads/sandbox.js";
import { InvalidArgumentError } from "../../src/api/validation.js";
import { CodexError } from "../../src/errors.js";

const LIST =
  'sandbox must be one of: Sandbox.read_only ("read-only"), Sandbox.workspace_write ("workspace-write"), ' +
  'Sandbox.full_access ("full-access")';

describe("Sandbox", () => {
  it("has exactly the three presets, in order, with their own values", () => {
    expect(Sandbox).toStrictEqual({
      read_only: "read-only",
      workspace_write: "workspace-write",
      full_access: "full-access",
    });
    expect(Object.keys(Sandbox)).toStrictEqual(["read_only", "workspace_write", "full_access"]);
    expectTypeOf<Sandbox>().toEqualTypeOf<"read-only" | "workspace-write" | "full-access">();
  });
});

describe("sandboxMode (thread/start, resume, fork)", () => {
  it("maps every preset to its SandboxMode wire value", () => {
    expect(sandboxMode(Sandbox.read_only)).toBe("read-only");
    expect(sandboxMode(Sandbox.workspace_write)).toBe("workspace-write");
    expect(sandboxMode(Sandbox.full_access)).toBe("danger-full-access");
  });

  it("passes undefined through (send nothing)", () => {
    expect(sandboxMode(undefined)).toBeUndefined();
    expectTypeOf(sandboxMode(Sandbox.read_only)).toEqualTypeOf<SandboxMode>();
    expectTypeOf(sandboxMode(undefined as Sandbox | undefined)).toEqualTypeOf<SandboxMode | undefined>();
  });
});

describe("sandboxPolicy (turn/start)", () => {
  it("spells out every default", () => {
    expect(sandboxPolicy(Sandbox.read_only)).toStrictEqual({ type: "readOnly", networkAccess: false });
    expect(sandboxPolicy(Sandbox.workspace_write)).toStrictEqual({
      type: "workspaceWrite",
      writableRoots: [],
      networkAccess: false,
      excludeTmpdirEnvVar: false,
      excludeSlashTmp: false,
    });
    expect(sandboxPolicy(Sandbox.full_access)).toStrictEqual({ type: "dangerFullAccess" });
  });

  it("returns a fresh object every time", () => {
    const first = sandboxPolicy(Sandbox.workspace_write);
    if (first.type !== "workspaceWrite") throw new Error("unexpected policy");
    first.writableRoots.push("/tmp/x");
    first.networkAccess = true;
    expect(sandboxPolicy(Sandbox.workspace_write)).toMatchObject({ writableRoots: [], networkAccess: false });
    expect(sandboxPolicy(Sandbox.read_only)).not.toBe(sandboxPolicy(Sandbox.read_only));
  });

  it("passes undefined through (send nothing)", () => {
    expect(sandboxPolicy(undefined)).toBeUndefined();
    expectTypeOf(sandboxPolicy(Sandbox.read_only)).toEqualTypeOf<SandboxPolicy>();
  });
});

describe("invalid values", () => {
  it.each<[unknown, string]>([
    ["workspace", `; got "workspace" (did you mean Sandbox.workspace_write ("workspace-write")?)`],
    ["danger-full-access", `; got "danger-full-access" (did you mean Sandbox.full_access ("full-access")?)`],
    ["dangerFullAccess", `; got "dangerFullAccess" (did you mean Sandbox.full_access ("full-access")?)`],
    ["readOnly", `; got "readOnly" (did you mean Sandbox.read_only ("read-only")?)`],
    ["full_access", `; got "full_access" (did you mean Sandbox.full_access ("full-access")?)`],
    [
      "WORKSPACE-WRITE",
      `; got "WORKSPACE-WRITE" (did you mean Sandbox.workspace_write ("workspace-write")?)`,
    ],
    ["sandboxed", `; got "sandboxed"`],
    ["", `; got ""`],
    [null, "; got null"],
    [42, "; got 42"],
    [{ type: "readOnly" }, `; got {"type":"readOnly"}`],
    [Symbol("s"), "; got Symbol(s)"],
  ])("rejects %s with the list of presets", (value, rest) => {
    for (const fn of [sandboxMode, sandboxPolicy] as ((s: unknown) => unknown)[]) {
      let error: unknown;
      try {
        fn(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toBeInstanceOf(CodexError);
      expect((error as InvalidArgumentError).message).toBe(LIST + rest);
      expect((error as InvalidArgumentError).argument).toBe("sandbox");
    }
  });
});
