import type { RequestContext } from '../../machinery/context.js';
import { invalid, isStatusError } from '../../machinery/errors.js';
import { isRecord, type KubeObject } from '../../machinery/object.js';
import type { AdmissionRequest, Registry, ResourceStore } from '../../registry/index.js';
import type { MutatingPlugin } from '../chain.js';

/** An IPv4 CIDR such as 10.96.0.0/12, as the first usable address and the count of usable addresses. */
export interface ServiceRange {
  readonly base: number;
  readonly size: number;
}

export function parseServiceRange(cidr: string): ServiceRange {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  const octets = match?.slice(1, 5).map(Number) ?? [];
  const prefix = Number(match?.[5]);
  if (match === null || octets.some((o) => o > 255) || prefix < 8 || prefix > 30) {
    throw new Error(
      `invalid service cluster IP range "${cidr}": want an IPv4 CIDR with a prefix between /8 and /30`,
    );
  }
  const network = octets.reduce((acc, o) => acc * 256 + o, 0);
  const hostBits = 32 - prefix;
  const start = network - (network % 2 ** hostBits);
  // The network address and the broadcast address are not handed out (upstream does the same).
  return { base: start + 1, size: 2 ** hostBits - 2 };
}

function formatIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function parseIp(text: string): number | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (match === null) return undefined;
  const octets = match.slice(1).map(Number);
  return octets.some((o) => o > 255) ? undefined : octets.reduce((acc, o) => acc * 256 + o, 0);
}

function needsClusterIp(spec: Record<string, unknown>): boolean {
  return spec.type !== 'ExternalName' && spec.clusterIP !== 'None';
}

/**
 * Allocates Service cluster IPs from the service range. Each allocation is an IPAddress object
 * (networking.k8s.io/v1) named by the address, so uniqueness is the store's create-if-absent, even under
 * concurrent creates. Its spec.parentRef names the Service; the IP release controller frees it when the
 * Service goes, or when the Service create failed after allocation (upstream's repair loop).
 */
export function serviceIpAllocator(registry: Registry, range: ServiceRange): MutatingPlugin {
  const addresses = registry.preferred('networking.k8s.io', 'ipaddresses');
  if (addresses === undefined) throw new Error('ipaddresses must be registered for cluster IP allocation');
  return {
    name: 'ServiceClusterIPAllocator',
    handles: (operation) => operation === 'CREATE',
    async admit(ctx: RequestContext, request: AdmissionRequest): Promise<void> {
      const service = request.object;
      if (request.resource.group !== '' || request.resource.plural !== 'services' || service === undefined)
        return;
      if (request.subresource !== '') return;
      const spec = isRecord(service.spec) ? service.spec : {};
      if (!needsClusterIp(spec)) return;
      const requested =
        typeof spec.clusterIP === 'string' && spec.clusterIP !== '' ? spec.clusterIP : undefined;
      const ip =
        requested === undefined
          ? await allocate(addresses, ctx, service, range, request.dryRun)
          : await reserve(addresses, ctx, service, range, requested, request.dryRun);
      service.spec = { ...spec, clusterIP: ip, clusterIPs: [ip] };
    },
  };
}

function ipAddressFor(ip: string, service: KubeObject): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IPAddress',
    metadata: {
      name: ip,
      labels: {
        'ipaddress.kubernetes.io/ip-family': 'IPv4',
        'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io',
      },
    },
    spec: {
      parentRef: {
        group: '',
        resource: 'services',
        namespace: service.metadata.namespace ?? '',
        name: service.metadata.name ?? '',
      },
    },
  };
}

/** Tries create-if-absent from a random offset until one address is free; dry runs only look. */
async function allocate(
  addresses: ResourceStore,
  ctx: RequestContext,
  service: KubeObject,
  range: ServiceRange,
  dryRun: boolean,
): Promise<string> {
  const start = Math.floor(Math.random() * range.size);
  for (let i = 0; i < range.size; i++) {
    const ip = formatIp(range.base + ((start + i) % range.size));
    if (dryRun) {
      if ((await addresses.read(ctx, '', ip)) === undefined) return ip;
      continue;
    }
    try {
      await addresses.create(ctx, '', ipAddressFor(ip, service), { dryRun: false });
      return ip;
    } catch (error) {
      if (!isStatusError(error, 'AlreadyExists')) throw error;
    }
  }
  throw rangeFull(service);
}

async function reserve(
  addresses: ResourceStore,
  ctx: RequestContext,
  service: KubeObject,
  range: ServiceRange,
  ip: string,
  dryRun: boolean,
): Promise<string> {
  const value = parseIp(ip);
  if (value === undefined || value < range.base || value >= range.base + range.size) {
    throw allocationFailed(service, ip, 'the provided IP is not in the valid range');
  }
  if (dryRun) return ip;
  try {
    await addresses.create(ctx, '', ipAddressFor(ip, service), { dryRun: false });
    return ip;
  } catch (error) {
    if (isStatusError(error, 'AlreadyExists'))
      throw allocationFailed(service, ip, 'provided IP is already allocated');
    throw error;
  }
}

/** Upstream: `spec.clusterIPs: Invalid value: []string{"…"}: failed to allocate IP …: <reason>`. */
function allocationFailed(service: KubeObject, ip: string, reason: string) {
  return invalid('', 'Service', service.metadata.name ?? '', [
    {
      type: 'FieldValueInvalid',
      field: 'spec.clusterIPs',
      value: [ip],
      detail: `failed to allocate IP ${ip}: ${reason}`,
    },
  ]);
}

function rangeFull(service: KubeObject) {
  return invalid('', 'Service', service.metadata.name ?? '', [
    {
      type: 'FieldValueInvalid',
      field: 'spec.clusterIPs',
      value: [],
      detail: 'failed to allocate IP: range is full',
    },
  ]);
}
