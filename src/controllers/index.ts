import type { ClusterName, RequestContext } from '../machinery/context.js';
import type { Logger } from '../machinery/logger.js';
import {
  type ClusterUsageTracker,
  type Registry,
  clusterContext,
  wildcardContext,
} from '../registry/index.js';
import { bootstrapCluster } from './bootstrap.js';
import { GarbageCollector } from './garbage-collector.js';
import { runClusterRoleAggregation } from './clusterrole-aggregation.js';
import { runCrdController } from './crd.js';
import { runNamespaceController } from './namespace.js';
import { runServiceAccountsController } from './service-accounts.js';
import { runResourceQuotaController, type QuotaStatusSource } from './resource-quota.js';
import { runServiceIpRelease } from './service-ip-release.js';
import { runTenancyController } from './tenancy.js';

export interface ControllerOptions {
  readonly registry: Registry;
  readonly logger: Logger;
  /** The cluster bootstrapped at start (root); other clusters are bootstrapped by the tenancy controller. */
  readonly cluster: ClusterName;
  readonly securePort: number;
  /** The cluster CA, published in every namespace as ConfigMap kube-root-ca.crt. */
  readonly caPem: string;
  /** Quota usage admission has charged but not yet seen stored. */
  readonly quotaStatus: QuotaStatusSource;
  /** What each logical cluster stores, for Tenant status. */
  readonly clusterUsage: ClusterUsageTracker;
}

/**
 * Bootstraps the root cluster and runs the in-process controllers. Each controller watches its resources
 * across every logical cluster at once (one watch per resource, not per cluster) and writes inside the
 * cluster an object came from. `stop` ends them all.
 */
export async function startControllers(options: ControllerOptions): Promise<{ stop(): void }> {
  const abort = new AbortController();
  const component = 'controller-manager';
  // A fresh context per use: one kept per cluster would outlive deleted clusters and gather warnings forever.
  const contextFor = (cluster: ClusterName): RequestContext =>
    clusterContext(cluster, abort.signal, component);
  const watchAll = wildcardContext(abort.signal, component);
  const { registry, logger } = options;
  await bootstrapCluster(registry, contextFor(options.cluster), options.securePort, options.caPem);
  const running = [
    runClusterRoleAggregation(registry, contextFor, watchAll, logger),
    runCrdController(registry, contextFor, watchAll, logger),
    runNamespaceController(registry, contextFor, watchAll, logger),
    new GarbageCollector(registry, contextFor, watchAll, logger),
    runServiceIpRelease(registry, contextFor, watchAll, logger),
    runResourceQuotaController(registry, contextFor, watchAll, logger, options.quotaStatus),
    runTenancyController({
      registry,
      contextFor,
      logger,
      securePort: options.securePort,
      caPem: options.caPem,
      clusterUsage: options.clusterUsage,
    }),
    runServiceAccountsController({ registry, contextFor, watchAll, logger, caPem: options.caPem }),
  ];
  return {
    stop() {
      abort.abort();
      for (const controller of running) controller.stop();
    },
  };
}
