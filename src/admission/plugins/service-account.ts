import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestContext } from '../../machinery/context.js';
import { forbidden, isStatusError, notFound } from '../../machinery/errors.js';
import { isRecord, type KubeObject } from '../../machinery/object.js';
import type { AdmissionRequest, Registry, ResourceStore } from '../../registry/index.js';
import type { MutatingPlugin } from '../chain.js';

const defaultServiceAccountName = 'default';
/** Upstream MirrorPodAnnotationKey: pods the kubelet mirrors from static manifests. */
const mirrorPodAnnotation = 'kubernetes.io/config.mirror';

export interface ServiceAccountAdmissionOptions {
  /**
   * Lookups of the `default` ServiceAccount are retried this many times in all, since the controller
   * creates it just after its namespace (upstream: 10 attempts, 100–200 ms apart).
   */
  readonly defaultAttempts?: number;
  readonly retryIntervalMs?: () => number;
}

function stringOf(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  return typeof value === 'string' ? value : '';
}

/** Upstream getServiceAccount: the named ServiceAccount, retrying for `default`; NotFound as upstream words it. */
async function lookUp(
  serviceAccounts: ResourceStore,
  ctx: RequestContext,
  namespace: string,
  name: string,
  options: Required<ServiceAccountAdmissionOptions>,
): Promise<KubeObject> {
  const attempts = name === defaultServiceAccountName ? options.defaultAttempts : 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(options.retryIntervalMs(), undefined, { signal: ctx.signal });
    try {
      return await serviceAccounts.get(ctx, namespace, name);
    } catch (error) {
      if (!isStatusError(error, 'NotFound')) throw error;
    }
  }
  // Upstream names the resource in the singular here: `serviceaccount "bot" not found`.
  throw notFound({ group: '', resource: 'serviceaccount' }, name);
}

/** Copies the ServiceAccount's imagePullSecrets into a pod that names none (upstream Admit). */
function inheritImagePullSecrets(spec: Record<string, unknown>, serviceAccount: KubeObject): void {
  const own = spec.imagePullSecrets;
  if (Array.isArray(own) && own.length > 0) return;
  const inherited = Array.isArray(serviceAccount.imagePullSecrets)
    ? serviceAccount.imagePullSecrets.filter(isRecord).map((ref) => ({ name: stringOf(ref, 'name') }))
    : [];
  if (inherited.length > 0) spec.imagePullSecrets = inherited;
}

/**
 * Upstream's ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount), for pod creation:
 * a pod without a ServiceAccount runs as `default`; the ServiceAccount it names must exist in its
 * namespace (else 403 `error looking up service account <ns>/<name>: ...`); it inherits the
 * ServiceAccount's imagePullSecrets when it has none. Mirror pods may not name a ServiceAccount.
 * Token volumes are not mounted: nothing in kubetenant runs pods that could use them.
 */
export function serviceAccountAdmission(
  registry: Registry,
  options: ServiceAccountAdmissionOptions = {},
): MutatingPlugin {
  const serviceAccounts = registry.preferred('', 'serviceaccounts');
  if (serviceAccounts === undefined)
    throw new Error('serviceaccounts must be registered for ServiceAccount admission');
  const settings: Required<ServiceAccountAdmissionOptions> = {
    defaultAttempts: options.defaultAttempts ?? 10,
    retryIntervalMs: options.retryIntervalMs ?? (() => 100 + Math.floor(Math.random() * 100)),
  };
  return {
    name: 'ServiceAccount',
    handles: (operation) => operation === 'CREATE',
    async admit(ctx: RequestContext, request: AdmissionRequest): Promise<void> {
      const pod = request.object;
      const { resource } = request;
      if (
        resource.group !== '' ||
        resource.plural !== 'pods' ||
        request.subresource !== '' ||
        pod === undefined
      ) {
        return;
      }
      const pods = { group: '', resource: 'pods' };
      const spec = isRecord(pod.spec) ? pod.spec : (pod.spec = {});
      if (pod.metadata.annotations?.[mirrorPodAnnotation] !== undefined) {
        if (stringOf(spec, 'serviceAccountName') !== '' || stringOf(spec, 'serviceAccount') !== '') {
          throw forbidden(pods, request.name, 'a mirror pod may not reference service accounts');
        }
        return;
      }
      // spec.serviceAccount is the deprecated spelling; upstream's conversion reads it when the new one is empty.
      const name =
        stringOf(spec, 'serviceAccountName') || stringOf(spec, 'serviceAccount') || defaultServiceAccountName;
      spec.serviceAccountName = name;
      spec.serviceAccount = name;
      let serviceAccount: KubeObject;
      try {
        serviceAccount = await lookUp(serviceAccounts, ctx, request.namespace, name, settings);
      } catch (error) {
        if (!isStatusError(error)) throw error;
        throw forbidden(
          pods,
          request.name,
          `error looking up service account ${request.namespace}/${name}: ${error.message}`,
        );
      }
      inheritImagePullSecrets(spec, serviceAccount);
    },
  };
}
