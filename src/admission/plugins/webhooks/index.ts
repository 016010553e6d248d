/** Admission webhooks: Mutating/ValidatingWebhookConfiguration called with AdmissionReview over HTTPS. */
export { AdmissionWebhooks, type AdmissionWebhooksOptions } from './plugin.js';
export { noServiceNetwork, type ResolvedEndpoint, type ServiceResolver } from './client.js';
export type { ServiceReference } from './configuration.js';
