/**
 * Validating/MutatingWebhookConfiguration (admissionregistration.k8s.io/v1) as dispatch uses them: decoded
 * from stored JSON with the API's defaults (upstream admissionregistration/v1 defaults.go), match conditions
 * compiled, webhooks in upstream's call order (configurations by name, then webhooks as listed).
 */
import type { KubeObject } from '../../../machinery/object.js';
import { isRecord } from '../../../machinery/object.js';
import {
  CelProgram,
  decodeRule,
  failurePolicyOf,
  parseSelector,
  recordList,
  stringField,
  stringList,
  type FailurePolicy,
  type MatchPolicy,
  type ParsedSelector,
  type RuleWithOperations,
} from '../validating-policy/index.js';

/** Upstream default timeoutSeconds. */
const defaultTimeoutSeconds = 10;
/** clientConfig.service.port default. */
const defaultServicePort = 443;

export interface ServiceReference {
  readonly namespace: string;
  readonly name: string;
  /** URL path, '' when unset. */
  readonly path: string;
  readonly port: number;
}

export interface ClientConfig {
  readonly url: string | undefined;
  readonly service: ServiceReference | undefined;
  /** PEM trust anchors decoded from caBundle; undefined means the system roots. */
  readonly caPem: string | undefined;
}

export interface CompiledMatchCondition {
  readonly name: string;
  readonly program: CelProgram;
}

export interface Webhook {
  /** Identifies the webhook across reinvocation: configuration, name and position. */
  readonly uid: string;
  readonly configurationName: string;
  readonly name: string;
  readonly clientConfig: ClientConfig;
  readonly rules: readonly RuleWithOperations[];
  readonly failurePolicy: FailurePolicy;
  readonly matchPolicy: MatchPolicy;
  readonly namespaceSelector: ParsedSelector;
  readonly objectSelector: ParsedSelector;
  /** None, NoneOnDryRun, Some or Unknown; required by the API, undefined when missing. */
  readonly sideEffects: string | undefined;
  readonly timeoutSeconds: number;
  readonly admissionReviewVersions: readonly string[];
  readonly matchConditions: readonly CompiledMatchCondition[];
  /** Mutating webhooks only; validating ones are never reinvoked. */
  readonly reinvocationPolicy: 'Never' | 'IfNeeded';
}

function decodeClientConfig(value: unknown): ClientConfig {
  const config = isRecord(value) ? value : {};
  const service = config['service'];
  const caBundle = stringField(config['caBundle']);
  const url = stringField(config['url']);
  return {
    url: url === '' ? undefined : url,
    service: isRecord(service)
      ? {
          namespace: stringField(service['namespace']),
          name: stringField(service['name']),
          path: stringField(service['path']),
          port: typeof service['port'] === 'number' ? service['port'] : defaultServicePort,
        }
      : undefined,
    caPem: caBundle === '' ? undefined : Buffer.from(caBundle, 'base64').toString('utf8'),
  };
}

/** Webhook matchConditions see object, oldObject and request (upstream also offers `authorizer`). */
const webhookVariables = ['object', 'oldObject', 'request'] as const;

function decodeWebhook(configurationName: string, index: number, value: Record<string, unknown>): Webhook {
  const name = stringField(value['name']);
  const timeout = value['timeoutSeconds'];
  const sideEffects = value['sideEffects'];
  return {
    uid: `${configurationName}/${name}/${index}`,
    configurationName,
    name,
    clientConfig: decodeClientConfig(value['clientConfig']),
    rules: recordList(value['rules']).map(decodeRule),
    failurePolicy: failurePolicyOf(value['failurePolicy']),
    matchPolicy: value['matchPolicy'] === 'Exact' ? 'Exact' : 'Equivalent',
    namespaceSelector: parseSelector(value['namespaceSelector']),
    objectSelector: parseSelector(value['objectSelector']),
    sideEffects: typeof sideEffects === 'string' ? sideEffects : undefined,
    timeoutSeconds: typeof timeout === 'number' && timeout > 0 ? timeout : defaultTimeoutSeconds,
    admissionReviewVersions: stringList(value['admissionReviewVersions']),
    matchConditions: recordList(value['matchConditions']).map((condition) => ({
      name: stringField(condition['name']),
      program: CelProgram.compile(stringField(condition['expression']), webhookVariables, 'bool'),
    })),
    reinvocationPolicy: value['reinvocationPolicy'] === 'IfNeeded' ? 'IfNeeded' : 'Never',
  };
}

/** Every webhook of a cluster's configurations of one kind, in call order. */
export function webhooksOf(configurations: readonly KubeObject[]): Webhook[] {
  const nameOf = (obj: KubeObject): string => obj.metadata.name ?? '';
  return [...configurations]
    .sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0))
    .flatMap((configuration) =>
      recordList(configuration['webhooks']).map((webhook, index) =>
        decodeWebhook(configuration.metadata.name ?? '', index, webhook),
      ),
    );
}
