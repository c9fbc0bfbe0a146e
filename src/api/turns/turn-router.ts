/**
 * Routes turn-scoped notifications to the handle of their turn.
 *
 * A turn's first events can arrive before the caller holds its handle (the `turn/start` response
 * and the turn's first notifications often share one read from the pipe), so events of a turn
 * nobody has registered yet are buffered and replayed on registration. Buffers are bounded: a turn
 * that completes with nobody registered is dropped, unless a `turn/start` is still in flight (its
 * caller may be about to register that very turn), and the number of buffered turns and events per
 * turn is capped.
 */
import type { Notification } from "../events.js";

/**
 * Receives the events of one turn, in order.
 * @internal
 */
export interface TurnSink {
  push(event: Notification): void;
  /** The connection is gone: the turn will never complete. */
  fail(error: Error): void;
}

/** Limits of the router's buffers. */
export interface RouterLimits {
  /** Most turns buffered for later registration; the oldest is dropped beyond it. Default 256. */
  maxPendingTurns?: number;
  /** Most events buffered per unregistered turn; later ones are dropped. Default 10,000. */
  maxPendingEvents?: number;
}

interface PendingTurn {
  events: Notification[];
  completed: boolean;
}

/** Per-turn routing with replay of early events. */
export class TurnRouter {
  readonly #sinks = new Map<string, TurnSink>();
  readonly #pending = new Map<string, PendingTurn>();
  readonly #ignored = new Set<string>();
  readonly #maxTurns: number;
  readonly #maxEvents: number;
  #holds = 0;

  constructor(limits: RouterLimits = {}) {
    this.#maxTurns = limits.maxPendingTurns ?? 256;
    this.#maxEvents = limits.maxPendingEvents ?? 10_000;
  }

  /** Number of registered turns (for diagnostics and leak tests). */
  get registeredCount(): number {
    return this.#sinks.size;
  }

  /** Number of turns with buffered events (for diagnostics and leak tests). */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Number of turns whose events are being dropped until their completion (for leak tests). */
  get ignoredCount(): number {
    return this.#ignored.size;
  }

  /** True when a sink is registered for the turn. */
  isRegistered(turnId: string): boolean {
    return this.#sinks.has(turnId);
  }

  /**
   * True while the turn runs with a handle: registered, or released by its consumer (a `break`)
   * before its `turn/completed`. A `turn/start` answered with such a turn id joined a running turn.
   */
  isActive(turnId: string): boolean {
    return this.#sinks.has(turnId) || this.#ignored.has(turnId);
  }

  /**
   * Routes one turn-scoped notification. Returns `false` when no sink took it (it was buffered or
   * dropped).
   */
  route(turnId: string, event: Notification): boolean {
    const sink = this.#sinks.get(turnId);
    if (sink) {
      if (event.method === "turn/completed") this.#sinks.delete(turnId);
      sink.push(event);
      return true;
    }
    if (this.#ignored.has(turnId)) {
      if (event.method === "turn/completed") this.#ignored.delete(turnId);
      return false;
    }
    let pending = this.#pending.get(turnId);
    if (!pending) {
      if (this.#pending.size >= this.#maxTurns) this.#evictOldest();
      pending = { events: [], completed: false };
      this.#pending.set(turnId, pending);
    }
    if (pending.events.length < this.#maxEvents || event.method === "turn/completed")
      pending.events.push(event);
    if (event.method === "turn/completed") {
      pending.completed = true;
      if (this.#holds === 0) this.#pending.delete(turnId);
    }
    return false;
  }

  /**
   * Registers the sink of a turn and replays what was buffered for it, in order. If the turn
   * already completed, the sink receives everything up to and including `turn/completed`.
   */
  register(turnId: string, sink: TurnSink): void {
    this.#ignored.delete(turnId);
    const pending = this.#pending.get(turnId);
    this.#pending.delete(turnId);
    if (!pending?.completed) this.#sinks.set(turnId, sink);
    if (pending) for (const event of pending.events) sink.push(event);
  }

  /**
   * Stops routing a turn. Its later events are dropped, not buffered, until its `turn/completed`
   * (with `dropLater` false they are buffered again, for a later `register`).
   */
  unregister(turnId: string, dropLater = true): void {
    const had = this.#sinks.delete(turnId);
    if (had && dropLater) this.#ignored.add(turnId);
  }

  /**
   * Keeps completed-but-unregistered turns while a `turn/start` is in flight. Returns the release
   * function; when the last hold is released, completed turns nobody registered are dropped.
   */
  hold(): () => void {
    this.#holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#holds === 0) {
        for (const [id, p] of this.#pending) if (p.completed) this.#pending.delete(id);
      }
    };
  }

  /** The events buffered for a turn nobody registered yet (a copy), if any. */
  buffered(turnId: string): readonly Notification[] {
    return [...(this.#pending.get(turnId)?.events ?? [])];
  }

  /** Forgets every turn (the connection is gone). */
  clear(): void {
    this.#sinks.clear();
    this.#pending.clear();
    this.#ignored.clear();
  }

  /** The sinks currently registered (used to fail them all when the connection drops). */
  sinks(): TurnSink[] {
    return [...this.#sinks.values()];
  }

  #evictOldest(): void {
    const oldest = this.#pending.keys().next();
    if (!oldest.done) this.#pending.delete(oldest.value);
  }
}
