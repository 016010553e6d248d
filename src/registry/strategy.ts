import type { RequestContext } from '../machinery/context.js';
import type { FieldError } from '../machinery/errors.js';
import type { KubeObject } from '../machinery/object.js';
import type { TableColumn } from '../machinery/table.js';

/**
 * Per-kind behaviour, run by the generic store in a fixed order (upstream pkg/registry/rest create.go and
 * update.go): prepare → kind validation → common metadata validation. No HTTP, storage or admission here.
 */
export interface Strategy {
  /** Runs on create after generic metadata is set, before validation; may mutate (defaults). Never rejects. */
  prepareForCreate?(ctx: RequestContext, obj: KubeObject): void;
  /** Runs on create after prepareForCreate; must not mutate. */
  validate?(ctx: RequestContext, obj: KubeObject): FieldError[];
  /** Runs on update of the main resource; may mutate `obj` (e.g. keep fields that are not changeable). */
  prepareForUpdate?(ctx: RequestContext, obj: KubeObject, old: KubeObject): void;
  /** Runs on update after prepareForUpdate; must not mutate. */
  validateUpdate?(ctx: RequestContext, obj: KubeObject, old: KubeObject): FieldError[];
  /** The kind's name rule (upstream ValidateNameFunc); default: DNS-1123 subdomain. Returns messages. */
  validateName?(name: string): string[];
  /**
   * Whether metadata.generation is kept (1 on create, +1 on each spec change). Default: kinds with a
   * status subresource.
   */
  readonly tracksGeneration?: boolean;
  /**
   * Runs on delete before anything is removed; returning true keeps the object, marked with a
   * deletionTimestamp, for a controller to finish (e.g. a namespace turning Terminating). May mutate.
   */
  prepareForDelete?(ctx: RequestContext, obj: KubeObject): boolean;
  /**
   * Paths of fields the kind's schema does not know, for fieldValidation, when the kind is not in the schema
   * registry (custom resources: their structural schema). Must not mutate.
   */
  unknownFields?(obj: KubeObject): string[];
  /** Where the `scale` subresource reads and writes replicas (upstream CRD subresources.scale paths). */
  readonly scale?: ScalePaths;
  /**
   * Runs on every object decoded from storage before it is served or updated (e.g. custom resources
   * defaulted on read); may mutate that copy; never rejects.
   */
  prepareForRead?(obj: KubeObject): void;
  /** Server-side Table columns (`kubectl get`); absent means Name and Created At. */
  readonly columns?: readonly TableColumn[];
  /**
   * Field-selector labels this kind supports beyond metadata.name and metadata.namespace, with the value
   * each reads from an object (upstream's per-kind SelectableFields / field label conversion).
   */
  readonly selectableFields?: Readonly<Record<string, (obj: KubeObject) => string>>;
}

/** JSON paths (`.spec.replicas` form) behind an autoscaling/v1 Scale. */
export interface ScalePaths {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string;
}
