/**
 * The 409 an apply answers when it would change fields other managers own (apimachinery
 * pkg/util/managedfields/internal/conflict.go NewConflictError, api/errors NewApplyConflict).
 */
import { StatusError, type CauseType, type StatusCause } from '../errors.js';
import { parseManagerIdentifier } from './managers.js';
import { pathToString } from './path.js';
import type { Conflict } from './updater.js';

/** metav1.CauseTypeFieldManagerConflict. */
const fieldManagerConflict: CauseType = 'FieldManagerConflict';

/**
 * Upstream printManager: `"name"`, plus ` with subresource "s"` and, for Update entries, ` using <apiVersion>`
 * (the identifier carries no time, so upstream's ` at <time>` never shows).
 */
export function printManager(id: string): string {
  const info = parseManagerIdentifier(id);
  let printed = JSON.stringify(info.manager);
  if (info.subresource !== '') printed += ` with subresource ${JSON.stringify(info.subresource)}`;
  if (info.operation === 'Update') printed += ` using ${info.apiVersion}`;
  return printed;
}

/**
 * Upstream getConflictMessage: `Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas`,
 * or for several: `Apply failed with 2 conflicts: conflicts with "m":\n- .a\n- .b`, managers sorted.
 */
export function conflictMessage(conflicts: readonly Conflict[]): string {
  const [only] = conflicts;
  if (only !== undefined && conflicts.length === 1) {
    return `Apply failed with 1 conflict: conflict with ${printManager(only.manager)}: ${pathToString(only.path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts)
    byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), pathToString(c.path)]);
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${printManager(manager)}:`);
    for (const path of byManager.get(manager) ?? []) lines.push(`- ${path}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** 409 Conflict with one FieldManagerConflict cause per conflicting field. */
export function applyConflictError(conflicts: readonly Conflict[]): StatusError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: fieldManagerConflict,
    message: `conflict with ${printManager(c.manager)}`,
    field: pathToString(c.path),
  }));
  return new StatusError('Conflict', conflictMessage(conflicts), { causes });
}
