import type { RequestContext } from '../../machinery/context.js';
import { forbidden } from '../../machinery/errors.js';
import type { AdmissionRequest, Registry } from '../../registry/index.js';
import type { ValidatingPlugin } from '../chain.js';

/** Namespaces the cluster cannot run without (upstream NamespaceLifecycle's immortal namespaces). */
export const immortalNamespaces: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public']);

/**
 * Upstream NamespaceLifecycle: no new content in a namespace that is missing or terminating, and the
 * immortal namespaces cannot be deleted.
 */
export function namespaceLifecycle(registry: Registry): ValidatingPlugin {
  const namespaces = registry.preferred('', 'namespaces');
  if (namespaces === undefined) throw new Error('namespaces must be registered before NamespaceLifecycle');
  return {
    name: 'NamespaceLifecycle',
    handles: (operation) => operation === 'CREATE' || operation === 'DELETE',
    async validate(ctx: RequestContext, request: Readonly<AdmissionRequest>): Promise<void> {
      const { resource } = request;
      if (request.operation === 'DELETE') {
        if (
          resource.group === '' &&
          resource.plural === 'namespaces' &&
          immortalNamespaces.has(request.name)
        ) {
          throw forbidden(
            { group: '', resource: 'namespaces' },
            request.name,
            'this namespace may not be deleted',
          );
        }
        return;
      }
      if (!resource.namespaced || request.namespace === '') return;
      // Reading the namespace throws upstream's NotFound for a missing one: `namespaces "x" not found`.
      const namespace = await namespaces.get(ctx, '', request.namespace);
      if (namespace.metadata.deletionTimestamp !== undefined) {
        throw forbidden(
          { group: resource.group, resource: resource.plural },
          request.name,
          `unable to create new content in namespace ${request.namespace} because it is being terminated`,
          [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${request.namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        );
      }
    },
  };
}
