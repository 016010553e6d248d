import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { numberAt, recordsAt, stringAt, valueAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';
import { listWithMore } from '../printer-formats.js';

/** Each port's number, else its name, else "*" (upstream formatDiscoveryPorts). */
function portsCell(slice: KubeObject): string {
  return listWithMore(
    recordsAt(slice, 'ports').map((port) => {
      const number = numberAt(port, 'port');
      if (number !== undefined) return String(number);
      const name = valueAt(port, 'name');
      return typeof name === 'string' ? name : '*';
    }),
  );
}

/** Every address of every endpoint (upstream formatDiscoveryEndpoints). */
function endpointsCell(slice: KubeObject): string {
  return listWithMore(
    recordsAt(slice, 'endpoints').flatMap((endpoint) => {
      const addresses = valueAt(endpoint, 'addresses');
      return Array.isArray(addresses) ? addresses.map(String) : [];
    }),
  );
}

/** EndpointSlices: upstream printEndpointSlice's columns. */
export const endpointSliceStrategy: Strategy = {
  columns: [
    nameColumn,
    column('AddressType', 'IPv4, IPv6 or FQDN.', (slice) => stringAt(slice, 'addressType')),
    column('Ports', 'Ports of the endpoints.', portsCell),
    column('Endpoints', 'Addresses of the endpoints.', endpointsCell),
    ageColumn,
  ],
};
