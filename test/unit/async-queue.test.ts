import { describe, expect, it } from "vitest";

import { AsyncQueue } from "../../src/internal/async-queue.js";
import { CodexError } from "../../src/errors.js";

const done = { value: undefined, done: true };

describe("AsyncQueue", () => {
  it("buffers values in order and hands a waiting consumer the next one directly", async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    q.push(2);
    expect(q.size).toBe(2);
    expect(await q.next()).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
    const waiting = q.next();
    q.push(3);
    expect(q.size).toBe(0); // went straight to the waiter
    expect(await waiting).toEqual({ value: 3, done: false });
  });

  it("close() delivers what is buffered, then done; a waiting next() resolves done; later pushes are ignored", async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    q.close();
    q.push(2);
    expect(q.ended).toBe(true);
    expect(await q.next()).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual(done);
    expect(await q.next()).toEqual(done);

    const idle = new AsyncQueue<number>();
    const waiting = idle.next();
    idle.close();
    expect(await waiting).toEqual(done);
  });

  it("fail() delivers what is buffered, rejects once, then is done; a waiting next() rejects at once", async () => {
    const q = new AsyncQueue<number>();
    const boom = new Error("boom");
    q.push(1);
    q.fail(boom);
    q.close(); // ended already: does not replace the error
    expect(await q.next()).toEqual({ value: 1, done: false });
    await expect(q.next()).rejects.toBe(boom);
    expect(await q.next()).toEqual(done);

    const idle = new AsyncQueue<number>();
    const waiting = idle.next();
    idle.fail(boom);
    await expect(waiting).rejects.toBe(boom);
    expect(await idle.next()).toEqual(done);
  });

  it("clear() drops the buffered values and a pending error", async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    q.fail(new Error("dropped too"));
    q.clear();
    expect(q.size).toBe(0);
    expect(await q.next()).toEqual(done);
  });

  it("has a single waiter: a concurrent next() rejects and the first one still gets the value", async () => {
    const q = new AsyncQueue<number>();
    const first = q.next();
    await expect(q.next()).rejects.toBeInstanceOf(CodexError);
    q.push(7);
    expect(await first).toEqual({ value: 7, done: false });
  });

  it("with a limit, drops the oldest and counts the drops", () => {
    const q = new AsyncQueue<number>({ limit: 3 });
    for (let i = 0; i < 10; i++) q.push(i);
    expect(q.size).toBe(3);
    expect(q.dropped).toBe(7);
    const got = [q.poll(), q.poll(), q.poll(), q.poll()];
    expect(got).toEqual([7, 8, 9, undefined]);
  });

  it("stays correct across its compaction (a long backlog read while it is refilled)", async () => {
    const q = new AsyncQueue<number>();
    let pushed = 0;
    for (; pushed < 3000; pushed++) q.push(pushed);
    const got: number[] = [];
    for (let round = 0; round < 2500; round++) {
      const r = await q.next();
      if (r.done !== true) got.push(r.value);
      q.push(pushed++);
    }
    while (q.size > 0) got.push(q.poll() as number);
    expect(got).toEqual([...Array(pushed).keys()]);
  });

  it("keeps a bounded queue bounded in memory when nobody reads", () => {
    const q = new AsyncQueue<number>({ limit: 2 });
    for (let i = 0; i < 100_000; i++) q.push(i);
    expect(q.size).toBe(2);
    expect([q.poll(), q.poll()]).toEqual([99_998, 99_999]);
  });
});
