/**
 * The built-in schema registry: every type of every built-in kind, declared once (field names, protobuf
 * numbers, list types, patch strategies, merge keys, enums), from which OpenAPI, strategic merge patch,
 * server-side apply, protobuf and validation are derived (DESIGN.md §2).
 *
 * The facts (JSON names, protobuf numbers and types, Go pointer/omitempty/inline shape, list types, patch
 * strategies, merge keys, +enum values) follow Kubernetes 1.35: k8s.io/api, k8s.io/apimachinery and
 * k8s.io/apiextensions-apiserver v0.35.7 (generated.proto and the Go struct tags). Descriptions are ours.
 */
import { admissionregistrationV1Types } from './admissionregistration-v1.js';
import { apiextensionsV1Types } from './apiextensions-v1.js';
import { appsV1Types } from './apps-v1.js';
import { authenticationV1Types } from './authentication-v1.js';
import { authorizationV1Types } from './authorization-v1.js';
import { autoscalingV1Types } from './autoscaling-v1.js';
import { autoscalingV2Types } from './autoscaling-v2.js';
import { batchV1Types } from './batch-v1.js';
import { coordinationV1Types } from './coordination-v1.js';
import { coreV1ConfigTypes } from './core-v1-config.js';
import { coreV1ContainerTypes } from './core-v1-container.js';
import { coreV1NamespaceTypes } from './core-v1-namespace.js';
import { coreV1NodeTypes } from './core-v1-node.js';
import { coreV1PersistentVolumeTypes } from './core-v1-persistent-volume.js';
import { coreV1AffinityTypes } from './core-v1-affinity.js';
import { coreV1PodTypes } from './core-v1-pod.js';
import { coreV1ServiceTypes } from './core-v1-service.js';
import { coreV1VolumeTypes } from './core-v1-volume.js';
import { discoveryV1Types } from './discovery-v1.js';
import { eventsV1Types } from './events-v1.js';
import { flowcontrolV1Types } from './flowcontrol-v1.js';
import { builtinKinds, everyGroupVersionKinds } from './kinds.js';
import { metaV1Types } from './meta-v1.js';
import { networkingV1Types } from './networking-v1.js';
import { nodeV1Types } from './node-v1.js';
import { policyV1Types } from './policy-v1.js';
import { rbacV1Types } from './rbac-v1.js';
import { schedulingV1Types } from './scheduling-v1.js';
import { storageV1Types } from './storage-v1.js';
import type { FieldSchema, KindSchema, TypeName, TypeSchema } from './types.js';

export type { FieldSchema, FieldType, KindSchema, TypeName, TypeSchema } from './types.js';

/** Read-only lookups over the built-in types; the protobuf codec and OpenAPI take one of these. */
export interface SchemaRegistry {
  /** The type declared under an OpenAPI definition name, e.g. `io.k8s.api.core.v1.PodSpec`. */
  typeByName(name: TypeName): TypeSchema | undefined;
  /** The top-level kind served at group/version ('' is the core group), with its list type if it has one. */
  kindSchema(group: string, version: string, kind: string): KindSchema | undefined;
  allTypes(): readonly TypeSchema[];
  allKinds(): readonly KindSchema[];
  /**
   * A type's fields as they appear in JSON: inline (embedded) structs are expanded in place, recursively.
   * Throws if the type is unknown.
   */
  jsonFields(name: TypeName): readonly FieldSchema[];
}

const declared: readonly TypeSchema[] = [
  ...metaV1Types,
  ...coreV1PodTypes,
  ...coreV1AffinityTypes,
  ...coreV1ContainerTypes,
  ...coreV1VolumeTypes,
  ...coreV1ServiceTypes,
  ...coreV1PersistentVolumeTypes,
  ...coreV1NodeTypes,
  ...coreV1NamespaceTypes,
  ...coreV1ConfigTypes,
  ...appsV1Types,
  ...batchV1Types,
  ...rbacV1Types,
  ...networkingV1Types,
  ...storageV1Types,
  ...schedulingV1Types,
  ...nodeV1Types,
  ...policyV1Types,
  ...coordinationV1Types,
  ...eventsV1Types,
  ...discoveryV1Types,
  ...autoscalingV2Types,
  ...autoscalingV1Types,
  ...admissionregistrationV1Types,
  ...flowcontrolV1Types,
  ...apiextensionsV1Types,
  ...authorizationV1Types,
  ...authenticationV1Types,
];

export function createSchemaRegistry(
  types: readonly TypeSchema[],
  kinds: readonly KindSchema[],
): SchemaRegistry {
  const byName = new Map<TypeName, TypeSchema>();
  for (const type of types) {
    if (byName.has(type.name)) throw new Error(`schema type ${type.name} is declared twice`);
    byName.set(type.name, type);
  }
  const byKind = new Map(kinds.map((k) => [`${k.group}/${k.version}/${k.kind}`, k]));
  const flattened = new Map<TypeName, readonly FieldSchema[]>();
  const jsonFields = (name: TypeName): readonly FieldSchema[] => {
    const cached = flattened.get(name);
    if (cached !== undefined) return cached;
    const type = byName.get(name);
    if (type === undefined) throw new Error(`unknown schema type ${name}`);
    const fields = type.fields.flatMap((f) =>
      f.inline === true && f.type.kind === 'ref' ? jsonFields(f.type.type) : [f],
    );
    flattened.set(name, fields);
    return fields;
  };
  return {
    typeByName: (name) => byName.get(name),
    kindSchema: (group, version, kind) =>
      byKind.get(`${group}/${version}/${kind}`) ?? everyGroupVersionKinds.get(kind),
    allTypes: () => types,
    allKinds: () => kinds,
    jsonFields,
  };
}

/** The registry of every built-in type. */
export const schemaRegistry: SchemaRegistry = createSchemaRegistry(declared, builtinKinds);
