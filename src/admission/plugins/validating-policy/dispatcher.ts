/**
 * Runs a cluster's policies against one request (upstream policy/validating/dispatcher.go and
 * policy/generic/policy_dispatcher.go CollectParams): matching, params, validation actions, and the one
 * error for the first denial.
 */
import { qualifiedResource, StatusError, type StatusCause } from '../../../machinery/errors.js';
import type { KubeObject } from '../../../machinery/object.js';
import { admissionRequestFields, nameForErrors, type AdmissionAttributes } from './attributes.js';
import { toCelValue } from './cel.js';
import { matchResourcesResult, type NamespaceReader } from './matching.js';
import type { CompiledPolicy, ParamKind, ParamRef, PolicyBinding, PolicyHook } from './policy.js';
import { validatePolicy, type PolicyDecision, type PolicyInputs, type ValidateResult } from './validator.js';

/** The objects of a paramKind in the request's cluster. */
export interface ParamStore {
  readonly namespaced: boolean;
  /** undefined when there is no such object. */
  get(namespace: string, name: string): Promise<KubeObject | undefined>;
  /** Every object in `namespace` ('' for a cluster-scoped kind). */
  list(namespace: string): Promise<KubeObject[]>;
}

/** What the dispatcher reads from the request's cluster. */
export interface PolicyEnvironment {
  readonly namespaces: NamespaceReader;
  /** The store serving `kind`, or undefined when the cluster serves no such kind. */
  paramStore(kind: ParamKind): ParamStore | undefined;
}

interface DeniedDecision {
  readonly policy: string;
  readonly binding: string | undefined;
  readonly message: string;
  readonly reason: PolicyDecision['reason'];
}

/** A failed lookup of params or a configuration problem; becomes "failed to configure …". */
class ConfigurationError extends Error {}

/** schema.GroupVersionKind.String(), as upstream prints a paramKind. */
function gvkString(kind: ParamKind): string {
  const slash = kind.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : kind.apiVersion.slice(0, slash);
  const version = slash < 0 ? kind.apiVersion : kind.apiVersion.slice(slash + 1);
  return `${group}/${version}, Kind=${kind.kind}`;
}

/** Upstream CollectParams: the params to evaluate with; [null] when the policy takes none. */
async function collectParams(
  kind: ParamKind | undefined,
  store: ParamStore | undefined,
  ref: ParamRef | undefined,
  requestNamespace: string,
): Promise<unknown[]> {
  if (kind === undefined || ref === undefined) return [null];
  if (store === undefined) throw new ConfigurationError(`paramKind kind \`${gvkString(kind)}\` not known`);
  let namespace = '';
  if (store.namespaced) {
    namespace = ref.namespace !== '' ? ref.namespace : requestNamespace;
    if (namespace === '') {
      throw new ConfigurationError(
        'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources',
      );
    }
  } else if (ref.namespace !== '') {
    throw new ConfigurationError('paramRef.namespace must not be provided for a cluster-scoped `paramKind`');
  }
  let params: KubeObject[];
  if (ref.name !== '') {
    if (ref.selector !== undefined) {
      throw new ConfigurationError('paramRef.name and paramRef.selector are mutually exclusive');
    }
    const param = await store.get(namespace, ref.name);
    params = param === undefined ? [] : [param];
  } else if (ref.selector !== undefined) {
    const parsed = ref.selector;
    if (!parsed.ok) throw new ConfigurationError(parsed.error);
    params = (await store.list(namespace)).filter((obj) => parsed.selector.matches(obj.metadata.labels));
  } else {
    throw new ConfigurationError('one of name or selector must be provided');
  }
  if (params.length === 0 && ref.parameterNotFoundAction === 'Deny') {
    throw new ConfigurationError('no params found for policy binding with `Deny` parameterNotFoundAction');
  }
  // Params always show their type to CEL (upstream wrappedParam).
  return params.map((param) => toCelValue({ ...param, apiVersion: kind.apiVersion, kind: kind.kind }));
}

/** Upstream CreateNamespaceObject: the Namespace's metadata (without managedFields etc.), spec and status. */
function trimmedNamespace(namespace: KubeObject): Record<string, unknown> {
  const m = namespace.metadata;
  const metadata: Record<string, unknown> = {};
  for (const key of [
    'name',
    'generateName',
    'namespace',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'labels',
    'annotations',
  ]) {
    if (m[key] !== undefined) metadata[key] = m[key];
  }
  return { metadata, spec: namespace['spec'] ?? {}, status: namespace['status'] ?? {} };
}

/** Upstream's denial: Forbidden-style wording, the validation's reason (Invalid by default) and code. */
function denialError(attrs: AdmissionAttributes, denied: DeniedDecision): StatusError {
  const message =
    denied.binding === undefined
      ? `ValidatingAdmissionPolicy '${denied.policy}' denied request: ${denied.message}`
      : `ValidatingAdmissionPolicy '${denied.policy}' with binding '${denied.binding}' denied request: ${denied.message}`;
  const name = nameForErrors(attrs);
  const gr = { group: attrs.resource.group, resource: attrs.resource.resource };
  // Upstream's cause carries only the message (its StatusCause.Type is empty).
  const cause = { message } as StatusCause;
  return new StatusError(
    denied.reason ?? 'Invalid',
    `${qualifiedResource(gr)} "${name}" is forbidden: ${message}`,
    {
      name,
      group: gr.group,
      kind: gr.resource,
      causes: [cause],
    },
  );
}

/** One request's pass over the policies: what was denied, and the inputs computed once for all of them. */
class PolicyDispatch {
  readonly denied: DeniedDecision[] = [];
  private inputs: Omit<PolicyInputs, 'params' | 'namespaceObject'> | undefined;
  private namespaceValue: Promise<unknown> | undefined;

  constructor(
    private readonly attrs: AdmissionAttributes,
    private readonly env: PolicyEnvironment,
    private readonly warnings: string[],
  ) {}

  /** Upstream addConfigError: a denial under failurePolicy Fail, nothing under Ignore. */
  private configError(policy: CompiledPolicy, binding: PolicyBinding | undefined, error: string): void {
    if (policy.failurePolicy === 'Ignore') return;
    const what = binding === undefined ? 'policy' : 'binding';
    const message = `failed to configure ${what}: ${error}`;
    this.denied.push({ policy: policy.name, binding: binding?.name, message, reason: undefined });
  }

  async policy({ policy, bindings }: PolicyHook): Promise<void> {
    if (policy.matchConstraints === undefined) {
      this.configError(policy, undefined, 'policy contained no match constraints, a required field');
      return;
    }
    const matched = await matchResourcesResult(policy.matchConstraints, this.attrs, this.env.namespaces);
    if (matched.error !== undefined) this.configError(policy, undefined, matched.error.message);
    if (!matched.matches) return;
    const store = policy.paramKind === undefined ? undefined : this.env.paramStore(policy.paramKind);
    if (policy.paramKind !== undefined && store === undefined) {
      const gvk = gvkString(policy.paramKind);
      this.configError(policy, undefined, `failed to find resource referenced by paramKind: '${gvk}'`);
      return;
    }
    for (const binding of bindings) await this.binding(policy, store, binding);
  }

  private async binding(
    policy: CompiledPolicy,
    store: ParamStore | undefined,
    binding: PolicyBinding,
  ): Promise<void> {
    const { attrs } = this;
    if (binding.matchResources !== undefined) {
      const bound = await matchResourcesResult(binding.matchResources, attrs, this.env.namespaces);
      if (bound.error !== undefined) this.configError(policy, binding, bound.error.message);
      if (!bound.matches) return;
    }
    let params: unknown[];
    try {
      params = await collectParams(policy.paramKind, store, binding.paramRef, attrs.namespace);
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      this.configError(policy, binding, error.message);
      return;
    }
    this.inputs ??= {
      object: attrs.object === undefined ? null : toCelValue(attrs.object),
      oldObject: attrs.oldObject === undefined ? null : toCelValue(attrs.oldObject),
      request: toCelValue({ uid: '', ...admissionRequestFields(attrs), object: null, oldObject: null }),
    };
    this.namespaceValue ??= namespaceObjectFor(attrs, this.env.namespaces);
    const namespaceObject = await this.namespaceValue;
    for (const param of params) {
      this.record(
        policy,
        binding,
        validatePolicy(policy, { ...this.inputs, params: param, namespaceObject }),
      );
    }
  }

  /** Applies the binding's validationActions to the denials of one evaluation. */
  private record(policy: CompiledPolicy, binding: PolicyBinding, result: ValidateResult): void {
    const names = { policy: policy.name, binding: binding.name };
    for (const { message, reason } of result.decisions.filter((d) => d.action === 'deny')) {
      for (const action of binding.validationActions) {
        if (action === 'Deny') this.denied.push({ ...names, message, reason });
        else if (action === 'Warn') {
          this.warnings.push(
            `Validation failed for ValidatingAdmissionPolicy '${policy.name}' with binding '${binding.name}': ${message}`,
          );
        }
        // Audit: the audit log takes no annotations from admission yet (TODO(#4)).
      }
    }
    for (const { message } of result.auditErrors) this.denied.push({ ...names, message, reason: undefined });
  }
}

/**
 * Evaluates every policy bound in the request's cluster. Returns the error for the first denial (policies
 * and bindings in name order), after adding Warn actions to `warnings`. Throws NotFound when the request's
 * namespace does not exist.
 */
export async function dispatchPolicies(
  hooks: readonly PolicyHook[],
  attrs: AdmissionAttributes,
  env: PolicyEnvironment,
  warnings: string[],
): Promise<StatusError | undefined> {
  const dispatch = new PolicyDispatch(attrs, env, warnings);
  for (const hook of hooks) await dispatch.policy(hook);
  const first = dispatch.denied[0];
  return first === undefined ? undefined : denialError(attrs, first);
}

/**
 * CEL's namespaceObject: the request's Namespace, null for cluster-scoped requests and for Namespaces
 * themselves. A namespace that does not exist fails the request with NotFound, as upstream.
 */
async function namespaceObjectFor(attrs: AdmissionAttributes, namespaces: NamespaceReader): Promise<unknown> {
  const isNamespace =
    attrs.kind.group === '' && attrs.kind.version === 'v1' && attrs.kind.kind === 'Namespace';
  if (attrs.namespace === '' || isNamespace) return null;
  const namespace = await namespaces.get(attrs.namespace);
  if (namespace === undefined) {
    throw new StatusError('NotFound', `namespaces "${attrs.namespace}" not found`, {
      name: attrs.namespace,
      kind: 'namespaces',
    });
  }
  return toCelValue(trimmedNamespace(namespace));
}
