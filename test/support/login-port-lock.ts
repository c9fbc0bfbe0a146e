/**
 * A machine-wide lock for tests that start a ChatGPT browser login.
 *
 * The runtime's login callback server always listens on 127.0.0.1:1455, and a new browser login
 * cancels whatever login server holds that port, also one of another app-server process (checked
 * with 0.169.0: two processes, the first login completes with "Login cancelled" as soon as the
 * second starts). Test files run in parallel workers, so every test that starts a browser login
 * holds this lock: otherwise one test's login would cancel another's.
 *
 * The lock is a directory created atomically with `mkdir`, holding the owner's pid; a lock whose
 * owner died is taken over. Waiting for it polls every 100 ms, bounded by `timeoutMs`.
 */
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

const LOCK_DIR = join(tmpdir(), "codex-app-sdk-login-port-1455.lock");
const OWNER_FILE = join(LOCK_DIR, "owner");

/** Runs `fn` while holding the login-port lock. */
export async function withLoginPortLock<T>(fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  await acquire(timeoutMs);
  try {
    return await fn();
  } finally {
    await rm(LOCK_DIR, { recursive: true, force: true });
  }
}

async function acquire(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      await writeFile(OWNER_FILE, String(process.pid));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    if (await isStale()) {
      await rm(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(`login-port lock ${LOCK_DIR} still held after ${timeoutMs} ms`);
    }
    await delay(100);
  }
}

async function isStale(): Promise<boolean> {
  const owner = Number.parseInt(await readFile(OWNER_FILE, "utf8").catch(() => ""), 10);
  if (Number.isInteger(owner) && owner > 0) return owner !== process.pid && !alive(owner);
  // No owner yet: either being created right now, or its creator died before writing it.
  const created = await stat(LOCK_DIR).catch(() => undefined);
  return created !== undefined && Date.now() - created.mtimeMs > 10_000;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
