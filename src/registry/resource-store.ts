import { apiVersionOf, type ResourceDefinition } from '../api/types.js';
import { clusterOf, type RequestContext } from '../machinery/context.js';
import {
  badRequest,
  conflict,
  invalid,
  notFound,
  optimisticLockMessage,
  type FieldError,
  type GroupResource,
} from '../machinery/errors.js';
import { cloneJson, isRecord, type KubeObject } from '../machinery/object.js';
import { StorageError, type KeyValue, type Store } from '../storage/index.js';
import { admitAll, type Admission, type AdmissionOperation } from './admission.js';
import { decodeStored, encodeForStorage } from './codec.js';
import { collectionPrefix, storageKey } from './keys.js';
import {
  dropEmptyMetadata,
  fillCreateMetadata,
  generateName,
  rfc3339,
  specChanged,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './metadata.js';
import type { Strategy } from './strategy.js';
import { schemaRegistry } from '../api/schema/index.js';
import { trackUpdate, type ManagedFieldsOptions } from '../machinery/managed-fields/index.js';
import { interpretStorageError } from './storage-errors.js';

export interface WriteOptions {
  readonly dryRun: boolean;
  /** "" for the main resource, else e.g. "status". */
  readonly subresource?: string;
  /** The manager recorded in managedFields (Update); absent for apply, which records its own. */
  readonly fieldManager?: string;
  /** The subresource managedFields records when it differs from `subresource` (scale writes the main object). */
  readonly managedFieldsSubresource?: string;
}

/** The resourceVersion shared objects carry: the first revision of any store, older than every write. */
const sharedRevision = 1;

/** Upstream's generateName retry count (maxNameGenerationCreateAttempts). */
const maxNameGenerationAttempts = 8;
/** Bound on read-modify-write retries when the caller did not pin a resourceVersion. */
const maxUpdateAttempts = 16;

export interface StoreDeps {
  readonly store: Store;
  readonly admission: Admission;
  readonly now: () => Date;
}

/**
 * The generic REST store behind every resource: one implementation of create, get, update and the
 * read-modify-write loop, running the kind's strategy and admission in upstream's fixed order.
 * List, watch and delete live beside it (list-watch.ts, deletion.ts) on the same accessors.
 */
export class ResourceStore {
  readonly gr: GroupResource;
  readonly tracksGeneration: boolean;
  /** Objects every logical cluster sees without storing them (one copy), by name. */
  private readonly shared = new Map<string, KeyValue>();

  constructor(
    readonly def: ResourceDefinition,
    readonly strategy: Strategy,
    readonly deps: StoreDeps,
  ) {
    this.gr = { group: def.group, resource: def.plural };
    this.tracksGeneration = strategy.tracksGeneration ?? def.subresources.some((s) => s.name === 'status');
  }

  hasSubresource(name: string): boolean {
    return this.def.subresources.some((s) => s.name === name);
  }

  /** How writes to this resource (or a subresource) are tracked in managedFields. */
  managedFieldsOptions(subresource: string): ManagedFieldsOptions {
    const typeName =
      this.def.custom === true
        ? undefined
        : schemaRegistry.kindSchema(this.def.group, this.def.version, this.def.kind)?.type;
    const resetFields =
      subresource === ''
        ? this.hasSubresource('status')
          ? [['status']]
          : []
        : subresource === 'status'
          ? [['spec']]
          : [];
    return {
      now: this.now(),
      apiVersion: apiVersionOf(this.def),
      kind: this.def.kind,
      ...(typeName === undefined ? {} : { typeName }),
      subresource,
      resetFields,
    };
  }

  key(ctx: RequestContext, namespace: string, name: string): string {
    return storageKey(clusterOf(ctx), this.def, this.def.namespaced ? namespace : '', name);
  }

  prefix(ctx: RequestContext, namespace: string): string {
    return collectionPrefix(ctx.cluster, this.def, this.def.namespaced ? namespace : '');
  }

  /** Reads one object; `resourceVersion` "" or "0" means the latest. */
  async get(ctx: RequestContext, namespace: string, name: string, resourceVersion = ''): Promise<KubeObject> {
    const kv = await this.read(ctx, namespace, name, resourceVersion);
    if (kv === undefined) throw notFound(this.gr, name);
    return this.present(decodeStored(kv));
  }

  async read(
    ctx: RequestContext,
    namespace: string,
    name: string,
    resourceVersion = '',
  ): Promise<KeyValue | undefined> {
    const revision = resourceVersion === '' || resourceVersion === '0' ? undefined : Number(resourceVersion);
    if (revision !== undefined && !Number.isSafeInteger(revision)) {
      throw badRequest(`invalid resource version "${resourceVersion}"`);
    }
    try {
      const stored = await this.deps.store.get(
        this.key(ctx, namespace, name),
        revision === undefined ? {} : { revision },
      );
      return stored ?? (revision === undefined ? this.sharedCopy(ctx, name) : undefined);
    } catch (error) {
      throw interpretStorageError(error, this.gr, name);
    }
  }

  /**
   * Installs the objects every logical cluster sees without storing them (e.g. bootstrap ClusterRoles).
   * A cluster that writes one gets its own stored copy from then on; the shared one cannot be deleted.
   */
  share(objects: readonly KubeObject[]): void {
    for (const obj of objects) {
      const name = obj.metadata.name ?? '';
      this.shared.set(name, {
        key: name,
        value: encodeForStorage(obj),
        revision: sharedRevision,
        createRevision: sharedRevision,
      });
    }
  }

  /** The shared object of that name as this cluster's key would hold it, if any. */
  private sharedCopy(ctx: RequestContext, name: string): KeyValue | undefined {
    const shared = this.shared.get(name);
    return shared === undefined ? undefined : { ...shared, key: this.key(ctx, '', name) };
  }

  /** Shared objects under a list's key range that the cluster has not stored a copy of. */
  sharedIn(ctx: RequestContext): KeyValue[] {
    if (this.shared.size === 0 || ctx.cluster.kind !== 'one') return [];
    return [...this.shared.keys()].sort().flatMap((name) => this.sharedCopy(ctx, name) ?? []);
  }

  isSharedOnly(kv: KeyValue): boolean {
    return (
      kv.revision === sharedRevision &&
      this.shared.get(kv.key.slice(kv.key.lastIndexOf('/') + 1))?.value === kv.value
    );
  }

  /** Sets apiVersion and kind as served; stored objects may predate a version change. */
  present(obj: KubeObject): KubeObject {
    this.strategy.prepareForRead?.(obj);
    obj.apiVersion = apiVersionOf(this.def);
    obj.kind = this.def.kind;
    return obj;
  }

  create(
    ctx: RequestContext,
    namespace: string,
    input: KubeObject,
    options: WriteOptions,
  ): Promise<KubeObject> {
    return this.createObject(ctx, namespace, input, options, this.deps.admission);
  }

  /**
   * Creates an object the server provides in a logical cluster it is bootstrapping, before anything there
   * could admit or refuse it (no policies, webhooks, quotas or limits exist yet): defaulting and validation
   * apply, admission does not. Callers create whatever admission would have added (e.g. IPAddresses).
   */
  createBootstrapObject(ctx: RequestContext, namespace: string, input: KubeObject): Promise<KubeObject> {
    return this.createObject(ctx, namespace, input, { dryRun: false }, admitAll);
  }

  private async createObject(
    ctx: RequestContext,
    namespace: string,
    input: KubeObject,
    options: WriteOptions,
    admission: Admission,
  ): Promise<KubeObject> {
    const obj = cloneJson(input);
    this.checkBodyIdentity(obj, namespace, undefined);
    if (obj.metadata.resourceVersion !== undefined && obj.metadata.resourceVersion !== '') {
      throw badRequest('resourceVersion should not be set on objects to be created');
    }
    const wantsGeneratedName = (obj.metadata.name ?? '') === '' && (obj.metadata.generateName ?? '') !== '';
    for (let attempt = 1; ; attempt++) {
      if (wantsGeneratedName) obj.metadata.name = generateName(obj.metadata.generateName ?? '');
      const prepared = await this.prepareCreate(ctx, namespace, cloneJson(obj), options, admission);
      if (options.dryRun) return this.present(prepared);
      try {
        const kv = await this.deps.store.create(
          this.key(ctx, namespace, prepared.metadata.name ?? ''),
          encodeForStorage(prepared),
        );
        return this.present(decodeStored(kv));
      } catch (error) {
        const retry = wantsGeneratedName && error instanceof StorageError && error.code === 'KeyExists';
        if (!retry || attempt >= maxNameGenerationAttempts) {
          throw interpretStorageError(error, this.gr, prepared.metadata.name ?? '');
        }
      }
    }
  }

  private async prepareCreate(
    ctx: RequestContext,
    namespace: string,
    obj: KubeObject,
    options: WriteOptions,
    admission: Admission,
  ): Promise<KubeObject> {
    obj.apiVersion = apiVersionOf(this.def);
    obj.kind = this.def.kind;
    if (this.def.namespaced) obj.metadata.namespace = namespace;
    fillCreateMetadata(obj.metadata, this.deps.now(), this.tracksGeneration);
    dropEmptyMetadata(obj.metadata);
    this.strategy.prepareForCreate?.(ctx, obj);
    if (options.fieldManager !== undefined) {
      obj = trackUpdate(undefined, obj, options.fieldManager, this.managedFieldsOptions(''));
    }
    await admission.admit(ctx, this.admissionRequest('CREATE', namespace, obj, undefined, options));
    const errors = [
      ...(this.strategy.validate?.(ctx, obj) ?? []),
      ...validateObjectMeta(obj.metadata, this.def.namespaced, this.strategy.validateName),
    ];
    this.throwIfInvalid(obj, errors);
    await admission.validate(ctx, this.admissionRequest('CREATE', namespace, obj, undefined, options));
    return obj;
  }

  /**
   * PUT: replaces the object. A resourceVersion in the body is a precondition; without one the update is
   * unconditional (upstream AllowUnconditionalUpdate).
   */
  async update(
    ctx: RequestContext,
    namespace: string,
    name: string,
    input: KubeObject,
    options: WriteOptions,
  ): Promise<KubeObject> {
    this.checkBodyIdentity(input, namespace, name);
    const precondition = input.metadata.resourceVersion ?? '';
    return this.guaranteedUpdate(ctx, namespace, name, options, precondition, () => cloneJson(input));
  }

  /**
   * Read-modify-write under optimistic concurrency: `change` gets the current object and returns the
   * desired one. Retries on a lost race unless the caller pinned a resourceVersion (then Conflict).
   */
  async guaranteedUpdate(
    ctx: RequestContext,
    namespace: string,
    name: string,
    options: WriteOptions,
    precondition: string,
    change: (current: KubeObject) => KubeObject | Promise<KubeObject>,
  ): Promise<KubeObject> {
    for (let attempt = 1; ; attempt++) {
      const kv = await this.read(ctx, namespace, name);
      if (kv === undefined) throw notFound(this.gr, name);
      const current = this.present(decodeStored(kv));
      const pinned = precondition !== '';
      if (pinned && precondition !== current.metadata.resourceVersion) {
        throw conflict(this.gr, name, optimisticLockMessage);
      }
      const desired = await change(cloneJson(current));
      const next = await this.prepareUpdate(ctx, namespace, desired, current, options);
      // An update that changes nothing is not written, so resourceVersion stays (upstream GuaranteedUpdate).
      if (encodeForStorage(next) === encodeForStorage(current)) return current;
      if (options.dryRun) {
        // A dry run answers what would be stored, at the revision it would replace (upstream).
        next.metadata.resourceVersion = current.metadata.resourceVersion;
        return this.present(next);
      }
      try {
        return await this.commitUpdate(ctx, namespace, name, next, kv);
      } catch (error) {
        const lostRace = error instanceof StorageError && error.code === 'Conflict';
        if (!lostRace || pinned || attempt >= maxUpdateAttempts)
          throw interpretStorageError(error, this.gr, name);
      }
    }
  }

  /** Writes an update, or deletes the object when it was being deleted and its last finalizer just went. */
  private async commitUpdate(
    ctx: RequestContext,
    namespace: string,
    name: string,
    next: KubeObject,
    current: KeyValue,
  ): Promise<KubeObject> {
    const key = this.key(ctx, namespace, name);
    // Writing a shared object gives the cluster its own copy.
    if (this.isSharedOnly(current))
      return this.present(decodeStored(await this.deps.store.create(key, encodeForStorage(next))));
    const revision = current.revision;
    // Asking the strategy whether a delete would still keep it (e.g. a namespace's spec.finalizers).
    const finished =
      next.metadata.deletionTimestamp !== undefined &&
      (next.metadata.finalizers ?? []).length === 0 &&
      !(this.strategy.prepareForDelete?.(ctx, cloneJson(next)) ?? false);
    if (finished) {
      const kv = await this.deps.store.delete(key, revision);
      const gone = decodeStored(kv);
      return this.present(gone);
    }
    const kv = await this.deps.store.update(key, encodeForStorage(next), revision);
    return this.present(decodeStored(kv));
  }

  private async prepareUpdate(
    ctx: RequestContext,
    namespace: string,
    desired: KubeObject,
    current: KubeObject,
    options: WriteOptions,
  ): Promise<KubeObject> {
    const subresource = options.subresource ?? '';
    let next =
      subresource === 'status'
        ? statusOnly(desired, current)
        : subresource === 'finalize'
          ? finalizersOnly(desired, current)
          : desired;
    next.apiVersion = apiVersionOf(this.def);
    next.kind = this.def.kind;
    keepSystemMetadata(next, current);
    const requestedManagedFields = next.metadata.managedFields;
    dropEmptyMetadata(next.metadata);
    if (subresource === '' && this.hasSubresource('status')) {
      if (current.status === undefined) delete next.status;
      else next.status = current.status;
    }
    if (subresource === '') this.strategy.prepareForUpdate?.(ctx, next, current);
    if (options.fieldManager !== undefined) {
      if (requestedManagedFields !== undefined) next.metadata.managedFields = requestedManagedFields;
      next = trackUpdate(
        current,
        next,
        options.fieldManager,
        this.managedFieldsOptions(options.managedFieldsSubresource ?? subresource),
      );
    }
    if (this.tracksGeneration) {
      next.metadata.generation = (current.metadata.generation ?? 1) + (specChanged(next, current) ? 1 : 0);
    }
    await this.admit(ctx, 'UPDATE', namespace, next, current, options);
    const errors = [
      ...(subresource === '' ? (this.strategy.validateUpdate?.(ctx, next, current) ?? []) : []),
      ...validateObjectMeta(next.metadata, this.def.namespaced, this.strategy.validateName),
      ...validateObjectMetaUpdate(next.metadata, current.metadata),
    ];
    this.throwIfInvalid(next, errors);
    await this.deps.admission.validate(
      ctx,
      this.admissionRequest('UPDATE', namespace, next, current, options),
    );
    return next;
  }

  private async admit(
    ctx: RequestContext,
    operation: AdmissionOperation,
    namespace: string,
    obj: KubeObject,
    old: KubeObject | undefined,
    options: WriteOptions,
  ): Promise<void> {
    await this.deps.admission.admit(ctx, this.admissionRequest(operation, namespace, obj, old, options));
  }

  admissionRequest(
    operation: AdmissionOperation,
    namespace: string,
    obj: KubeObject | undefined,
    old: KubeObject | undefined,
    options: WriteOptions,
  ) {
    return {
      operation,
      resource: this.def,
      subresource: options.subresource ?? '',
      namespace: this.def.namespaced ? namespace : '',
      name: obj?.metadata.name ?? old?.metadata.name ?? '',
      ...(obj === undefined ? {} : { object: obj }),
      ...(old === undefined ? {} : { oldObject: old }),
      dryRun: options.dryRun,
    };
  }

  private throwIfInvalid(obj: KubeObject, errors: FieldError[]): void {
    if (errors.length > 0) throw invalid(this.def.group, this.def.kind, obj.metadata.name ?? '', errors);
  }

  /** The body must name the same object as the URL (upstream rest.BeforeCreate/BeforeUpdate checks). */
  private checkBodyIdentity(obj: KubeObject, namespace: string, name: string | undefined): void {
    if (!isRecord(obj.metadata)) throw badRequest('Object has no metadata');
    const bodyNamespace = obj.metadata.namespace ?? '';
    if (this.def.namespaced && bodyNamespace !== '' && bodyNamespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    if (name !== undefined && (obj.metadata.name ?? '') !== name) {
      throw badRequest(
        `the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${name})`,
      );
    }
  }

  now(): string {
    return rfc3339(this.deps.now());
  }
}

/** Fields only the server sets survive any update (upstream FillObjectMetaSystemFields on update). */
function keepSystemMetadata(next: KubeObject, current: KubeObject): void {
  const meta = next.metadata;
  const old = current.metadata;
  meta.uid ??= old.uid;
  meta.creationTimestamp ??= old.creationTimestamp;
  if (meta.uid !== old.uid) return; // reported by validateObjectMetaUpdate
  if (old.deletionTimestamp === undefined) delete meta.deletionTimestamp;
  else meta.deletionTimestamp = old.deletionTimestamp;
  if (old.deletionGracePeriodSeconds === undefined) delete meta.deletionGracePeriodSeconds;
  else meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  if (old.generation !== undefined) meta.generation = old.generation;
  delete meta.resourceVersion;
  if (meta.namespace === undefined && old.namespace !== undefined) meta.namespace = old.namespace;
}

/** A status write changes only status (upstream PrepareForUpdate of *StatusStrategy + ResetObjectMetaForStatus). */
function statusOnly(desired: KubeObject, current: KubeObject): KubeObject {
  const next = cloneJson(current);
  if (desired.status === undefined) delete next.status;
  else next.status = desired.status;
  if (desired.metadata.managedFields !== undefined)
    next.metadata.managedFields = desired.metadata.managedFields;
  return next;
}

/** A namespace's /finalize write changes only spec.finalizers (upstream namespace finalizeStrategy). */
function finalizersOnly(desired: KubeObject, current: KubeObject): KubeObject {
  const next = cloneJson(current);
  const desiredSpec = isRecord(desired.spec) ? desired.spec : {};
  next.spec = { ...(isRecord(current.spec) ? current.spec : {}), finalizers: desiredSpec.finalizers ?? [] };
  return next;
}
