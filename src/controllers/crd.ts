import { parseClusterName, type ClusterName, type RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { Logger } from '../machinery/logger.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import {
  clusterOfObject,
  crdCleanupFinalizer,
  crdOf,
  customResourcesOf,
  deleteObject,
  listObjects,
  parseListQuery,
  type Crd,
  type Registry,
  type ResourceStore,
  runInformer,
} from '../registry/index.js';
import { WorkQueue } from './work-queue.js';

const retryWhileInstancesRemainMs = 500;

/**
 * Serves each logical cluster's CustomResourceDefinitions: registers their resources in that cluster only,
 * reports NamesAccepted/Established and storedVersions, and on deletion removes every instance before
 * dropping the cleanup finalizer (upstream's apiextensions controllers, per cluster).
 */
export function runCrdController(
  registry: Registry,
  contextFor: (cluster: ClusterName) => RequestContext,
  watchAll: RequestContext,
  logger: Logger,
): { stop(): void } {
  const crds = registry.preferred('apiextensions.k8s.io', 'customresourcedefinitions');
  if (crds === undefined) throw new Error('customresourcedefinitions are not registered');
  const known = new Map<ClusterName, Map<string, KnownCrd>>();
  const knownIn = (cluster: ClusterName): KnownCrd[] => [...(known.get(cluster)?.values() ?? [])];
  const publish = (cluster: ClusterName): void => {
    const all = knownIn(cluster);
    const accepted = all.filter((k) => nameConflict(k, all) === undefined).map((k) => k.crd);
    accepted.sort((a, b) => a.name.localeCompare(b.name));
    registry.setCustomResources(cluster, accepted.flatMap(customResourcesOf));
  };
  const queue: WorkQueue = new WorkQueue(
    async (key) => {
      const [cluster, name] = splitKey(key);
      await reconcile(crds, registry, contextFor(cluster), cluster, name, knownIn(cluster), () =>
        queue.addAfter(key, retryWhileInstancesRemainMs),
      );
    },
    (key, error) => logger.warn('CRD reconcile failed; retrying', { crd: key, error: String(error) }),
  );
  const informer = runInformer(crds, watchAll, logger, {
    onEvent(type, obj) {
      const cluster = clusterOfObject(obj);
      const name = obj.metadata.name ?? '';
      let inCluster = known.get(cluster);
      if (type === 'DELETED') {
        inCluster?.delete(name);
        if (inCluster?.size === 0) known.delete(cluster);
      } else {
        if (inCluster === undefined) known.set(cluster, (inCluster = new Map()));
        inCluster.set(name, knownOf(obj));
        queue.add(`${cluster}/${name}`);
      }
      publish(cluster);
    },
  });
  return {
    stop() {
      informer.stop();
      queue.stop();
    },
  };
}

function splitKey(key: string): [ClusterName, string] {
  const slash = key.indexOf('/');
  const cluster = parseClusterName(key.slice(0, slash));
  if (cluster === undefined) throw new Error(`bad CRD queue key ${key}`);
  return [cluster, key.slice(slash + 1)];
}

async function reconcile(
  crds: ResourceStore,
  registry: Registry,
  ctx: RequestContext,
  cluster: ClusterName,
  name: string,
  known: readonly KnownCrd[],
  retryLater: () => void,
): Promise<void> {
  let obj: KubeObject;
  try {
    obj = await crds.get(ctx, '', name);
  } catch (error) {
    if (isStatusError(error, 'NotFound')) return;
    throw error;
  }
  const crd = crdOf(obj);
  if (obj.metadata.deletionTimestamp !== undefined) {
    if (!(obj.metadata.finalizers ?? []).includes(crdCleanupFinalizer)) return;
    if ((await deleteInstances(registry, ctx, cluster, crd)) > 0) {
      retryLater();
      return;
    }
    await crds.guaranteedUpdate(ctx, '', name, { dryRun: false }, '', (current) => {
      current.metadata.finalizers = (current.metadata.finalizers ?? []).filter(
        (f) => f !== crdCleanupFinalizer,
      );
      return current;
    });
    return;
  }
  await crds.guaranteedUpdate(ctx, '', name, { dryRun: false, subresource: 'status' }, '', (current) => {
    const conflict = nameConflict(knownOf(current), known);
    current.status = establishedStatus(crd, current, conflict, crds.now());
    return current;
  });
}

/** Deletes every instance (finalizers honoured); resolves how many remain. */
async function deleteInstances(
  registry: Registry,
  ctx: RequestContext,
  cluster: ClusterName,
  crd: Crd,
): Promise<number> {
  const version = crd.versions.find((v) => v.storage) ?? crd.versions[0];
  if (version === undefined) return 0;
  const rs = registry.findIn({ kind: 'one', name: cluster }, crd.group, version.name, crd.names.plural);
  if (rs === undefined) return 0;
  const items = (await listObjects(rs, ctx, '', parseListQuery(new URLSearchParams(), 'list'))).items;
  for (const item of items) {
    if (item.metadata.deletionTimestamp !== undefined) continue;
    try {
      await deleteObject(rs, ctx, item.metadata.namespace ?? '', item.metadata.name ?? '', { dryRun: false });
    } catch (error) {
      if (!isStatusError(error, 'NotFound')) throw error;
    }
  }
  return (await listObjects(rs, ctx, '', parseListQuery(new URLSearchParams(), 'list'))).items.length;
}

/**
 * A CRD as the controller knows it: decoded, whether its names are already accepted, and when it was
 * created. Accepted names are kept; between newcomers the earlier CRD wins.
 */
interface KnownCrd {
  readonly crd: Crd;
  readonly accepted: boolean;
  readonly created: string;
}

function knownOf(obj: KubeObject): KnownCrd {
  const status = isRecord(obj.status) ? obj.status : {};
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isRecord) : [];
  return {
    crd: crdOf(obj),
    accepted: conditions.some((c) => c.type === 'NamesAccepted' && c.status === 'True'),
    created: obj.metadata.creationTimestamp ?? '',
  };
}

/** Whether `other` holds its names ahead of `candidate`. */
function holdsNamesBefore(other: KnownCrd, candidate: KnownCrd): boolean {
  if (other.accepted !== candidate.accepted) return other.accepted;
  return (
    other.created < candidate.created ||
    (other.created === candidate.created && other.crd.name < candidate.crd.name)
  );
}

interface NameConflict {
  readonly reason: string;
  readonly message: string;
}

/**
 * Upstream's naming controller: within one group, a CRD's plural, singular, short names, kind and list kind
 * must not already be taken by a CRD created before it; the first conflict found is reported.
 */
function nameConflict(candidate: KnownCrd, all: readonly KnownCrd[]): NameConflict | undefined {
  const { crd } = candidate;
  const earlier = all.filter(
    (k) => k.crd.name !== crd.name && k.crd.group === crd.group && holdsNamesBefore(k, candidate),
  );
  const names = new Set(
    earlier.flatMap((k) => [k.crd.names.plural, k.crd.names.singular, ...k.crd.names.shortNames]),
  );
  const kinds = new Set(earlier.flatMap((k) => [k.crd.names.kind, k.crd.names.listKind]));
  const taken = (name: string): NameConflict['message'] => `"${name}" is already in use`;
  if (names.has(crd.names.plural)) return { reason: 'PluralConflict', message: taken(crd.names.plural) };
  if (names.has(crd.names.singular))
    return { reason: 'SingularConflict', message: taken(crd.names.singular) };
  const shortName = crd.names.shortNames.find((s) => names.has(s));
  if (shortName !== undefined) return { reason: 'ShortNamesConflict', message: taken(shortName) };
  if (kinds.has(crd.names.kind)) return { reason: 'KindConflict', message: taken(crd.names.kind) };
  if (kinds.has(crd.names.listKind))
    return { reason: 'ListKindConflict', message: taken(crd.names.listKind) };
  return undefined;
}

function conditionsFor(conflict: NameConflict | undefined, since: (type: string, status: string) => unknown) {
  if (conflict !== undefined) {
    return [
      {
        type: 'NamesAccepted',
        status: 'False',
        ...conflict,
        lastTransitionTime: since('NamesAccepted', 'False'),
      },
      {
        type: 'Established',
        status: 'False',
        reason: 'NotAccepted',
        message: 'not all names are accepted',
        lastTransitionTime: since('Established', 'False'),
      },
    ];
  }
  return [
    {
      type: 'NamesAccepted',
      status: 'True',
      reason: 'NoConflicts',
      message: 'no conflicts found',
      lastTransitionTime: since('NamesAccepted', 'True'),
    },
    {
      type: 'Established',
      status: 'True',
      reason: 'InitialNamesAccepted',
      message: 'the initial names have been accepted',
      lastTransitionTime: since('Established', 'True'),
    },
  ];
}

function establishedStatus(
  crd: Crd,
  current: KubeObject,
  conflict: NameConflict | undefined,
  now: string,
): Record<string, unknown> {
  const status = isRecord(current.status) ? current.status : {};
  const previous = Array.isArray(status.conditions) ? status.conditions.filter(isRecord) : [];
  // A condition keeps its transition time while its status stays the same (so a re-reconcile writes nothing).
  const since = (type: string, conditionStatus: string): unknown =>
    previous.find((c) => c.type === type && c.status === conditionStatus)?.lastTransitionTime ?? now;
  const stored = Array.isArray(status.storedVersions)
    ? status.storedVersions.filter((v): v is string => typeof v === 'string')
    : [];
  const storage = crd.versions.find((v) => v.storage)?.name;
  return {
    ...status,
    conditions: conditionsFor(conflict, since),
    acceptedNames: {
      plural: crd.names.plural,
      singular: crd.names.singular,
      kind: crd.names.kind,
      listKind: crd.names.listKind,
      ...(crd.names.shortNames.length > 0 ? { shortNames: crd.names.shortNames } : {}),
      ...(crd.names.categories.length > 0 ? { categories: crd.names.categories } : {}),
    },
    storedVersions: storage === undefined || stored.includes(storage) ? stored : [...stored, storage],
  };
}
