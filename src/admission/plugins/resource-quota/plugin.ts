/**
 * The ResourceQuota admission plugin (upstream k8s.io/apiserver pkg/admission/plugin/resourcequota):
 * refuses writes that would take a namespace past one of its quotas and charges admitted writes to the
 * quotas' status.used with a compare-and-swap update before allowing them, so concurrent writes can never
 * overshoot. It belongs last in the validating chain (upstream: "resourcequota must go at the end").
 */
import { clusterOf, type RequestContext } from '../../../machinery/context.js';
import { isStatusError } from '../../../machinery/errors.js';
import type { KubeObject } from '../../../machinery/object.js';
import { resourceListToJson, type Quantity } from '../../../machinery/quantity.js';
import {
  clusterContext,
  listObjects,
  parseListQuery,
  type AdmissionRequest,
  type Registry,
  type ResourceStore,
} from '../../../registry/index.js';
import type { ValidatingPlugin } from '../../chain.js';
import type { QuotaAccounting } from './accounting.js';
import { checkRequest, evaluatorFor, quotaIgnores } from './check.js';
import { quotaView, type QuotaEvaluator, type QuotaView } from './evaluator.js';
import { recordOf } from './pod-resources.js';

/** Upstream checkQuotas retries a batch three times when quota status updates conflict. */
const statusUpdateRetries = 3;

export interface ResourceQuotaOptions {
  readonly now?: () => Date;
}

export function resourceQuota(
  registry: Registry,
  accounting: QuotaAccounting,
  options: ResourceQuotaOptions = {},
): ValidatingPlugin {
  const quotas = registry.preferred('', 'resourcequotas');
  if (quotas === undefined) throw new Error('resourcequotas must be registered before ResourceQuota');
  const now = options.now ?? (() => new Date());
  return {
    name: 'ResourceQuota',
    handles: (operation) => operation === 'CREATE' || operation === 'UPDATE',
    async validate(ctx: RequestContext, request: Readonly<AdmissionRequest>): Promise<void> {
      const { resource } = request;
      if (!resource.namespaced || request.namespace === '') return;
      if (quotaIgnores(resource.group, resource.plural)) return;
      const evaluator = evaluatorFor(resource.group, resource.plural);
      // Checked before taking the lock: the quota status writes below re-enter admission as UPDATEs of
      // resourcequotas/status, which the object count evaluator does not handle.
      if (!evaluator.handles(request)) return;
      const cluster = clusterOf(ctx);
      // Quota status is written as the system, like upstream's loopback client, in the request's cluster.
      const system = clusterContext(cluster, ctx.signal, 'resourcequota-admission');
      // Namespaces without quotas skip the lock (upstream, too, admits when its cache holds no quota).
      if ((await readQuotas(quotas, system, request.namespace)).length === 0) return;
      await accounting.serialize(cluster, request.namespace, () =>
        admit(ctx, system, request, evaluator, { quotas, accounting, now }),
      );
    },
  };
}

interface AdmitDeps {
  readonly quotas: ResourceStore;
  readonly accounting: QuotaAccounting;
  readonly now: () => Date;
}

async function readQuotas(
  quotas: ResourceStore,
  ctx: RequestContext,
  namespace: string,
): Promise<QuotaView[]> {
  const list = await listObjects(quotas, ctx, namespace, parseListQuery(new URLSearchParams(), 'list'));
  return list.items.map(quotaView);
}

/**
 * Checks the request against the current quotas, then writes each raised status.used guarded by the
 * quota's resourceVersion. When a write loses a race, only the quotas that failed are read again and
 * re-checked (upstream checkQuotas: the others already hold this request's charge).
 */
async function admit(
  ctx: RequestContext,
  system: RequestContext,
  request: Readonly<AdmissionRequest>,
  evaluator: QuotaEvaluator,
  deps: AdmitDeps,
): Promise<void> {
  const object = request.object;
  let current = await readQuotas(deps.quotas, system, request.namespace);
  if (current.length === 0 || object === undefined) return;
  let pending: { abandon(): void } | undefined;
  try {
    for (let attempt = 0; ; attempt++) {
      const charges = checkRequest(current, request, evaluator, deps.now());
      if (charges.size === 0 || request.dryRun) return;
      pending ??= deps.accounting.recordPending(
        ctx,
        evaluator.group,
        evaluator.resource,
        { ...object, metadata: { ...object.metadata, namespace: request.namespace } },
        request.operation === 'UPDATE' ? request.oldObject?.metadata.resourceVersion : undefined,
      );
      const failed = await writeCharges(deps.quotas, system, request.namespace, current, charges);
      if (failed.length === 0) return;
      if (attempt >= statusUpdateRetries) throw failed[0]?.error;
      const names = new Set(failed.map((f) => f.name));
      current = (await readQuotas(deps.quotas, system, request.namespace)).filter((q) => names.has(q.name));
    }
  } catch (error) {
    pending?.abandon();
    throw error;
  }
}

/** Writes new status.used values; returns the quotas whose write lost a race or that are gone. */
async function writeCharges(
  quotas: ResourceStore,
  system: RequestContext,
  namespace: string,
  current: readonly QuotaView[],
  charges: ReadonlyMap<string, Map<string, Quantity>>,
): Promise<{ name: string; error: unknown }[]> {
  const failed: { name: string; error: unknown }[] = [];
  for (const [name, used] of charges) {
    const quota = current.find((q) => q.name === name);
    if (quota === undefined) continue;
    try {
      await quotas.guaranteedUpdate(
        system,
        namespace,
        name,
        { dryRun: false, subresource: 'status' },
        quota.resourceVersion,
        (stored: KubeObject) => {
          stored['status'] = { ...recordOf(stored['status']), used: resourceListToJson(used) };
          return stored;
        },
      );
    } catch (error) {
      if (!isStatusError(error, 'Conflict') && !isStatusError(error, 'NotFound')) throw error;
      failed.push({ name, error });
    }
  }
  return failed;
}
