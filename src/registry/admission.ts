import type { ResourceDefinition } from '../api/types.js';
import type { RequestContext } from '../machinery/context.js';
import type { KubeObject } from '../machinery/object.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

/** What admission sees of one write (upstream admission.Attributes). */
export interface AdmissionRequest {
  readonly operation: AdmissionOperation;
  readonly resource: ResourceDefinition;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  /** The object being written; mutating plugins may change it in place. Absent on DELETE. */
  readonly object?: KubeObject;
  readonly oldObject?: KubeObject;
  readonly dryRun: boolean;
}

/**
 * The hook points the generic store calls during a write: `admit` after the kind's defaulting (may mutate
 * `request.object`), `validate` after the kind's validation (must not mutate). Both throw StatusError to refuse.
 */
export interface Admission {
  admit(ctx: RequestContext, request: AdmissionRequest): Promise<void>;
  validate(ctx: RequestContext, request: AdmissionRequest): Promise<void>;
}

export const admitAll: Admission = {
  admit: () => Promise.resolve(),
  validate: () => Promise.resolve(),
};
