import { parseClusterName, type ClusterName, type RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { Logger } from '../machinery/logger.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import { clusterOfObject, type Registry, type ResourceStore, runInformer } from '../registry/index.js';
import { WorkQueue } from './work-queue.js';

/** The ServiceAccount every namespace gets (upstream DefaultServiceAccountName). */
export const defaultServiceAccountName = 'default';
/** The ConfigMap publishing the cluster's CA in every namespace, and its key (upstream rootcacertpublisher). */
export const rootCaConfigMapName = 'kube-root-ca.crt';
export const rootCaKey = 'ca.crt';
const descriptionAnnotation = 'kubernetes.io/description';
const description =
  'The CA certificate bundle that verifies the API server of this cluster, for clients running inside it.';

export interface ServiceAccountsControllerOptions {
  readonly registry: Registry;
  readonly contextFor: (cluster: ClusterName) => RequestContext;
  readonly watchAll: RequestContext;
  readonly logger: Logger;
  /** The PEM CA bundle that verifies the serving certificate; published as `kube-root-ca.crt`. */
  readonly caPem: string;
}

interface Stores {
  readonly namespaces: ResourceStore;
  readonly serviceAccounts: ResourceStore;
  readonly configMaps: ResourceStore;
}

/** The `default` ServiceAccount of a namespace. */
export function defaultServiceAccount(namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: defaultServiceAccountName, namespace },
  };
}

/** The `kube-root-ca.crt` ConfigMap of a namespace. */
export function rootCaConfigMap(namespace: string, caPem: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: rootCaConfigMapName, namespace, annotations: { [descriptionAnnotation]: description } },
    data: { [rootCaKey]: caPem },
  };
}

function coreStore(registry: Registry, plural: string): ResourceStore {
  const rs = registry.preferred('', plural);
  if (rs === undefined) throw new Error(`core resource ${plural} must be registered`);
  return rs;
}

function queueKey(obj: KubeObject, namespace: string): string {
  return `${clusterOfObject(obj)}/${namespace}`;
}

function splitQueueKey(key: string): { cluster: ClusterName; namespace: string } {
  const slash = key.indexOf('/');
  const cluster = parseClusterName(key.slice(0, slash));
  if (cluster === undefined) throw new Error(`bad service account queue key ${key}`);
  return { cluster, namespace: key.slice(slash + 1) };
}

/**
 * Upstream's ServiceAccountsController and root CA publisher in one: every active namespace of every
 * logical cluster has a `default` ServiceAccount and a `kube-root-ca.crt` ConfigMap holding the CA under
 * `ca.crt`. Either is recreated when deleted, and the ConfigMap is reset when its content is changed.
 */
export function runServiceAccountsController(options: ServiceAccountsControllerOptions): { stop(): void } {
  const { registry, contextFor, watchAll, logger, caPem } = options;
  const stores: Stores = {
    namespaces: coreStore(registry, 'namespaces'),
    serviceAccounts: coreStore(registry, 'serviceaccounts'),
    configMaps: coreStore(registry, 'configmaps'),
  };
  const queue = new WorkQueue(
    (key) => {
      const { cluster, namespace } = splitQueueKey(key);
      return syncNamespace(stores, contextFor(cluster), namespace, caPem, logger);
    },
    (key, error) =>
      logger.warn('service account sync failed; retrying', { namespace: key, error: String(error) }),
  );
  const informers = [
    runInformer(stores.namespaces, watchAll, logger, {
      onEvent(type, obj) {
        if (type !== 'DELETED' && obj.metadata.deletionTimestamp === undefined) {
          queue.add(queueKey(obj, obj.metadata.name ?? ''));
        }
      },
    }),
    runInformer(stores.serviceAccounts, watchAll, logger, {
      onEvent(type, obj) {
        if (type === 'DELETED' && obj.metadata.name === defaultServiceAccountName) {
          queue.add(queueKey(obj, obj.metadata.namespace ?? ''));
        }
      },
    }),
    runInformer(stores.configMaps, watchAll, logger, {
      onEvent(type, obj) {
        if (obj.metadata.name !== rootCaConfigMapName) return;
        if (type === 'DELETED' || !publishes(obj, caPem))
          queue.add(queueKey(obj, obj.metadata.namespace ?? ''));
      },
    }),
  ];
  return {
    stop() {
      for (const informer of informers) informer.stop();
      queue.stop();
    },
  };
}

/** Whether a `kube-root-ca.crt` ConfigMap holds exactly the CA and carries its description (upstream's check). */
function publishes(configMap: KubeObject, caPem: string): boolean {
  const data = isRecord(configMap.data) ? configMap.data : {};
  return (
    Object.keys(data).length === 1 &&
    data[rootCaKey] === caPem &&
    (configMap.metadata.annotations?.[descriptionAnnotation] ?? '') !== ''
  );
}

async function getIfExists(
  rs: ResourceStore,
  ctx: RequestContext,
  namespace: string,
  name: string,
): Promise<KubeObject | undefined> {
  try {
    return await rs.get(ctx, namespace, name);
  } catch (error) {
    if (isStatusError(error, 'NotFound')) return undefined;
    throw error;
  }
}

/**
 * Refusals that a retry cannot fix: the namespace went away or is terminating (NamespaceLifecycle), or the
 * logical cluster refuses new objects (gone, being deleted, over its limits). The next event for the
 * namespace tries again.
 */
function isPermanentRefusal(error: unknown): boolean {
  return isStatusError(error, 'NotFound') || isStatusError(error, 'Forbidden');
}

async function syncNamespace(
  stores: Stores,
  ctx: RequestContext,
  namespace: string,
  caPem: string,
  logger: Logger,
): Promise<void> {
  const ns = await getIfExists(stores.namespaces, ctx, '', namespace);
  if (ns === undefined || ns.metadata.deletionTimestamp !== undefined) return;
  try {
    await ensureDefaultServiceAccount(stores.serviceAccounts, ctx, namespace);
    await ensureRootCa(stores.configMaps, ctx, namespace, caPem);
  } catch (error) {
    if (!isPermanentRefusal(error)) throw error;
    logger.debug('namespace refused its default service account or CA', {
      namespace,
      error: String(error),
    });
  }
}

async function ensureDefaultServiceAccount(
  serviceAccounts: ResourceStore,
  ctx: RequestContext,
  namespace: string,
): Promise<void> {
  if ((await serviceAccounts.read(ctx, namespace, defaultServiceAccountName)) !== undefined) return;
  try {
    await serviceAccounts.create(ctx, namespace, defaultServiceAccount(namespace), { dryRun: false });
  } catch (error) {
    if (!isStatusError(error, 'AlreadyExists')) throw error;
  }
}

async function ensureRootCa(
  configMaps: ResourceStore,
  ctx: RequestContext,
  namespace: string,
  caPem: string,
): Promise<void> {
  const current = await getIfExists(configMaps, ctx, namespace, rootCaConfigMapName);
  if (current !== undefined && publishes(current, caPem)) return;
  if (current === undefined) {
    try {
      await configMaps.create(ctx, namespace, rootCaConfigMap(namespace, caPem), { dryRun: false });
      return;
    } catch (error) {
      if (!isStatusError(error, 'AlreadyExists')) throw error;
    }
  }
  await configMaps.guaranteedUpdate(ctx, namespace, rootCaConfigMapName, { dryRun: false }, '', (latest) =>
    publishes(latest, caPem)
      ? latest
      : {
          ...latest,
          metadata: {
            ...latest.metadata,
            annotations: { ...latest.metadata.annotations, [descriptionAnnotation]: description },
          },
          data: { [rootCaKey]: caPem },
        },
  );
}
