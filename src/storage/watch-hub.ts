/**
 * Watch fan-out, written once above the backends. A backend publishes each committed event here, in
 * revision order, after its transaction commits; the hub keeps the most recent events in a bounded ring and
 * hands every event to the watchers whose prefix it matches.
 *
 * A new watcher may start in the past. It is registered first, so live events from then on are buffered for
 * it; then its history is gathered (from the ring, and from the backend's log for anything older than the
 * ring holds) and delivered, then the buffer. Every source is complete for its revision range and a watcher
 * drops anything at or below the last revision it delivered, so the stream has no gaps and no duplicates
 * even when writes commit while history is being read.
 */
import { EventRing } from './event-ring.js';
import { StorageError, type Watch, type WatchEvent } from './types.js';

/** What the hub needs from the backend beneath it. */
export interface HistorySource {
  /**
   * Committed events under `prefix` with `afterRevision < revision <= throughRevision`, in revision order.
   * Called for watches that start before the ring's oldest event; throws Compacted if that history is gone.
   */
  readHistory(
    prefix: string,
    afterRevision: number,
    throughRevision: number,
  ): WatchEvent[] | Promise<WatchEvent[]>;
  /** The backend's compacted revision: watches must start at or after it. */
  compactedRevision(): number;
}

export interface WatchHubOptions {
  /** The backend's current revision when the hub starts; the ring covers the events after it. */
  readonly startRevision: number;
  /** How many recent events to keep in memory for resuming watches (default 10000). */
  readonly historyLimit?: number;
}

export const DEFAULT_HISTORY_LIMIT = 10_000;

export class WatchHub {
  private readonly ring: EventRing;
  private readonly watchers = new Set<Watcher>();
  private closed = false;

  constructor(
    private readonly source: HistorySource,
    options: WatchHubOptions,
  ) {
    this.ring = new EventRing(options.historyLimit ?? DEFAULT_HISTORY_LIMIT, options.startRevision);
  }

  /** Called by the backend after each commit with that commit's events, in revision order. */
  publish(events: readonly WatchEvent[]): void {
    for (const event of events) {
      this.ring.push(event);
      for (const watcher of this.watchers) watcher.offer(event);
    }
  }

  /**
   * Starts delivering events under `prefix` with a revision above `fromRevision`. History arrives after the
   * returned promise resolves, then live events. Throws Compacted when `fromRevision` is below the compacted
   * revision, Closed after close().
   */
  async watch(prefix: string, fromRevision: number, onEvent: (event: WatchEvent) => void): Promise<Watch> {
    if (this.closed) throw new StorageError('Closed', prefix, 'storage is closed');
    this.assertNotCompacted(prefix, fromRevision);
    const watcher = new Watcher(prefix, fromRevision, onEvent, (stopped) => this.watchers.delete(stopped));
    this.watchers.add(watcher);
    // Taken in the same turn as the registration: the ring part ends where the watcher's buffer begins.
    const floor = this.ring.floor;
    const recent = this.ring.eventsAfter(Math.max(fromRevision, floor), prefix);
    let older: WatchEvent[] = [];
    if (fromRevision < floor) {
      try {
        older = await this.source.readHistory(prefix, fromRevision, floor);
      } catch (error) {
        watcher.stop();
        throw error;
      }
    }
    // Delivered on a later turn so the caller holds the Watch (and can stop it) before events arrive.
    setImmediate(() => watcher.catchUp(older.concat(recent)));
    return { stop: () => watcher.stop() };
  }

  /** Stops every watcher; later watch() calls throw Closed. */
  close(): void {
    this.closed = true;
    for (const watcher of this.watchers) watcher.stop();
  }

  private assertNotCompacted(prefix: string, fromRevision: number): void {
    const compacted = this.source.compactedRevision();
    if (fromRevision < compacted) {
      throw new StorageError(
        'Compacted',
        prefix,
        `revision ${fromRevision} has been compacted (compacted revision ${compacted})`,
        undefined,
        compacted,
      );
    }
  }
}

/** One watch: its prefix, its position in the stream, and the buffer it fills until history is delivered. */
class Watcher {
  private lastRevision: number;
  /** Live events that arrived before history was delivered; undefined once the watcher is live. */
  private backlog: WatchEvent[] | undefined = [];
  private stopped = false;

  constructor(
    private readonly prefix: string,
    fromRevision: number,
    private readonly onEvent: (event: WatchEvent) => void,
    private readonly onStop: (watcher: Watcher) => void,
  ) {
    this.lastRevision = fromRevision;
  }

  offer(event: WatchEvent): void {
    if (this.stopped || !event.key.startsWith(this.prefix)) return;
    if (this.backlog) this.backlog.push(event);
    else this.deliver(event);
  }

  /** Delivers history, then the buffered live events, then switches to direct delivery. */
  catchUp(history: readonly WatchEvent[]): void {
    for (const event of history) this.deliver(event);
    // A callback may cause more events to be published (and buffered) while the backlog drains.
    const backlog = this.backlog ?? [];
    for (let index = 0; index < backlog.length; index += 1) {
      const event = backlog[index];
      if (event) this.deliver(event);
    }
    this.backlog = undefined;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.backlog = undefined;
    this.onStop(this);
  }

  private deliver(event: WatchEvent): void {
    if (this.stopped || event.revision <= this.lastRevision) return;
    this.lastRevision = event.revision;
    try {
      this.onEvent(event);
    } catch {
      // A watcher whose callback throws has lost its place in the stream; stop it rather than let it
      // break delivery to the others or carry on with a gap.
      this.stop();
    }
  }
}
