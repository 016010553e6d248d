import { aggregateClusterRoles, decodeClusterRole } from '../auth/index.js';
import { parseClusterName, type ClusterName, type RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { Logger } from '../machinery/logger.js';
import {
  clusterOfObject,
  listObjects,
  parseListQuery,
  type Registry,
  runInformer,
} from '../registry/index.js';
import { WorkQueue } from './work-queue.js';

/**
 * Upstream's clusterrole-aggregation controller, per logical cluster: keeps the `rules` of every ClusterRole
 * with an aggregationRule equal to the union of the ClusterRoles its selectors match. A cluster that only
 * has the shared bootstrap roles needs no write; once it adds, say, an `aggregate-to-view` role, it gets its
 * own copy of `view` (and `edit`, `admin`) with the extra rules.
 */
export function runClusterRoleAggregation(
  registry: Registry,
  contextFor: (cluster: ClusterName) => RequestContext,
  watchAll: RequestContext,
  logger: Logger,
): { stop(): void } {
  const roles = registry.preferred('rbac.authorization.k8s.io', 'clusterroles');
  if (roles === undefined) throw new Error('clusterroles are not registered');
  const queue: WorkQueue = new WorkQueue(
    async (cluster) => {
      const name = parseClusterName(cluster);
      if (name === undefined) return;
      const ctx = contextFor(name);
      const all = (await listObjects(roles, ctx, '', parseListQuery(new URLSearchParams(), 'list'))).items;
      const decoded = all.flatMap((obj) => {
        const role = decodeClusterRole(obj);
        return role.ok ? [role.value] : [];
      });
      for (const [role, rules] of aggregateClusterRoles(decoded).updates) {
        try {
          await roles.guaranteedUpdate(ctx, '', role, { dryRun: false }, '', (current) => {
            current.rules = rules;
            return current;
          });
        } catch (error) {
          if (!isStatusError(error, 'NotFound')) throw error;
        }
      }
    },
    (cluster, error) =>
      logger.warn('ClusterRole aggregation failed; retrying', { cluster, error: String(error) }),
  );
  const informer = runInformer(roles, watchAll, logger, {
    onEvent: (_type, obj) => queue.add(clusterOfObject(obj)),
  });
  return {
    stop() {
      informer.stop();
      queue.stop();
    },
  };
}
