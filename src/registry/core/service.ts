import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { isDNS1035Label } from '../../machinery/validation.js';
import { numberAt, recordsAt, stringAt, stringMapAt, valueAt } from '../object-fields.js';
import { prepareServiceForCreate, prepareServiceForUpdate } from './service-defaults.js';
import { validateService, validateServiceUpdate } from './service-validation.js';
import { ageColumn, column, formatLabels, nameColumn, wideColumn } from '../printer-columns.js';

function strings(obj: KubeObject, path: string): string[] {
  const value = valueAt(obj, path);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** "80/TCP" or "80:30080/TCP" per port, comma-joined; "<none>" without ports (upstream makePortString). */
export function servicePortsCell(svc: KubeObject): string {
  const ports = recordsAt(svc, 'spec.ports').map((port) => {
    const nodePort = numberAt(port, 'nodePort') ?? 0;
    const protocol = stringAt(port, 'protocol');
    const number = numberAt(port, 'port') ?? 0;
    return nodePort > 0 ? `${number}:${nodePort}/${protocol}` : `${number}/${protocol}`;
  });
  return ports.length === 0 ? '<none>' : ports.join(',');
}

/** External IPs by service type (upstream getServiceExternalIP, wide form: never truncated). */
export function serviceExternalIPCell(svc: KubeObject): string {
  const externalIPs = strings(svc, 'spec.externalIPs');
  switch (stringAt(svc, 'spec.type')) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = recordsAt(svc, 'status.loadBalancer.ingress').map(
        (entry) => stringAt(entry, 'ip') || stringAt(entry, 'hostname'),
      );
      const addresses = [...new Set(ingress.filter((address) => address !== '')), ...externalIPs];
      return addresses.length > 0 ? addresses.join(',') : '<pending>';
    }
    case 'ExternalName':
      return stringAt(svc, 'spec.externalName');
    default:
      return '<unknown>';
  }
}

/** The primary cluster IP: spec.clusterIPs[0], falling back to the singular field. */
function clusterIP(svc: KubeObject): string {
  return strings(svc, 'spec.clusterIPs')[0] ?? stringAt(svc, 'spec.clusterIP');
}

/**
 * Services: upstream SetDefaults_Service and the strategy's linked-field housekeeping (cluster IP allocation
 * happens in admission), validation with DNS-1035 names, clusterIPs that never change once set; field
 * selectors spec.clusterIP and spec.type; columns from printService.
 */
export const serviceStrategy: Strategy = {
  validateName: isDNS1035Label,
  prepareForCreate(_ctx, svc) {
    prepareServiceForCreate(svc);
  },
  prepareForUpdate(_ctx, svc, old) {
    prepareServiceForUpdate(svc, old);
  },
  validate: (_ctx, svc) => validateService(svc),
  validateUpdate: (_ctx, svc, old) => validateServiceUpdate(svc, old),
  selectableFields: {
    'spec.clusterIP': (svc) => stringAt(svc, 'spec.clusterIP'),
    'spec.type': (svc) => stringAt(svc, 'spec.type'),
  },
  columns: [
    nameColumn,
    column('Type', 'How the service is exposed.', (svc) => stringAt(svc, 'spec.type')),
    column('Cluster-IP', 'Virtual IP inside the cluster.', (svc) => clusterIP(svc) || '<none>'),
    column('External-IP', 'Addresses reachable from outside the cluster.', serviceExternalIPCell),
    column('Port(s)', 'Service ports, with node ports where allocated.', servicePortsCell),
    ageColumn,
    wideColumn('Selector', 'Labels of the pods behind the service.', (svc) =>
      formatLabels(stringMapAt(svc, 'spec.selector')),
    ),
  ],
};
