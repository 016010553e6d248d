import { apiPackage } from './build.js';
import type { FieldType } from './types.js';

/** The API packages the registry declares types in, by their OpenAPI name prefixes. */
export const meta = apiPackage('io.k8s.apimachinery.pkg.apis.meta.v1');
export const runtime = apiPackage('io.k8s.apimachinery.pkg.runtime');
export const resource = apiPackage('io.k8s.apimachinery.pkg.api.resource');
export const intstr = apiPackage('io.k8s.apimachinery.pkg.util.intstr');
export const core = apiPackage('io.k8s.api.core.v1');
export const apps = apiPackage('io.k8s.api.apps.v1');
export const batch = apiPackage('io.k8s.api.batch.v1');
export const rbac = apiPackage('io.k8s.api.rbac.v1');
export const networking = apiPackage('io.k8s.api.networking.v1');
export const storage = apiPackage('io.k8s.api.storage.v1');
export const scheduling = apiPackage('io.k8s.api.scheduling.v1');
export const node = apiPackage('io.k8s.api.node.v1');
export const policy = apiPackage('io.k8s.api.policy.v1');
export const coordination = apiPackage('io.k8s.api.coordination.v1');
export const events = apiPackage('io.k8s.api.events.v1');
export const discovery = apiPackage('io.k8s.api.discovery.v1');
export const autoscaling = apiPackage('io.k8s.api.autoscaling.v2');
export const autoscalingV1 = apiPackage('io.k8s.api.autoscaling.v1');
export const admissionregistration = apiPackage('io.k8s.api.admissionregistration.v1');
export const flowcontrol = apiPackage('io.k8s.api.flowcontrol.v1');
export const authorization = apiPackage('io.k8s.api.authorization.v1');
export const authentication = apiPackage('io.k8s.api.authentication.v1');
export const apiextensions = apiPackage('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1');

/** The special-encoded types most fields refer to. */
export const time: FieldType = meta.ref('Time');
export const microTime: FieldType = meta.ref('MicroTime');
export const quantity: FieldType = resource.ref('Quantity');
export const intOrString: FieldType = intstr.ref('IntOrString');
export const rawExtension: FieldType = runtime.ref('RawExtension');
