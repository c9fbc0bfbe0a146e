/**
 * The fleet-wide lock of a thread: two jobs on one thread never run at once, on any worker. The
 * lock holds the job's id, so a job re-run after its worker died takes its own lock back; it
 * expires unless renewed, so a dead worker's lock frees itself.
 *
 * @module
 */
import type { Redis } from "ioredis";

const ACQUIRE = `local v = redis.call("GET", KEYS[1])
if v == false or v == ARGV[1] then redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;

/** A held lock; `release()` frees it (idempotent) and stops renewing it. */
export interface HeldLock {
  release(): Promise<void>;
}

/** Takes the lock at `key` for `owner`, or returns `undefined` when someone else holds it. */
export async function tryLock(
  redis: Redis,
  key: string,
  owner: string,
  ttlMs: number,
): Promise<HeldLock | undefined> {
  const got = await redis.eval(ACQUIRE, 1, key, owner, String(ttlMs));
  if (got !== 1) return undefined;
  const renew = setInterval(
    () => {
      redis.eval(ACQUIRE, 1, key, owner, String(ttlMs)).catch(() => undefined);
    },
    Math.max(100, Math.floor(ttlMs / 3)),
  );
  renew.unref();
  let released: Promise<void> | undefined;
  return {
    release: () => {
      clearInterval(renew);
      released ??= redis.eval(RELEASE, 1, key, owner).then(
        () => undefined,
        () => undefined,
      );
      return released;
    },
  };
}
