import { parseClusterName, type ClusterName, type RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { Logger } from '../machinery/logger.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import { parseResourceList, resourceListToJson } from '../machinery/quantity.js';
import {
  clusterOfObject,
  listObjects,
  parseListQuery,
  type Registry,
  type ResourceStore,
  runInformer,
  type ObjectEventType,
} from '../registry/index.js';
import { WorkQueue } from './work-queue.js';

/** Upstream's resource quota controller resyncs every quota every five minutes. */
const defaultResyncIntervalMs = 5 * 60_000;

export interface QuotaStatus {
  hard: Record<string, string>;
  used: Record<string, string>;
}

/**
 * What the controller needs from quota accounting (the admission plugin's QuotaAccounting provides it;
 * it is handed in because controllers do not import admission).
 */
export interface QuotaStatusSource {
  /** The status `quota` should have now: hard from spec.hard, used measured in its namespace. Reads only. */
  calculateStatus(ctx: RequestContext, quota: KubeObject): Promise<QuotaStatus>;
  /** Whether writes of `group/resource` can change the usage of a quota limiting `names`. */
  measures(group: string, resource: string, names: readonly string[]): boolean;
  /** Calls `listener` when usage must be recalculated though no object changed; returns its removal. */
  onRecalculationNeeded(listener: (cluster: ClusterName, namespace: string) => void): () => void;
}

export interface ResourceQuotaControllerOptions {
  readonly resyncIntervalMs?: number;
}

/** The names a quota limits, as the controller tracks them per namespace. */
type QuotaNames = Map<string, readonly string[]>;

function hardNames(quota: KubeObject): string[] {
  const spec = isRecord(quota['spec']) ? quota['spec'] : {};
  return isRecord(spec['hard']) ? Object.keys(spec['hard']) : [];
}

function canonicalJson(value: unknown): string {
  if (!isRecord(value)) return JSON.stringify(value ?? null);
  return JSON.stringify(
    Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  );
}

/** Whether a quota's status lags its spec: status.hard differs from spec.hard or a limited name has no usage. */
function statusLags(quota: KubeObject): boolean {
  const spec = isRecord(quota['spec']) ? quota['spec'] : {};
  const status = isRecord(quota['status']) ? quota['status'] : {};
  const hard = resourceListToJson(parseResourceList(spec['hard']));
  const used = isRecord(status['used']) ? status['used'] : {};
  return (
    canonicalJson(status['hard']) !== canonicalJson(hard) || Object.keys(hard).some((name) => !(name in used))
  );
}

/**
 * The resource quota controller (upstream pkg/controller/resourcequota): keeps every quota's status.hard
 * equal to spec.hard and status.used equal to what its namespace holds, across all logical clusters. A
 * namespace is recalculated when one of its quotas changes its spec, when an object it measures is added,
 * changed or deleted, when admission asks (a charged write failed), and on a periodic resync. Admission
 * only ever adds usage; this is where deletions are given back.
 */
export function runResourceQuotaController(
  registry: Registry,
  contextFor: (cluster: ClusterName) => RequestContext,
  watchAll: RequestContext,
  logger: Logger,
  source: QuotaStatusSource,
  options: ResourceQuotaControllerOptions = {},
): { stop(): void } {
  const quotas = registry.preferred('', 'resourcequotas');
  if (quotas === undefined) throw new Error('resourcequotas are not registered');
  /** `<cluster>/<namespace>` → quota name → the names it limits. */
  const tracked = new Map<string, QuotaNames>();
  const queue: WorkQueue = new WorkQueue(
    (key) => syncNamespace(key),
    (key, error) =>
      logger.warn('resource quota sync failed; retrying', { namespace: key, error: String(error) }),
  );

  const syncNamespace = async (key: string): Promise<void> => {
    const slash = key.indexOf('/');
    const cluster = parseClusterName(key.slice(0, slash));
    if (cluster === undefined) throw new Error(`bad resource quota queue key ${key}`);
    const namespace = key.slice(slash + 1);
    const ctx = contextFor(cluster);
    const everything = parseListQuery(new URLSearchParams(), 'list');
    for (const quota of (await listObjects(quotas, ctx, namespace, everything)).items) {
      if (!(await syncQuota(quotas, ctx, source, quota))) queue.add(key);
    }
  };

  const observeQuota = (type: ObjectEventType, quota: KubeObject): void => {
    const key = `${clusterOfObject(quota)}/${quota.metadata.namespace ?? ''}`;
    const name = quota.metadata.name ?? '';
    const names = tracked.get(key) ?? new Map<string, readonly string[]>();
    if (type === 'DELETED') names.delete(name);
    else names.set(name, hardNames(quota));
    if (names.size === 0) tracked.delete(key);
    else tracked.set(key, names);
    if (type === 'ADDED' || (type === 'MODIFIED' && statusLags(quota))) queue.add(key);
  };

  const observeObject = (rs: ResourceStore, type: ObjectEventType, obj: KubeObject): void => {
    const key = `${clusterOfObject(obj)}/${obj.metadata.namespace ?? ''}`;
    const names = tracked.get(key);
    if (names === undefined) return;
    // Quota status writes are MODIFIED events of resourcequotas; only creation and deletion count them.
    if (type === 'MODIFIED' && rs === quotas) return;
    const limited = [...new Set([...names.values()].flat())];
    if (source.measures(rs.def.group, rs.def.plural, limited)) queue.add(key);
  };

  const informers = [runInformer(quotas, watchAll, logger, { onEvent: observeQuota })];
  const watched = new Set<string>();
  let stopped = false;
  const watch = (rs: ResourceStore): void => {
    const key = `${rs.def.group}/${rs.def.plural}`;
    if (stopped || watched.has(key) || !rs.def.namespaced || !rs.def.verbs.includes('watch')) return;
    watched.add(key);
    informers.push(
      runInformer(rs, watchAll, logger, { onEvent: (type, obj) => observeObject(rs, type, obj) }),
    );
  };
  registry.resources().forEach(watch);
  // Custom resources come and go with CRDs (counted as count/<resource>.<group>): watch each new kind.
  registry.onCustomResources((custom) => custom.forEach(watch));
  const stopListening = source.onRecalculationNeeded((cluster, namespace) =>
    queue.add(`${cluster}/${namespace}`),
  );
  const resync = setInterval(() => {
    for (const key of tracked.keys()) queue.add(key);
  }, options.resyncIntervalMs ?? defaultResyncIntervalMs);
  resync.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(resync);
      stopListening();
      for (const informer of informers) informer.stop();
      queue.stop();
    },
  };
}

/**
 * Writes the quota's recalculated status when it differs, guarded by the resourceVersion it was computed
 * from; returns false when that write lost a race (admission charged meanwhile) and must be redone.
 */
async function syncQuota(
  quotas: ResourceStore,
  ctx: RequestContext,
  source: QuotaStatusSource,
  quota: KubeObject,
): Promise<boolean> {
  const wanted = await source.calculateStatus(ctx, quota);
  const status = isRecord(quota['status']) ? quota['status'] : {};
  if (
    canonicalJson(status['hard']) === canonicalJson(wanted.hard) &&
    canonicalJson(status['used']) === canonicalJson(wanted.used)
  ) {
    return true;
  }
  try {
    await quotas.guaranteedUpdate(
      ctx,
      quota.metadata.namespace ?? '',
      quota.metadata.name ?? '',
      { dryRun: false, subresource: 'status' },
      quota.metadata.resourceVersion ?? '',
      (stored) => {
        stored['status'] = { ...(isRecord(stored['status']) ? stored['status'] : {}), ...wanted };
        return stored;
      },
    );
    return true;
  } catch (error) {
    if (isStatusError(error, 'NotFound')) return true;
    if (isStatusError(error, 'Conflict')) return false;
    throw error;
  }
}
