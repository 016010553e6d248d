/**
 * The most recent committed events, oldest first, in a fixed-size circular buffer: pushing into a full ring
 * drops the oldest event without moving the others.
 */
import type { WatchEvent } from './types.js';

export class EventRing {
  private readonly slots: (WatchEvent | undefined)[];
  private start = 0;
  private size = 0;
  private coveredAfter: number;

  /** `startRevision`: the revision the backend was at when the ring began, so the ring covers what follows. */
  constructor(
    readonly capacity: number,
    startRevision: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`history limit must be >= 1: ${capacity}`);
    this.slots = new Array<WatchEvent | undefined>(capacity);
    this.coveredAfter = startRevision;
  }

  /**
   * The ring holds every event with a revision above this one; older events must come from the backend. It
   * is the start revision until the ring first overflows, then the revision of the last event dropped.
   */
  get floor(): number {
    return this.coveredAfter;
  }

  /** Appends an event; events must arrive in increasing revision order. */
  push(event: WatchEvent): void {
    if (this.size === this.capacity) {
      this.coveredAfter = this.at(0).revision;
      this.start = (this.start + 1) % this.capacity;
      this.size -= 1;
    }
    this.slots[(this.start + this.size) % this.capacity] = event;
    this.size += 1;
  }

  /** A copy of the held events under `prefix` with a revision above `afterRevision`, oldest first. */
  eventsAfter(afterRevision: number, prefix: string): WatchEvent[] {
    const events: WatchEvent[] = [];
    for (let index = this.firstIndexAfter(afterRevision); index < this.size; index += 1) {
      const event = this.at(index);
      if (event.key.startsWith(prefix)) events.push(event);
    }
    return events;
  }

  /** Binary search: the logical index of the first event with a revision above `revision`. */
  private firstIndexAfter(revision: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.at(middle).revision <= revision) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private at(index: number): WatchEvent {
    const event = this.slots[(this.start + index) % this.capacity];
    if (!event) throw new Error(`event ring: no event at index ${index} of ${this.size}`);
    return event;
  }
}
