/**
 * A real `redis-server` for the queue tests (Debian's package, installed by `.ci/run`): started on
 * a free port in a temporary directory, with an append-only file so a restart keeps every job, and
 * stopped by pid.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

/** Whether redis-server is installed (the tests skip with this reason otherwise). */
export function redisServerPath(): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(":").concat(["/usr/bin", "/usr/sbin"])) {
    const candidate = join(dir, "redis-server");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One redis-server of a test. */
export class RedisServer {
  #child: ChildProcess | undefined;
  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly binary: string,
  ) {}

  static async start(binary: string): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), "codex-queue-redis-"));
    const server = new RedisServer(dir, await freePort(), binary);
    await server.#spawn();
    return server;
  }

  get connection(): { host: string; port: number } {
    return { host: "127.0.0.1", port: this.port };
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async #spawn(): Promise<void> {
    const child = spawn(
      this.binary,
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.dir,
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--save",
        "",
        "--daemonize",
        "no",
        "--protected-mode",
        "no",
        "--loglevel",
        "warning",
      ],
      { stdio: "ignore" },
    );
    this.#child = child;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const client = new Redis({
        ...this.connection,
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      client.on("error", () => undefined);
      try {
        await client.connect();
        if ((await client.ping()) === "PONG") return;
      } catch {
        // not up yet
      } finally {
        client.disconnect();
      }
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error("redis-server did not answer PING within 15 s");
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops the server (SIGTERM: it syncs the append-only file) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  }

  /** Stops it and starts it again on the same port and data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.#spawn();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
