/**
 * Property tests of the per-turn router: whatever the interleaving of N turns' events, and whenever
 * each turn's `turn/start` hold is taken and released, its handle registered, or its consumer breaks
 * out early, every turn's sink gets exactly its own events, in order, nothing lost and nothing
 * duplicated (a consumer that broke out gets exactly what was routed before it did), and the router
 * is empty at the end (no buffered turn, no registration, no ignore marker).
 *
 * The schedule follows the protocol: a turn's events come after its `turn/start` was sent (the hold
 * is taken first); its handle registers while that hold is still taken (in `thread.turn()` the
 * release follows the registration); a consumer can only break out after registration. Some turns
 * are abandoned (their `turn/start` was given up on): they never register.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { AppServerClient } from "../../src/client/client.js";
import type { Notification } from "../../src/api/events.js";
import { TurnRouter, type TurnSink } from "../../src/api/turns/turn-router.js";
import { TurnHandle } from "../../src/api/turns/turn.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

function delta(turnId: string, i: number): Notification {
  return {
    method: "item/agentMessage/delta",
    params: { threadId: "thread", turnId, itemId: "m", delta: `${turnId}:${i}` },
  };
}

function completed(turnId: string): Notification {
  return {
    method: "turn/completed",
    params: { threadId: "thread", turn: { id: turnId, status: "completed", items: [], error: null } },
  } as unknown as Notification;
}

function turnOf(event: Notification): string {
  const p = event.params as { turnId?: string; turn?: { id: string } };
  return p.turnId ?? p.turn?.id ?? "?";
}

type Action =
  | { kind: "hold" }
  | { kind: "release" }
  | { kind: "register" }
  | { kind: "unregister" }
  | { kind: "consume" }
  | { kind: "event"; event: Notification };

interface TurnPlan {
  deltas: number;
  registerAfter: number;
  releaseLag: number;
  breakAt: number | null;
  consumes: number;
  abandoned: boolean;
}

const turnPlan: fc.Arbitrary<TurnPlan> = fc.record({
  deltas: fc.integer({ min: 0, max: 6 }),
  registerAfter: fc.nat(),
  releaseLag: fc.nat(),
  breakAt: fc.option(fc.nat(), { freq: 2 }),
  consumes: fc.integer({ min: 0, max: 8 }),
  abandoned: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
});

const schedule = fc.record({
  turns: fc.array(turnPlan, { minLength: 1, maxLength: 6 }),
  picks: fc.array(fc.nat(), { maxLength: 120 }),
});

/** The events of one turn, in the order the server sends them. */
function eventsOf(id: string, plan: TurnPlan): Notification[] {
  return [...Array.from({ length: plan.deltas }, (_, i) => delta(id, i)), completed(id)];
}

/** One turn's actions in protocol order (see the module comment). */
function actionsOf(id: string, plan: TurnPlan, withConsumer: boolean): Action[] {
  const actions: Action[] = [
    { kind: "hold" },
    ...eventsOf(id, plan).map((event) => ({ kind: "event" as const, event })),
  ];
  const regAt = 1 + (plan.registerAfter % actions.length);
  if (plan.abandoned) {
    actions.splice(regAt, 0, { kind: "release" });
    return actions;
  }
  actions.splice(regAt, 0, { kind: "register" });
  const after = (n: number): number => regAt + 1 + (n % (actions.length - regAt));
  actions.splice(after(plan.releaseLag), 0, { kind: "release" });
  if (withConsumer) {
    for (let i = 0; i < plan.consumes; i++)
      actions.splice(after(plan.registerAfter + i * 7), 0, { kind: "consume" });
  }
  if (plan.breakAt !== null) actions.splice(after(plan.breakAt), 0, { kind: "unregister" });
  return actions;
}

/** Interleaves the per-turn action lists as `picks` say, then runs the rest round-robin. */
function* interleave(lists: Action[][], picks: number[]): Generator<[number, Action]> {
  const queues = lists.map((l) => [...l]);
  const live = (): number[] => queues.flatMap((q, i) => (q.length > 0 ? [i] : []));
  for (const pick of picks) {
    const open = live();
    if (open.length === 0) return;
    const t = open[pick % open.length] as number;
    yield [t, queues[t]?.shift() as Action];
  }
  for (let open = live(); open.length > 0; open = live()) {
    for (const t of open) yield [t, queues[t]?.shift() as Action];
  }
}

/** A sink that behaves like a TurnHandle towards the router, and records what it got. */
class RecordingSink implements TurnSink {
  readonly got: Notification[] = [];
  stopped = false;
  completed = false;
  afterStop = 0;
  push(event: Notification): void {
    if (this.stopped) this.afterStop++;
    this.got.push(event);
    if (event.method === "turn/completed") this.completed = true;
  }
  fail(): void {
    throw new Error("fail() is only called when the connection drops");
  }
}

describe("TurnRouter properties", () => {
  it("any interleaving of N turns' events reaches each turn's sink in order, nothing lost or duplicated", () => {
    fc.assert(
      fc.property(schedule, ({ turns, picks }) => {
        const router = new TurnRouter();
        const ids = turns.map((_, i) => `turn-${i}`);
        const sinks = turns.map(() => new RecordingSink());
        const routed = turns.map(() => 0);
        const cut: (number | undefined)[] = turns.map(() => undefined);
        const releases: (() => void)[] = [];
        const registered = new Set<number>();
        for (const [t, action] of interleave(
          turns.map((p, i) => actionsOf(ids[i] as string, p, false)),
          picks,
        )) {
          const id = ids[t] as string;
          const sink = sinks[t] as RecordingSink;
          switch (action.kind) {
            case "hold":
              releases[t] = router.hold();
              break;
            case "release":
              releases[t]?.();
              break;
            case "register":
              router.register(id, sink);
              break;
            case "unregister":
              // Like TurnHandle: a consumer that saw turn/completed has nothing to release.
              if (!sink.completed) {
                router.unregister(id);
                sink.stopped = true;
                cut[t] = routed[t];
              }
              break;
            case "event":
              routed[t] = (routed[t] as number) + 1;
              router.route(id, action.event);
              break;
          }
          // Only turns nobody registered may be buffered: a registered turn, even one whose
          // consumer broke out, never piles up events in the router.
          if (action.kind === "register") registered.add(t);
          expect(router.pendingCount).toBeLessThanOrEqual(turns.length - registered.size);
        }
        turns.forEach((plan, t) => {
          const sink = sinks[t] as RecordingSink;
          const all = eventsOf(ids[t] as string, plan);
          for (const e of sink.got) expect(turnOf(e)).toBe(ids[t]);
          if (plan.abandoned) expect(sink.got).toEqual([]);
          else expect(sink.got).toEqual(all.slice(0, cut[t] ?? all.length));
          expect(sink.afterStop).toBe(0);
        });
        expect([router.registeredCount, router.pendingCount, router.ignoredCount]).toEqual([0, 0, 0]);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it("with real TurnHandles consumed while events arrive: each stream yields exactly its turn's events", async () => {
    const client = {} as AppServerClient;
    await fc.assert(
      fc.asyncProperty(schedule, async ({ turns, picks }) => {
        const router = new TurnRouter();
        const ids = turns.map((_, i) => `turn-${i}`);
        const handles = ids.map((id) => new TurnHandle({ client, router, cwd: undefined }, "thread", id));
        // Breaking out only stops routing here (no server to interrupt the turn on).
        const streams = handles.map((h) => h.stream({ interruptOnExit: false }));
        const delivered = turns.map(() => 0);
        const yielded: unknown[][] = turns.map(() => []);
        const broke = turns.map(() => false);
        const releases: (() => void)[] = [];
        const counting = (t: number): TurnSink => ({
          push: (e) => {
            delivered[t] = (delivered[t] as number) + 1;
            handles[t]?.push(e);
          },
          fail: (e) => handles[t]?.fail(e),
        });
        const lists = turns.map((p, i) => actionsOf(ids[i] as string, p, true));
        for (const [t, action] of interleave(lists, picks)) {
          const stream = streams[t] as AsyncIterableIterator<unknown>;
          switch (action.kind) {
            case "hold":
              releases[t] = router.hold();
              break;
            case "release":
              releases[t]?.();
              break;
            case "register":
              router.register(ids[t] as string, counting(t));
              break;
            case "consume": {
              // Only pull what is there: a pull on an empty stream would wait for the next event.
              if (broke[t] || (yielded[t] as unknown[]).length >= (delivered[t] as number)) break;
              const next = await stream.next();
              if (!next.done) yielded[t]?.push(next.value);
              break;
            }
            case "unregister":
              broke[t] = true;
              await stream.return?.();
              break;
            case "event":
              router.route(ids[t] as string, action.event);
              break;
          }
        }
        for (let t = 0; t < turns.length; t++) {
          const plan = turns[t] as TurnPlan;
          const all = eventsOf(ids[t] as string, plan);
          const got = yielded[t] as unknown[];
          if (!plan.abandoned && !broke[t]) {
            // Registered and never released early: the rest of the stream is all there, then it ends.
            for (let next = await streams[t]?.next(); next && !next.done; next = await streams[t]?.next()) {
              got.push(next.value);
            }
            expect(got).toEqual(all);
          } else {
            expect(got).toEqual(all.slice(0, got.length));
          }
        }
        expect([router.registeredCount, router.pendingCount, router.ignoredCount]).toEqual([0, 0, 0]);
      }),
      { numRuns: RUNS },
    );
  });
});
