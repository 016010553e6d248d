import { Quantity } from '../machinery/quantity.js';

/**
 * Cell texts shared by several kinds' printers (upstream pkg/printers/internalversion/printers.go), for
 * values whose Go printing is not a plain field read: quantities, int-or-strings, truncated lists.
 */

/**
 * A quantity as upstream Quantity.String() prints it: canonical text ("1000m" → "1"). An absent map entry
 * is Go's zero Quantity, "0"; a value that does not parse is shown as written.
 */
export function quantityText(value: unknown): string {
  if (value === undefined || value === null) return '0';
  return Quantity.tryParse(value)?.toString() ?? String(value);
}

/** A *resource.Quantity field: `absent` when unset (upstream prints "<nil>" or a placeholder of its own). */
export function optionalQuantityText(value: unknown, absent: string): string {
  return value === undefined || value === null ? absent : quantityText(value);
}

/** An intstr.IntOrString as upstream String() prints it: the number in decimal or the string as is. */
export function intOrStringText(value: unknown): string {
  if (typeof value === 'number') return String(Math.trunc(value));
  return typeof value === 'string' ? value : '';
}

/**
 * The first `max` entries comma-joined, then " + N more..." for the rest; "<unset>" when empty (upstream
 * listWithMoreString, used with max 3 by the endpoint-slice printers).
 */
export function listWithMore(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown === '' ? '<unset>' : shown;
}
