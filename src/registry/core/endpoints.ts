import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { numberAt, recordsAt, stringAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

const shownEndpoints = 3;

/** "ip:port", with an IPv6 address in brackets (Go net.JoinHostPort). */
function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * Up to three "ip:port" pairs (bare IPs for a subset without ports), then " + N more..."; "<none>" without
 * subsets (upstream formatEndpoints with every port selected).
 */
export function endpointsCell(endpoints: KubeObject): string {
  const subsets = recordsAt(endpoints, 'subsets');
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let count = 0;
  for (const subset of subsets) {
    const ips = recordsAt(subset, 'addresses').map((address) => stringAt(address, 'ip'));
    const ports = recordsAt(subset, 'ports');
    // A headless service may have addresses without ports.
    const entries =
      ports.length === 0
        ? ips
        : ports.flatMap((port) => ips.map((ip) => joinHostPort(ip, numberAt(port, 'port') ?? 0)));
    count += entries.length;
    shown.push(...entries.slice(0, shownEndpoints - shown.length));
  }
  const text = shown.join(',');
  return count > shownEndpoints ? `${text} + ${count - shownEndpoints} more...` : text;
}

/** Endpoints: no behaviour of their own beyond upstream printEndpoints' columns. */
export const endpointsStrategy: Strategy = {
  columns: [
    nameColumn,
    column('Endpoints', 'Addresses and ports the service routes to.', endpointsCell),
    ageColumn,
  ],
};
