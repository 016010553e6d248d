/** Small helpers shared by the storage contract suites. */
import assert from 'node:assert/strict';
import {
  StorageError,
  type Store,
  type StorageErrorCode,
  type WatchEvent,
} from '../../../src/storage/index.js';

export type OpenStore = () => Promise<Store>;

/** Opens a fresh store for one test and always closes it. */
export async function withStore(open: OpenStore, test: (store: Store) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await test(store);
  } finally {
    await store.close();
  }
}

/** Asserts that `action` fails with a StorageError of `code`, and returns it for further checks. */
export async function rejectsWith(action: Promise<unknown>, code: StorageErrorCode): Promise<StorageError> {
  try {
    await action;
  } catch (error) {
    assert.ok(error instanceof StorageError, `expected a StorageError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected StorageError ${code}, but the call succeeded`);
}

/** Polls `condition` once per event-loop turn until it holds or the deadline passes. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A watch callback that records what it receives. */
export function recorder(): { readonly events: WatchEvent[]; readonly onEvent: (event: WatchEvent) => void } {
  const events: WatchEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

/** The events in a compact, comparable form. */
export function summarize(events: readonly WatchEvent[]): string[] {
  return events.map((event) => {
    const previous = event.prevValue === undefined ? '' : ` (was ${event.prevValue})`;
    const created = event.created ? ' created' : '';
    return `${event.revision} ${event.type} ${event.key}=${event.value}${previous}${created}`;
  });
}

/** Asserts revisions strictly increase from one event to the next. */
export function assertIncreasing(events: readonly WatchEvent[]): void {
  events.forEach((event, index) => {
    const before = events[index - 1];
    if (before)
      assert.ok(event.revision > before.revision, `revision ${event.revision} after ${before.revision}`);
  });
}
