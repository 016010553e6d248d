/**
 * The MutatingAdmissionWebhook and ValidatingAdmissionWebhook plugins (upstream k8s.io/apiserver
 * pkg/admission/plugin/webhook): each logical cluster's own webhook configurations, called over HTTPS with
 * AdmissionReview v1. Mutating webhooks run after the built-in mutating plugins; validating webhooks after
 * the built-in validating plugins and ValidatingAdmissionPolicy, before ResourceQuota.
 */
import { clusterOf, type RequestContext } from '../../../machinery/context.js';
import type { Logger } from '../../../machinery/logger.js';
import {
  ClusterConfigCache,
  type AdmissionOperation,
  type AdmissionRequest,
  type Registry,
} from '../../../registry/index.js';
import type { MutatingPlugin, ValidatingPlugin } from '../../chain.js';
import {
  admissionAttributes,
  admissionRegistrationGroup,
  clusterNamespaces,
  isAdmissionConfiguration,
} from '../validating-policy/index.js';
import { noServiceNetwork, type ServiceResolver } from './client.js';
import { webhooksOf, type Webhook } from './configuration.js';
import { dispatchMutating, dispatchValidating, type WebhookEnvironment } from './dispatch.js';

export interface AdmissionWebhooksOptions {
  /** Reaches webhooks configured by `clientConfig.service`; by default they cannot be reached. */
  readonly resolveService?: ServiceResolver;
}

const handledOperations: ReadonlySet<AdmissionOperation> = new Set(['CREATE', 'UPDATE', 'DELETE']);

/**
 * Both webhook plugins over one registry: `mutating` and `validating` go into the admission chain;
 * `start()` opens the watches that keep every cluster's configurations current.
 */
export class AdmissionWebhooks {
  readonly mutating: MutatingPlugin;
  readonly validating: ValidatingPlugin;
  private readonly mutatingHooks: ClusterConfigCache<readonly Webhook[]>;
  private readonly validatingHooks: ClusterConfigCache<readonly Webhook[]>;
  private readonly resolveService: ServiceResolver;

  constructor(
    private readonly registry: Registry,
    private readonly logger: Logger,
    options: AdmissionWebhooksOptions = {},
  ) {
    this.resolveService = options.resolveService ?? noServiceNetwork;
    const cache = (plural: string, component: string): ClusterConfigCache<readonly Webhook[]> =>
      new ClusterConfigCache(
        registry,
        logger,
        component,
        admissionRegistrationGroup,
        [plural],
        (_cluster, lists) => webhooksOf(lists[0] ?? []),
      );
    this.mutatingHooks = cache('mutatingwebhookconfigurations', 'mutating-admission-webhook');
    this.validatingHooks = cache('validatingwebhookconfigurations', 'validating-admission-webhook');
    this.mutating = {
      name: 'MutatingAdmissionWebhook',
      handles: (operation) => handledOperations.has(operation),
      admit: (ctx, request) => this.admit(ctx, request),
    };
    this.validating = {
      name: 'ValidatingAdmissionWebhook',
      handles: (operation) => handledOperations.has(operation),
      validate: (ctx, request) => this.validate(ctx, request),
    };
  }

  async start(): Promise<void> {
    await this.mutatingHooks.start();
    await this.validatingHooks.start();
  }

  stop(): void {
    this.mutatingHooks.stop();
    this.validatingHooks.stop();
  }

  private environment(ctx: RequestContext): WebhookEnvironment {
    const cluster = clusterOf(ctx);
    return {
      cluster,
      namespaces: clusterNamespaces(this.registry, cluster, ctx.signal),
      resolveService: this.resolveService,
      logger: this.logger,
      signal: ctx.signal,
      warnings: ctx.warnings,
    };
  }

  /** May replace the contents of `request.object` with webhooks' patches; throws StatusError to refuse. */
  private async admit(ctx: RequestContext, request: AdmissionRequest): Promise<void> {
    const hooks = await this.mutatingHooks.get(clusterOf(ctx));
    if (hooks.length === 0) return;
    const attrs = admissionAttributes(ctx, request, this.registry);
    if (isAdmissionConfiguration(attrs)) return;
    await dispatchMutating(hooks, attrs, this.environment(ctx));
  }

  /** Never mutates; throws the first refusal (in webhook order) as a StatusError. */
  private async validate(ctx: RequestContext, request: Readonly<AdmissionRequest>): Promise<void> {
    const hooks = await this.validatingHooks.get(clusterOf(ctx));
    if (hooks.length === 0) return;
    const attrs = admissionAttributes(ctx, request, this.registry);
    if (isAdmissionConfiguration(attrs)) return;
    await dispatchValidating(hooks, attrs, this.environment(ctx));
  }
}
