import { apiVersionOf } from '../api/types.js';
import type { RequestContext } from '../machinery/context.js';
import { badRequest, expired, type Status } from '../machinery/errors.js';
import type { FieldSelector } from '../machinery/field-selector.js';
import type { KubeObject } from '../machinery/object.js';
import { StorageError, type Store, type WatchEvent as StoreEvent } from '../storage/index.js';
import { decodeStored, decodeStoredValue } from './codec.js';
import { continueExpired, decodeContinue, encodeContinue } from './continue-token.js';
import { parseResourceVersion, type ListQuery } from './list-options.js';
import { clusterOfKey } from './keys.js';
import type { ResourceStore } from './resource-store.js';
import { interpretStorageError, tooLargeResourceVersion } from './storage-errors.js';

export interface ObjectList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export type ApiWatchEvent =
  | { readonly type: Exclude<WatchEventType, 'ERROR'>; readonly object: KubeObject }
  | { readonly type: 'ERROR'; readonly object: Status };

/** Where a watch delivers; `end` is called once when the server ends the watch (timeout or error). */
export interface WatchSink {
  send(event: ApiWatchEvent): void;
  end(): void;
}

export interface ActiveWatch {
  stop(): void;
}

/** Upstream marks the end of the initial state of a watch-list with this annotation on a BOOKMARK. */
export const initialEventsEndAnnotation = 'k8s.io/initial-events-end';
const bookmarkIntervalMs = 60_000;
/** Upstream picks a random timeout in [minRequestTimeout, 2×minRequestTimeout) with 1800 s. */
const defaultWatchTimeoutMs = () => (1800 + Math.random() * 1800) * 1000;
/** Store page size when a selector filters results and more must be read to fill `limit`. */
const scanPageSize = 500;

/** A predicate over objects built from the label and field selectors of a query. */
export type ObjectFilter = (obj: KubeObject) => boolean;

export function buildFilter(rs: ResourceStore, query: ListQuery): ObjectFilter {
  const { labelSelector, fieldSelector } = query;
  const read = fieldReader(rs, fieldSelector);
  if (labelSelector.empty && fieldSelector.empty) return () => true;
  return (obj) => labelSelector.matches(obj.metadata.labels) && fieldSelector.matches((f) => read(obj, f));
}

/** Field labels a kind supports: metadata.name, metadata.namespace and the strategy's own (400 otherwise). */
function fieldReader(rs: ResourceStore, selector: FieldSelector): (obj: KubeObject, field: string) => string {
  const extra = rs.strategy.selectableFields ?? {};
  for (const requirement of selector.requirements) {
    const known =
      requirement.field === 'metadata.name' ||
      (requirement.field === 'metadata.namespace' && rs.def.namespaced) ||
      Object.hasOwn(extra, requirement.field);
    if (!known) throw badRequest(`field label not supported: ${requirement.field}`);
  }
  return (obj, field) => {
    if (field === 'metadata.name') return obj.metadata.name ?? '';
    if (field === 'metadata.namespace') return obj.metadata.namespace ?? '';
    return extra[field]?.(obj) ?? '';
  };
}

interface ListStart {
  readonly revision: number | undefined;
  readonly startKey: string;
}

/** Where a list reads from, per upstream's resourceVersion/resourceVersionMatch table. */
function listStart(store: Store, prefix: string, query: ListQuery): ListStart {
  if (query.continueToken !== '') {
    const state = decodeContinue(query.continueToken);
    if (state.revision < store.compactedRevision()) throw continueExpired();
    return { revision: state.revision, startKey: prefix + state.startKey };
  }
  const rv = query.resourceVersion;
  if (rv === '' || rv === '0') return { revision: undefined, startKey: prefix };
  const revision = parseResourceVersion(rv);
  const exact =
    query.resourceVersionMatch === 'Exact' || (query.resourceVersionMatch === undefined && query.limit > 0);
  if (revision > store.currentRevision()) throw tooLargeResourceVersion(revision, store.currentRevision());
  if (exact) return { revision, startKey: prefix };
  return { revision: undefined, startKey: prefix };
}

/**
 * Lists per `query`. Shared objects (served to every cluster from one copy) are merged in unless
 * `ownOnly`, for readers that layer the shared copy in themselves.
 */
export async function listObjects(
  rs: ResourceStore,
  ctx: RequestContext,
  namespace: string,
  query: ListQuery,
  ownOnly = false,
): Promise<ObjectList> {
  const store = rs.deps.store;
  const prefix = rs.prefix(ctx, namespace);
  const filter = buildFilter(rs, query);
  const start = listStart(store, prefix, query);
  const filtered = !query.labelSelector.empty || !query.fieldSelector.empty;
  const items: KubeObject[] = [];
  let revision = start.revision;
  let startKey = start.startKey;
  let lastKey = '';
  const scanned = new Set<string>();
  let more = false;
  let remaining = 0;
  try {
    for (;;) {
      const want = query.limit > 0 ? query.limit - items.length : 0;
      const pageLimit = query.limit > 0 ? (filtered ? Math.max(want, scanPageSize) : want) : 0;
      const page = await store.list(prefix, {
        ...(revision === undefined ? {} : { revision }),
        startKey,
        limit: pageLimit,
      });
      revision = page.revision;
      more = page.more;
      remaining = page.remaining;
      for (const [index, kv] of page.items.entries()) {
        const obj = withClusterOf(ctx, kv.key, decodeStored(kv));
        lastKey = kv.key;
        scanned.add(kv.key);
        if (!filter(obj)) continue;
        items.push(rs.present(obj));
        if (query.limit > 0 && items.length >= query.limit) {
          const unread = page.items.length - index - 1;
          more = more || unread > 0;
          remaining += unread;
          break;
        }
      }
      if (!page.more || (query.limit > 0 && items.length >= query.limit)) break;
      startKey = `${lastKey}\u0000`;
    }
  } catch (error) {
    if (error instanceof StorageError && error.code === 'Compacted' && query.continueToken !== '')
      throw continueExpired();
    throw interpretStorageError(error, rs.gr, '');
  }
  if (!ownOnly)
    mergeShared(rs, ctx, items, filter, {
      from: start.startKey,
      through: more ? lastKey : undefined,
      scanned,
    });
  const metadata: ObjectList['metadata'] = { resourceVersion: String(revision ?? store.currentRevision()) };
  if (more && query.limit > 0) {
    metadata.continue = encodeContinue({
      revision: revision ?? 0,
      startKey: `${lastKey.slice(prefix.length)}\u0000`,
    });
    if (!filtered) metadata.remainingItemCount = remaining;
  }
  return { apiVersion: apiVersionOf(rs.def), kind: `${rs.def.kind}List`, metadata, items };
}

/**
 * Opens a watch per upstream semantics: initial ADDED events when asked (resourceVersion unset/"0", or
 * sendInitialEvents=true followed by the initial-events-end BOOKMARK), then every change after the start
 * revision, translated through the query's selectors (an object leaving the selection is DELETED).
 */
export async function watchObjects(
  rs: ResourceStore,
  ctx: RequestContext,
  namespace: string,
  query: ListQuery,
  sink: WatchSink,
): Promise<ActiveWatch> {
  const store = rs.deps.store;
  const prefix = rs.prefix(ctx, namespace);
  const filter = buildFilter(rs, query);
  const rv = query.resourceVersion;
  const initialEvents = query.sendInitialEvents ?? (rv === '' || rv === '0');
  let startRevision: number;
  if (initialEvents) {
    const snapshot = await listObjects(rs, ctx, namespace, {
      ...query,
      limit: 0,
      continueToken: '',
      resourceVersion: '',
    });
    for (const item of snapshot.items) sink.send({ type: 'ADDED', object: item });
    startRevision = Number(snapshot.metadata.resourceVersion);
    if (query.sendInitialEvents === true) {
      sink.send({ type: 'BOOKMARK', object: bookmark(rs, startRevision, true) });
    }
  } else {
    startRevision = rv === '' ? store.currentRevision() : parseResourceVersion(rv);
    if (startRevision > store.currentRevision()) {
      throw tooLargeResourceVersion(startRevision, store.currentRevision());
    }
  }

  let progress = startRevision;
  let ended = false;
  const timers: NodeJS.Timeout[] = [];
  const finish = (): void => {
    if (ended) return;
    ended = true;
    for (const timer of timers) clearTimeout(timer);
    storeWatch?.stop();
    sink.end();
  };
  const onEvent = (event: StoreEvent): void => {
    if (ended) return;
    progress = event.revision;
    const translated = translate(rs, ctx, event, filter);
    if (translated !== undefined) sink.send(translated);
  };
  let storeWatch: { stop(): void } | undefined;
  try {
    storeWatch = await store.watch(prefix, startRevision, onEvent);
  } catch (error) {
    if (error instanceof StorageError && error.code === 'Compacted') {
      sink.send({
        type: 'ERROR',
        object: tooOldResourceVersion(startRevision, error.compactedRevision ?? 0),
      });
      finish();
      return { stop: finish };
    }
    throw interpretStorageError(error, rs.gr, '');
  }
  if (ended) storeWatch.stop();
  const timeoutMs =
    query.timeoutSeconds !== undefined ? query.timeoutSeconds * 1000 : defaultWatchTimeoutMs();
  if (timeoutMs > 0) timers.push(setTimeout(finish, timeoutMs));
  if (query.allowWatchBookmarks) {
    const tick = (): void => {
      sink.send({ type: 'BOOKMARK', object: bookmark(rs, progress, false) });
      timers.push(setTimeout(tick, bookmarkIntervalMs));
    };
    timers.push(setTimeout(tick, bookmarkIntervalMs));
  }
  ctx.signal.addEventListener('abort', finish, { once: true });
  return { stop: finish };
}

/**
 * Decoded objects of the store events being delivered right now, shared by every watcher that sees an
 * event the same way (same served version, same cluster scope): with many watchers an event is parsed
 * once, not once per watcher. Watchers treat these objects as read-only. Delivery is synchronous, so the
 * cache is dropped a microtask later: events the hub keeps for resuming watches do not keep their decoded
 * copies alive.
 */
let decodedEvents: Map<StoreEvent, Map<string, KubeObject>> | undefined;

function decodedOnce(
  rs: ResourceStore,
  ctx: RequestContext,
  event: StoreEvent,
  which: 'value' | 'prev',
): KubeObject {
  if (decodedEvents === undefined) {
    decodedEvents = new Map();
    queueMicrotask(() => (decodedEvents = undefined));
  }
  let byView = decodedEvents.get(event);
  if (byView === undefined) decodedEvents.set(event, (byView = new Map()));
  const view = `${which}|${rs.def.group}/${rs.def.version}|${ctx.cluster.kind}`;
  let obj = byView.get(view);
  if (obj === undefined) {
    const text = which === 'value' ? event.value : (event.prevValue ?? '');
    obj = rs.present(withClusterOf(ctx, event.key, decodeStoredValue(text, event.revision)));
    byView.set(view, obj);
  }
  return obj;
}

function translate(
  rs: ResourceStore,
  ctx: RequestContext,
  event: StoreEvent,
  filter: (obj: KubeObject) => boolean,
): ApiWatchEvent | undefined {
  if (event.type === 'delete') {
    const last = decodedOnce(rs, ctx, event, 'value');
    return filter(last) ? { type: 'DELETED', object: last } : undefined;
  }
  const current = decodedOnce(rs, ctx, event, 'value');
  const matches = filter(current);
  const matchedBefore =
    !event.created && event.prevValue !== undefined && filter(decodedOnce(rs, ctx, event, 'prev'));
  if (matches) return { type: matchedBefore ? 'MODIFIED' : 'ADDED', object: current };
  return matchedBefore ? { type: 'DELETED', object: current } : undefined;
}

function bookmark(rs: ResourceStore, revision: number, initialEventsEnd: boolean): KubeObject {
  return {
    apiVersion: apiVersionOf(rs.def),
    kind: rs.def.kind,
    metadata: {
      resourceVersion: String(revision),
      ...(initialEventsEnd ? { annotations: { [initialEventsEndAnnotation]: 'true' } } : {}),
    },
  };
}

/** The ERROR event of a watch started below the kept history (upstream cacher newErrWatcher). */
function tooOldResourceVersion(requested: number, oldest: number): Status {
  return expired(`too old resource version: ${requested} (${oldest})`).status;
}

/** Annotation naming an object's logical cluster on cross-cluster (wildcard) reads; never stored. */
export const clusterAnnotation = 'tenancy.kubetenant.io/cluster';

/** On a wildcard read, tells the reader which logical cluster each object came from (as kcp does). */
function withClusterOf(ctx: RequestContext, key: string, obj: KubeObject): KubeObject {
  if (ctx.cluster.kind !== 'all') return obj;
  obj.metadata.annotations = { ...obj.metadata.annotations, [clusterAnnotation]: clusterOfKey(key) };
  return obj;
}

/**
 * Adds the shared objects (one copy for every cluster) that fall in the key range a list page covered and
 * that the cluster has not stored its own copy of, keeping key order.
 */
function mergeShared(
  rs: ResourceStore,
  ctx: RequestContext,
  items: KubeObject[],
  filter: ObjectFilter,
  range: { from: string; through: string | undefined; scanned: ReadonlySet<string> },
): void {
  const shared = rs
    .sharedIn(ctx)
    .filter((kv) => kv.key >= range.from && (range.through === undefined || kv.key <= range.through))
    .filter((kv) => !range.scanned.has(kv.key))
    .map((kv) => rs.present(withClusterOf(ctx, kv.key, decodeStored(kv))))
    .filter(filter);
  if (shared.length === 0) return;
  const name = (obj: KubeObject): string => obj.metadata.name ?? '';
  const merged = [...items, ...shared].sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  items.splice(0, items.length, ...merged);
}
