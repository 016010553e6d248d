import type { ClusterName, RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { Logger } from '../machinery/logger.js';
import type { KubeObject, OwnerReference } from '../machinery/object.js';
import {
  deleteObject,
  foregroundFinalizer,
  orphanFinalizer,
  type PropagationPolicy,
  type Registry,
  type ResourceStore,
  runInformer,
  clusterOfObject,
} from '../registry/index.js';
import { WorkQueue } from './work-queue.js';

/** Shared by every node without owners or finalizers (most of them): the graph holds one per object. */
const none: readonly never[] = [];

/** One object as the collector tracks it. */
interface Node {
  readonly rs: ResourceStore;
  /** The object's logical cluster, where the collector's writes go. */
  readonly cluster: ClusterName;
  readonly namespace: string;
  readonly name: string;
  uid: string;
  /** `<cluster>/<uid>`: owners are looked up in the dependent's own cluster only. */
  readonly id: string;
  owners: readonly OwnerReference[];
  deleting: boolean;
  finalizers: readonly string[];
}

/**
 * The garbage collector (upstream pkg/controller/garbagecollector): keeps an owner→dependents graph of one
 * cluster from informers on every resource and
 * - deletes a dependent once none of its owners exists (Background propagation),
 * - for an owner deleted in the foreground, deletes its dependents first, then drops `foregroundDeletion`,
 * - for an owner deleted with Orphan, strips the ownerReferences to it, then drops `orphan`.
 * It acts only once every informer has delivered its initial state, so a missing owner is really missing.
 */
export class GarbageCollector {
  private readonly byId = new Map<string, Node>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly informers: { stop(): void }[] = [];
  /** `<group>/<resource>` of every resource watched: versions of one resource share their objects. */
  private readonly watched = new Set<string>();
  private readonly queue: WorkQueue;
  private unsynced: number;

  constructor(
    registry: Registry,
    private readonly contextFor: (cluster: ClusterName) => RequestContext,
    watchAll: RequestContext,
    private readonly logger: Logger,
  ) {
    this.queue = new WorkQueue(
      (id) => this.process(id),
      (id, error) => logger.warn('garbage collection failed; retrying', { object: id, error: String(error) }),
    );
    const stores = registry.resources().filter((rs) => rs.def.verbs.includes('watch'));
    this.unsynced = stores.length;
    for (const rs of stores) this.watchResource(rs, watchAll);
    // Custom resources come and go with CRDs: watch each new kind (all clusters at once) as it appears.
    registry.onCustomResources((custom) => {
      for (const rs of custom) if (!this.watched.has(resourceKey(rs))) this.watchResource(rs, watchAll);
    });
  }

  private watchResource(rs: ResourceStore, watchAll: RequestContext): void {
    this.watched.add(resourceKey(rs));
    // Only the resources watched from the start count towards the first full pass, and each only once.
    let counted = this.unsynced === 0;
    this.informers.push(
      runInformer(rs, watchAll, this.logger, {
        onEvent: (type, obj) => (type === 'DELETED' ? this.forget(obj) : this.observe(rs, obj)),
        onListed: () => {
          if (counted) return;
          counted = true;
          this.unsynced--;
          if (this.unsynced === 0) for (const id of this.byId.keys()) this.queue.add(id);
        },
      }),
    );
  }

  stop(): void {
    for (const informer of this.informers) informer.stop();
    this.queue.stop();
  }

  private observe(rs: ResourceStore, obj: KubeObject): void {
    const cluster = clusterOfObject(obj);
    const uid = obj.metadata.uid ?? '';
    const id = `${cluster}/${uid}`;
    const previous = this.byId.get(id);
    for (const ref of previous?.owners ?? []) this.dependents.get(ownerId({ id }, ref))?.delete(id);
    const node: Node = {
      rs,
      cluster,
      id,
      namespace: obj.metadata.namespace ?? '',
      name: obj.metadata.name ?? '',
      uid,
      owners: obj.metadata.ownerReferences ?? none,
      deleting: obj.metadata.deletionTimestamp !== undefined,
      finalizers: obj.metadata.finalizers ?? none,
    };
    this.byId.set(id, node);
    for (const ref of node.owners) {
      const owner = ownerId(node, ref);
      let set = this.dependents.get(owner);
      if (set === undefined) this.dependents.set(owner, (set = new Set()));
      set.add(id);
    }
    if (this.unsynced === 0) this.queue.add(id);
  }

  private forget(obj: KubeObject): void {
    const id = `${clusterOfObject(obj)}/${obj.metadata.uid ?? ''}`;
    const node = this.byId.get(id);
    this.byId.delete(id);
    for (const ref of node?.owners ?? []) {
      const owner = ownerId({ id }, ref);
      this.dependents.get(owner)?.delete(id);
      if (this.unsynced === 0) this.queue.add(owner); // an owner in foreground deletion may now finish
    }
    if (this.unsynced !== 0) return;
    for (const dependent of this.dependents.get(id) ?? []) this.queue.add(dependent);
  }

  private async process(id: string): Promise<void> {
    const node = this.byId.get(id);
    if (node === undefined) return;
    if (node.deleting && node.finalizers.includes(orphanFinalizer)) return this.orphanDependents(node);
    if (node.deleting && node.finalizers.includes(foregroundFinalizer))
      return this.deleteDependentsFirst(node);
    if (node.owners.length > 0) return this.collectIfOwnerless(node);
  }

  private async collectIfOwnerless(node: Node): Promise<void> {
    const missing = node.owners.filter((ref) => !this.byId.has(ownerId(node, ref)));
    if (missing.length === 0) return;
    if (missing.length < node.owners.length) {
      // Some owners remain: only the dangling references go (upstream removes them by patch).
      const gone = new Set(missing.map((ref) => ref.uid));
      await this.updateNode(node, (obj) => {
        obj.metadata.ownerReferences = (obj.metadata.ownerReferences ?? []).filter(
          (ref) => !gone.has(ref.uid),
        );
      });
      return;
    }
    if (!node.deleting) await this.deleteNode(node, 'Background');
  }

  private async deleteDependentsFirst(owner: Node): Promise<void> {
    const remaining = [...(this.dependents.get(owner.id) ?? [])]
      .map((id) => this.byId.get(id))
      .filter((n): n is Node => n !== undefined);
    if (remaining.length === 0) {
      await this.removeFinalizer(owner, foregroundFinalizer);
      return;
    }
    for (const dependent of remaining) {
      if (!dependent.deleting) await this.deleteNode(dependent, 'Foreground');
    }
  }

  private async orphanDependents(owner: Node): Promise<void> {
    for (const id of [...(this.dependents.get(owner.id) ?? [])]) {
      const dependent = this.byId.get(id);
      if (dependent === undefined) continue;
      await this.updateNode(dependent, (obj) => {
        obj.metadata.ownerReferences = (obj.metadata.ownerReferences ?? []).filter(
          (ref) => ref.uid !== owner.uid,
        );
      });
    }
    await this.removeFinalizer(owner, orphanFinalizer);
  }

  private removeFinalizer(node: Node, finalizer: string): Promise<void> {
    return this.updateNode(node, (obj) => {
      obj.metadata.finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    });
  }

  private async updateNode(node: Node, change: (obj: KubeObject) => void): Promise<void> {
    try {
      await node.rs.guaranteedUpdate(
        this.contextFor(node.cluster),
        node.namespace,
        node.name,
        { dryRun: false },
        '',
        (obj) => {
          if (obj.metadata.uid !== node.uid) return obj;
          change(obj);
          if ((obj.metadata.ownerReferences ?? []).length === 0) delete obj.metadata.ownerReferences;
          return obj;
        },
      );
    } catch (error) {
      if (!isStatusError(error, 'NotFound')) throw error;
    }
  }

  private async deleteNode(node: Node, propagationPolicy: PropagationPolicy): Promise<void> {
    try {
      await deleteObject(node.rs, this.contextFor(node.cluster), node.namespace, node.name, {
        dryRun: false,
        propagationPolicy,
        preconditions: { uid: node.uid },
      });
    } catch (error) {
      if (isStatusError(error, 'NotFound') || isStatusError(error, 'Conflict')) return;
      throw error;
    }
    this.logger.debug('garbage collected', {
      resource: node.rs.def.plural,
      namespace: node.namespace,
      name: node.name,
    });
  }
}

/** The cluster-qualified id of a dependent's owner: owners always live in the dependent's cluster. */
function ownerId(dependent: Pick<Node, 'id'>, ref: OwnerReference): string {
  return `${dependent.id.slice(0, dependent.id.indexOf('/'))}/${ref.uid}`;
}

function resourceKey(rs: ResourceStore): string {
  return `${rs.def.group}/${rs.def.plural}`;
}
