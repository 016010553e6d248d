import type { ClusterName } from '../machinery/context.js';
import type { Logger } from '../machinery/logger.js';
import type { Registry } from '../registry/index.js';
import { bootstrapCluster } from './bootstrap.js';
import { GarbageCollector } from './garbage-collector.js';
import { runNamespaceController } from './namespace.js';
import { runServiceIpRelease } from './service-ip-release.js';
import { systemContext } from './system-context.js';

export interface ControllerOptions {
  readonly registry: Registry;
  readonly logger: Logger;
  readonly cluster: ClusterName;
  readonly securePort: number;
}

/** Bootstraps a cluster and runs its in-process controllers; `stop` ends them all. */
export async function startControllers(options: ControllerOptions): Promise<{ stop(): void }> {
  const abort = new AbortController();
  const ctx = systemContext(options.cluster, abort.signal, 'controller-manager');
  await bootstrapCluster(options.registry, ctx, options.securePort);
  const namespaces = runNamespaceController(options.registry, ctx, options.logger);
  const collector = new GarbageCollector(options.registry, ctx, options.logger);
  const serviceIps = runServiceIpRelease(options.registry, ctx, options.logger);
  return {
    stop() {
      abort.abort();
      namespaces.stop();
      collector.stop();
      serviceIps.stop();
    },
  };
}
