import type { RequestContext } from '../machinery/context.js';
import type { Admission, AdmissionOperation, AdmissionRequest } from '../registry/index.js';

/** A plugin that may change the object being written (upstream admission.MutationInterface). */
export interface MutatingPlugin {
  readonly name: string;
  handles(operation: AdmissionOperation): boolean;
  /** Runs after the kind's defaulting; may mutate `request.object`; throws StatusError to refuse. */
  admit(ctx: RequestContext, request: AdmissionRequest): Promise<void>;
}

/** A plugin that only judges (upstream admission.ValidationInterface). */
export interface ValidatingPlugin {
  readonly name: string;
  handles(operation: AdmissionOperation): boolean;
  /** Runs after the kind's validation; must not mutate; throws StatusError to refuse. */
  validate(ctx: RequestContext, request: Readonly<AdmissionRequest>): Promise<void>;
}

/** All mutating plugins in order, then all validating ones; the first refusal stops the chain. */
export class AdmissionChain implements Admission {
  constructor(
    private readonly mutating: readonly MutatingPlugin[],
    private readonly validating: readonly ValidatingPlugin[],
  ) {}

  async admit(ctx: RequestContext, request: AdmissionRequest): Promise<void> {
    for (const plugin of this.mutating) {
      if (plugin.handles(request.operation)) await plugin.admit(ctx, request);
    }
  }

  async validate(ctx: RequestContext, request: AdmissionRequest): Promise<void> {
    for (const plugin of this.validating) {
      if (plugin.handles(request.operation)) await plugin.validate(ctx, request);
    }
  }
}
