import type { KubeObject } from '../../machinery/object.js';
import type { TableColumn } from '../../machinery/table.js';
import { recordsAt, stringAt, valueAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

const shownHosts = 3;

/**
 * The first three hosts named by rules; once three are listed, any further rule adds " + N more...", N
 * counted over all rules, hostless ones included; "*" when no rule names a host (upstream formatHosts).
 */
export function ingressHostsCell(ingress: KubeObject): string {
  const rules = recordsAt(ingress, 'spec.rules');
  const hosts: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (hosts.length === shownHosts) more = true;
    const host = stringAt(rule, 'host');
    if (!more && host !== '') hosts.push(host);
  }
  if (hosts.length === 0) return '*';
  const text = hosts.join(',');
  return more ? `${text} + ${rules.length - shownHosts} more...` : text;
}

/** Load-balancer IPs, else hostnames, sorted and de-duplicated, never truncated: servers print wide. */
export function ingressAddressCell(ingress: KubeObject): string {
  const addresses = recordsAt(ingress, 'status.loadBalancer.ingress')
    .map((entry) => stringAt(entry, 'ip') || stringAt(entry, 'hostname'))
    .filter((address) => address !== '');
  return [...new Set(addresses)].sort().join(',');
}

/** Upstream printIngress: Class is "<none>" only when ingressClassName is unset; Ports show 443 with TLS. */
export const ingressColumns: readonly TableColumn[] = [
  nameColumn,
  column('Class', 'Name of the IngressClass that handles the ingress.', (ingress) => {
    const className = valueAt(ingress, 'spec.ingressClassName');
    return typeof className === 'string' ? className : '<none>';
  }),
  column('Hosts', 'Hosts the rules match requests against.', ingressHostsCell),
  column('Address', 'Addresses of the load balancer serving the ingress.', ingressAddressCell),
  column('Ports', 'Ports the ingress opens.', (ingress) => {
    const tls = valueAt(ingress, 'spec.tls');
    return Array.isArray(tls) && tls.length > 0 ? '80, 443' : '80';
  }),
  ageColumn,
];
