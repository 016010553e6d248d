/**
 * The PodSecurity admission plugin (upstream k8s.io/pod-security-admission admission/admission.go and the
 * in-tree plugin/pkg/admission/security/podsecurity): pods are checked against their namespace's enforce,
 * audit and warn levels; workloads with a pod template only get warnings and audit annotations; namespace
 * labels are validated, and raising a namespace's enforce level warns about existing pods it would refuse.
 * Namespaces are read from the request's logical cluster.
 */
import type { RequestContext } from '../../../machinery/context.js';
import {
  fieldErrorMessage,
  forbidden,
  internalError,
  invalid,
  type FieldError,
} from '../../../machinery/errors.js';
import { isRecord, type KubeObject } from '../../../machinery/object.js';
import {
  listObjects,
  parseListQuery,
  type AdmissionRequest,
  type Registry,
  type ResourceStore,
} from '../../../registry/index.js';
import type { ValidatingPlugin } from '../../chain.js';
import {
  auditAnnotationPrefix,
  compareLevels,
  defaultPolicy,
  formatLevelVersion,
  formatVersion,
  policyToEvaluate,
  sameLevelVersion,
  type LevelVersion,
  type Policy,
} from './levels.js';
import { recordAt, stringAt, type JsonObject, type PodMetadata } from './pod-fields.js';
import { aggregate, evaluatePod, type AggregateResult } from './registry.js';
import { namespacePodWarnings } from './namespace-warnings.js';

export interface PodSecurityOptions {
  /** The policy for unlabelled namespaces (upstream's configuration defaults); privileged:latest if absent. */
  readonly defaults?: Policy;
  /**
   * Receives the audit annotations of each evaluated request (keys prefixed `pod-security.kubernetes.io/`:
   * enforce-policy, audit-violations, error). Without it they are dropped.
   */
  readonly audit?: (ctx: RequestContext, annotations: Readonly<Record<string, string>>) => void;
}

/** Subresources of pods that cannot change what the checks look at (upstream ignoredPodSubresources). */
const ignoredPodSubresources = new Set([
  'exec',
  'attach',
  'binding',
  'eviction',
  'log',
  'portforward',
  'proxy',
  'status',
]);

/** Where each kind that embeds a pod template keeps it (upstream DefaultPodSpecExtractor). */
const podTemplatePaths: ReadonlyMap<string, readonly string[]> = new Map([
  ['/podtemplates', ['template']],
  ['/replicationcontrollers', ['spec', 'template']],
  ['apps/replicasets', ['spec', 'template']],
  ['apps/deployments', ['spec', 'template']],
  ['apps/statefulsets', ['spec', 'template']],
  ['apps/daemonsets', ['spec', 'template']],
  ['batch/jobs', ['spec', 'template']],
  ['batch/cronjobs', ['spec', 'jobTemplate', 'spec', 'template']],
]);

interface Evaluation {
  readonly ctx: RequestContext;
  readonly request: Readonly<AdmissionRequest>;
  readonly policy: Policy;
  readonly policyErrors: readonly FieldError[];
  readonly metadata: PodMetadata;
  readonly spec: JsonObject;
}

export function podSecurity(registry: Registry, options: PodSecurityOptions = {}): ValidatingPlugin {
  const namespaces = registry.preferred('', 'namespaces');
  const pods = registry.preferred('', 'pods');
  if (namespaces === undefined || pods === undefined)
    throw new Error('namespaces and pods must be registered before PodSecurity');
  const defaults = options.defaults ?? defaultPolicy;
  const recordAudit = options.audit ?? (() => undefined);

  /** Upstream EvaluatePod: enforce (pods only), then audit, then warn unless the request is refused. */
  const evaluate = (e: Evaluation, enforce: boolean): void => {
    const annotations: Record<string, string> = {};
    if (e.policyErrors.length > 0) {
      annotations['error'] = `Failed to parse policy: ${aggregateFieldErrors(e.policyErrors)}`;
    }
    const cache = new Map<string, AggregateResult>();
    const resultFor = (lv: LevelVersion): AggregateResult => {
      const key = formatLevelVersion(lv);
      let result = cache.get(key);
      if (result === undefined) cache.set(key, (result = aggregate(evaluatePod(lv, e.metadata, e.spec))));
      return result;
    };
    let refusal: Error | undefined;
    if (enforce) {
      annotations['enforce-policy'] = formatLevelVersion(e.policy.enforce);
      const result = resultFor(e.policy.enforce);
      if (!result.allowed) {
        const { group, plural } = e.request.resource;
        refusal = forbidden(
          { group, resource: plural },
          e.request.name,
          `violates PodSecurity "${formatLevelVersion(e.policy.enforce)}": ${result.detail}`,
        );
      }
    }
    const audit = resultFor(e.policy.audit);
    if (!audit.allowed) {
      annotations['audit-violations'] =
        `would violate PodSecurity "${formatLevelVersion(e.policy.audit)}": ${audit.detail}`;
    }
    if (refusal === undefined) {
      const warn = resultFor(e.policy.warn);
      if (!warn.allowed) {
        e.ctx.warnings.push(
          `would violate PodSecurity "${formatLevelVersion(e.policy.warn)}": ${warn.detail}`,
        );
      }
    }
    recordAudit(
      e.ctx,
      Object.fromEntries(Object.entries(annotations).map(([k, v]) => [auditAnnotationPrefix + k, v])),
    );
    if (refusal !== undefined) throw refusal;
  };

  const namespacePolicy = async (ctx: RequestContext, name: string) => {
    let namespace: KubeObject;
    try {
      namespace = await namespaces.get(ctx, '', name);
    } catch (error) {
      throw internalError(new Error(`failed to lookup namespace "${name}"`, { cause: error }));
    }
    return policyToEvaluate(namespace.metadata.labels, defaults);
  };

  const validatePod = async (ctx: RequestContext, request: Readonly<AdmissionRequest>): Promise<void> => {
    const pod = request.object;
    if (ignoredPodSubresources.has(request.subresource) || pod === undefined) return;
    const { policy, errors } = await namespacePolicy(ctx, request.namespace);
    if (errors.length === 0 && fullyPrivileged(policy)) return;
    if (request.operation === 'UPDATE' && request.oldObject !== undefined) {
      if (!isSignificantPodUpdate(pod, request.oldObject)) return;
    }
    const spec = isRecord(pod['spec']) ? pod['spec'] : {};
    evaluate({ ctx, request, policy, policyErrors: errors, metadata: metadataOf(pod.metadata), spec }, true);
  };

  const validatePodController = async (
    ctx: RequestContext,
    request: Readonly<AdmissionRequest>,
    templatePath: readonly string[],
  ): Promise<void> => {
    if (request.subresource !== '' || request.object === undefined) return;
    let found: { policy: Policy; errors: FieldError[] };
    try {
      found = await namespacePolicy(ctx, request.namespace);
    } catch {
      // Upstream allows the workload and records the lookup failure as an audit annotation.
      recordAudit(ctx, {
        [`${auditAnnotationPrefix}error`]: `failed to lookup namespace "${request.namespace}"`,
      });
      return;
    }
    const { policy, errors } = found;
    if (errors.length === 0 && policy.warn.level === 'privileged' && policy.audit.level === 'privileged')
      return;
    const template = recordAt(request.object, ...templatePath);
    if (template === undefined) return;
    const spec = recordAt(template, 'spec') ?? {};
    const metadata = metadataOf(recordAt(template, 'metadata'));
    evaluate({ ctx, request, policy, policyErrors: errors, metadata, spec }, false);
  };

  return {
    name: 'PodSecurity',
    handles: (operation) => operation === 'CREATE' || operation === 'UPDATE',
    async validate(ctx: RequestContext, request: Readonly<AdmissionRequest>): Promise<void> {
      const { group, plural } = request.resource;
      if (group === '' && plural === 'namespaces') return validateNamespace(ctx, request, pods, defaults);
      if (group === '' && plural === 'pods') return validatePod(ctx, request);
      const templatePath = podTemplatePaths.get(`${group}/${plural}`);
      if (templatePath !== undefined) return validatePodController(ctx, request, templatePath);
    },
  };
}

function fullyPrivileged(policy: Policy): boolean {
  return (
    policy.enforce.level === 'privileged' &&
    policy.audit.level === 'privileged' &&
    policy.warn.level === 'privileged'
  );
}

function metadataOf(metadata: unknown): PodMetadata {
  const annotations = recordAt(metadata, 'annotations') ?? {};
  return {
    annotations: Object.fromEntries(
      Object.entries(annotations).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    ),
  };
}

/** Upstream field.ErrorList.ToAggregate().Error(). */
function aggregateFieldErrors(errors: readonly FieldError[]): string {
  const messages = [...new Set(errors.map(fieldErrorMessage))];
  return messages.length === 1 ? (messages[0] ?? '') : `[${messages.join(', ')}]`;
}

function images(list: unknown): string[] {
  return (Array.isArray(list) ? list : []).map((c) => stringAt(c, 'image'));
}

/**
 * Upstream isSignificantPodUpdate: only container counts, images and added ephemeral containers can
 * change the outcome on a pod update (everything else the checks read is immutable).
 */
function isSignificantPodUpdate(pod: KubeObject, old: KubeObject): boolean {
  const spec = recordAt(pod, 'spec') ?? {};
  const oldSpec = recordAt(old, 'spec') ?? {};
  for (const field of ['containers', 'initContainers']) {
    const now = images(spec[field]);
    const before = images(oldSpec[field]);
    if (now.length !== before.length || now.some((image, i) => image !== before[i])) return true;
  }
  const oldEphemeral = new Map(
    (Array.isArray(oldSpec['ephemeralContainers']) ? oldSpec['ephemeralContainers'] : []).map((c) => [
      stringAt(c, 'name'),
      stringAt(c, 'image'),
    ]),
  );
  const ephemeral = Array.isArray(spec['ephemeralContainers']) ? spec['ephemeralContainers'] : [];
  return ephemeral.some((c) => oldEphemeral.get(stringAt(c, 'name')) !== stringAt(c, 'image'));
}

/**
 * Upstream ValidateNamespace: labels must be valid on create, and on update when they changed; a stricter
 * enforce level warns about the existing pods it would refuse.
 */
async function validateNamespace(
  ctx: RequestContext,
  request: Readonly<AdmissionRequest>,
  pods: ResourceStore,
  defaults: Policy,
): Promise<void> {
  const namespace = request.object;
  if (request.subresource !== '' || namespace === undefined) return;
  const next = policyToEvaluate(namespace.metadata.labels, defaults);
  const refuse = () => invalid('', 'Namespace', request.name, next.errors);
  if (request.operation === 'CREATE') {
    if (next.errors.length > 0) throw refuse();
    return;
  }
  const previous = policyToEvaluate(request.oldObject?.metadata.labels, defaults);
  if (next.errors.length > 0 && JSON.stringify(next.errors) !== JSON.stringify(previous.errors))
    throw refuse();
  const { enforce } = next.policy;
  const before = previous.policy.enforce;
  if (sameLevelVersion(enforce, before) || enforce.level === 'privileged') return;
  if (
    formatVersion(enforce.version) === formatVersion(before.version) &&
    compareLevels(enforce.level, before.level) < 1
  ) {
    return;
  }
  const everything = parseListQuery(new URLSearchParams(), 'list');
  const existing = (await listObjects(pods, ctx, request.name, everything)).items;
  ctx.warnings.push(...namespacePodWarnings(request.name, existing, enforce));
}
