import type { Strategy } from '../strategy.js';

/**
 * Validation, pruning and defaulting of custom resources against their version's openAPIV3Schema.
 * TODO(#6): structural-schema engine lands next; until then objects are stored as sent.
 */
export function schemaHooks(_schema: Record<string, unknown>): Partial<Strategy> {
  return {};
}
