import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ClusterName, RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { Logger } from '../machinery/logger.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import {
  deleteObject,
  listObjects,
  parseListQuery,
  type Registry,
  type ResourceStore,
  runInformer,
  clusterOfObject,
} from '../registry/index.js';

/** How often leaked allocations are swept, and how old one must be (a Service create may still be running). */
const sweepIntervalMs = 30_000;
const minimumAgeMs = 10_000;
/**
 * IPAddresses checked per page of a sweep. Reads underneath are synchronous, so the sweep gives the event
 * loop a turn between pages: one pass over every cluster's addresses at once held up all requests.
 */
const sweepPageSize = 500;

function parentOf(address: KubeObject): { namespace: string; name: string } | undefined {
  const spec = isRecord(address.spec) ? address.spec : {};
  const parent = isRecord(spec.parentRef) ? spec.parentRef : undefined;
  if (parent?.resource !== 'services' || parent.group !== '') return undefined;
  return { namespace: String(parent.namespace ?? ''), name: String(parent.name ?? '') };
}

/**
 * Frees Service cluster IPs: deletes a Service's IPAddress when the Service is deleted, and periodically
 * removes IPAddresses whose Service does not hold that IP (upstream's allocator repair loop).
 */
export function runServiceIpRelease(
  registry: Registry,
  contextFor: (cluster: ClusterName) => RequestContext,
  watchAll: RequestContext,
  logger: Logger,
): { stop(): void } {
  const services = registry.preferred('', 'services');
  const addresses = registry.preferred('networking.k8s.io', 'ipaddresses');
  if (services === undefined || addresses === undefined)
    throw new Error('services and ipaddresses must be registered');
  const release = (service: KubeObject): void => {
    const spec = isRecord(service.spec) ? service.spec : {};
    if (typeof spec.clusterIP !== 'string' || spec.clusterIP === '' || spec.clusterIP === 'None') return;
    releaseIfOwnedBy(addresses, contextFor(clusterOfObject(service)), spec.clusterIP, service).catch(
      (error: unknown) =>
        logger.warn('releasing a service IP failed', { ip: spec.clusterIP, error: String(error) }),
    );
  };
  const informer = runInformer(services, watchAll, logger, {
    onEvent: (type, obj) => {
      if (type === 'DELETED') release(obj);
    },
  });
  const sweep = (): void => {
    sweepLeakedServiceIps(services, addresses, watchAll, contextFor).catch((error: unknown) =>
      logger.warn('service IP repair failed', { error: String(error) }),
    );
  };
  const timer = setInterval(sweep, sweepIntervalMs);
  timer.unref();
  return {
    stop() {
      informer.stop();
      clearInterval(timer);
    },
  };
}

async function releaseIfOwnedBy(
  addresses: ResourceStore,
  ctx: RequestContext,
  ip: string,
  service: KubeObject,
) {
  let address: KubeObject;
  try {
    address = await addresses.get(ctx, '', ip);
  } catch (error) {
    if (isStatusError(error, 'NotFound')) return;
    throw error;
  }
  const parent = parentOf(address);
  if (parent === undefined) return;
  if (parent.namespace !== service.metadata.namespace || parent.name !== service.metadata.name) return;
  await deleteQuietly(addresses, ctx, address);
}

/** Deletes every IPAddress, old enough, whose Service does not hold its IP; one page at a time. */
export async function sweepLeakedServiceIps(
  services: ResourceStore,
  addresses: ResourceStore,
  watchAll: RequestContext,
  contextFor: (cluster: ClusterName) => RequestContext,
): Promise<void> {
  const now = Date.now();
  let token = '';
  do {
    const query = new URLSearchParams({ limit: String(sweepPageSize) });
    if (token !== '') query.set('continue', token);
    const page = await listObjects(addresses, watchAll, '', parseListQuery(query, 'list'));
    for (const address of page.items) {
      const parent = parentOf(address);
      if (parent === undefined) continue;
      if (now - Date.parse(address.metadata.creationTimestamp ?? '') < minimumAgeMs) continue;
      const ctx = contextFor(clusterOfObject(address));
      if (!(await serviceHolds(services, ctx, parent, address.metadata.name ?? ''))) {
        await deleteQuietly(addresses, ctx, address);
      }
    }
    token = page.metadata.continue ?? '';
    await nextTurn();
  } while (token !== '');
}

async function serviceHolds(
  services: ResourceStore,
  ctx: RequestContext,
  parent: { namespace: string; name: string },
  ip: string,
): Promise<boolean> {
  try {
    const service = await services.get(ctx, parent.namespace, parent.name);
    return isRecord(service.spec) && service.spec.clusterIP === ip;
  } catch (error) {
    if (isStatusError(error, 'NotFound')) return false;
    throw error;
  }
}

async function deleteQuietly(
  addresses: ResourceStore,
  ctx: RequestContext,
  address: KubeObject,
): Promise<void> {
  try {
    await deleteObject(addresses, ctx, '', address.metadata.name ?? '', {
      dryRun: false,
      preconditions: { uid: address.metadata.uid ?? '' },
    });
  } catch (error) {
    if (!isStatusError(error, 'NotFound') && !isStatusError(error, 'Conflict')) throw error;
  }
}
