import type { Store } from './types.js';

/**
 * Periodic compaction as kube-apiserver drives etcd's: every interval, compact to the revision that was
 * current one interval ago, so history always covers at least the last interval (watch resumption and
 * paged lists within it keep working; older resourceVersions get 410 Expired).
 */
export function startCompaction(
  store: Store,
  intervalMs: number,
  onError: (error: unknown) => void,
): { stop(): void } {
  if (intervalMs <= 0) return { stop: () => undefined };
  let previous = store.currentRevision();
  const timer = setInterval(() => {
    const target = previous;
    previous = store.currentRevision();
    if (target > store.compactedRevision()) store.compact(target).catch(onError);
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
