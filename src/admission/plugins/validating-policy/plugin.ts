/**
 * The ValidatingAdmissionPolicy admission plugin (upstream k8s.io/apiserver pkg/admission/plugin/policy/
 * validating): CEL validations from each logical cluster's own ValidatingAdmissionPolicies and their
 * bindings. It runs after the built-in validating plugins and before validating webhooks and ResourceQuota
 * (upstream AllOrderedPlugins).
 */
import { clusterOf, type RequestContext } from '../../../machinery/context.js';
import type { Logger } from '../../../machinery/logger.js';
import {
  ClusterConfigCache,
  type AdmissionOperation,
  type AdmissionRequest,
  type Registry,
} from '../../../registry/index.js';
import type { ValidatingPlugin } from '../../chain.js';
import { admissionAttributes, isAdmissionConfiguration } from './attributes.js';
import { clusterNamespaces, clusterParamStore } from './cluster-readers.js';
import { dispatchPolicies } from './dispatcher.js';
import { policyHooks, type ParamKind, type PolicyHook } from './policy.js';

export const admissionRegistrationGroup = 'admissionregistration.k8s.io';

export class ValidatingAdmissionPolicyPlugin implements ValidatingPlugin {
  readonly name = 'ValidatingAdmissionPolicy';
  private readonly hooks: ClusterConfigCache<readonly PolicyHook[]>;

  constructor(
    private readonly registry: Registry,
    logger: Logger,
  ) {
    this.hooks = new ClusterConfigCache(
      registry,
      logger,
      'validating-admission-policy',
      admissionRegistrationGroup,
      ['validatingadmissionpolicies', 'validatingadmissionpolicybindings'],
      (_cluster, [policies, bindings]) => policyHooks(policies ?? [], bindings ?? []),
    );
  }

  /** Opens the watches that keep each cluster's policies current; call once before serving. */
  start(): Promise<void> {
    return this.hooks.start();
  }

  stop(): void {
    this.hooks.stop();
  }

  handles(operation: AdmissionOperation): boolean {
    return operation === 'CREATE' || operation === 'UPDATE' || operation === 'DELETE';
  }

  /**
   * Evaluates the request's cluster's bound policies; never mutates. Throws the StatusError of the first
   * denial (reason Invalid unless the validation names another, NotFound when the namespace is missing);
   * Warn actions become warnings on `ctx`.
   */
  async validate(ctx: RequestContext, request: Readonly<AdmissionRequest>): Promise<void> {
    const cluster = clusterOf(ctx);
    const hooks = await this.hooks.get(cluster);
    if (hooks.length === 0) return;
    const attrs = admissionAttributes(ctx, request, this.registry);
    if (isAdmissionConfiguration(attrs)) return;
    const env = {
      namespaces: clusterNamespaces(this.registry, cluster, ctx.signal),
      paramStore: (kind: ParamKind) => clusterParamStore(this.registry, cluster, ctx.signal, kind),
    };
    const error = await dispatchPolicies(hooks, attrs, env, ctx.warnings);
    if (error !== undefined) throw error;
  }
}
