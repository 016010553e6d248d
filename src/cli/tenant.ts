import { isRecord } from '../machinery/object.js';
import { callApi, describeFailure, loadConnection, type Connection } from './api-client.js';
import { parseFlags } from './flags.js';

const tenantsPath = '/apis/tenancy.kubetenant.io/v1alpha1/tenants';

/** Where the CLI finds credentials: --kubeconfig, else $KUBECONFIG, else the local server's admin kubeconfig. */
function kubeconfigPath(flag: string): string {
  if (flag !== '') return flag;
  return process.env.KUBECONFIG?.split(':')[0] ?? './.kubetenant/admin.kubeconfig';
}

/** Splits repeated `--name value` flags (e.g. --owner a --owner b), which parseFlags keeps once. */
function repeated(args: readonly string[], name: string): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === `--${name}`) values.push(args[++i] ?? '');
    else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
    else rest.push(arg);
  }
  return { values, rest };
}

async function connect(flag: string): Promise<Connection> {
  return loadConnection(kubeconfigPath(flag));
}

function fail(message: string): never {
  throw new Error(message);
}

/** An owner given as `alice`, `user:alice`, `group:devs` or `serviceaccount:ns:name`. */
function parseOwner(text: string): Record<string, string> {
  const [kind = '', ...rest] = text.split(':');
  switch (kind.toLowerCase()) {
    case 'user':
      return { kind: 'User', name: rest.join(':') };
    case 'group':
      return { kind: 'Group', name: rest.join(':') };
    case 'serviceaccount':
      return { kind: 'ServiceAccount', namespace: rest[0] ?? '', name: rest.slice(1).join(':') };
    default:
      return { kind: 'User', name: text };
  }
}

/** `kubetenant tenant create|list|delete`. */
export async function tenantCommand(args: readonly string[]): Promise<number> {
  const [verb, ...rest] = args;
  const owners = repeated(rest, 'owner');
  const { flags, positional } = parseFlags(owners.rest, {
    kubeconfig: '',
    'control-plane': 'Dedicated',
    'max-objects': '',
  });
  const connection = await connect(flags.kubeconfig);
  switch (verb) {
    case 'create': {
      const name = positional[0] ?? fail('usage: kubetenant tenant create NAME --owner USER');
      const limits =
        flags['max-objects'] === '' ? {} : { limits: { maxObjects: Number(flags['max-objects']) } };
      const response = await callApi(connection, 'POST', tenantsPath, {
        apiVersion: 'tenancy.kubetenant.io/v1alpha1',
        kind: 'Tenant',
        metadata: { name },
        spec: {
          owners: owners.values.map(parseOwner),
          controlPlane: { type: flags['control-plane'], ...limits },
        },
      });
      if (response.status !== 201) fail(describeFailure(response));
      process.stdout.write(`tenant/${name} created\n`);
      return 0;
    }
    case 'list': {
      const response = await callApi(connection, 'GET', tenantsPath);
      if (response.status !== 200) fail(describeFailure(response));
      process.stdout.write(renderTenants(response.body));
      return 0;
    }
    case 'delete': {
      const name = positional[0] ?? fail('usage: kubetenant tenant delete NAME');
      const response = await callApi(connection, 'DELETE', `${tenantsPath}/${encodeURIComponent(name)}`);
      if (response.status !== 200 && response.status !== 202) fail(describeFailure(response));
      process.stdout.write(`tenant/${name} deleted\n`);
      return 0;
    }
    default:
      return fail('usage: kubetenant tenant create|list|delete ...');
  }
}

function renderTenants(body: unknown): string {
  const items = isRecord(body) && Array.isArray(body.items) ? body.items.filter(isRecord) : [];
  const rows = items.map((t) => {
    const meta = isRecord(t.metadata) ? t.metadata : {};
    const status = isRecord(t.status) ? t.status : {};
    const cluster = isRecord(status.cluster) ? status.cluster : {};
    const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isRecord) : [];
    const ready = conditions.find((c) => c.type === 'Ready');
    return [String(meta.name ?? ''), String(ready?.status ?? 'Unknown'), String(cluster.path ?? '<none>')];
  });
  const table = [['NAME', 'READY', 'PATH'], ...rows];
  const widths = table[0]?.map((_, col) => Math.max(...table.map((row) => (row[col] ?? '').length))) ?? [];
  return (
    table
      .map((row) =>
        row
          .map((cell, col) => cell.padEnd((widths[col] ?? 0) + 3))
          .join('')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** `kubetenant kubeconfig --tenant NAME --user USER [--group G]…`: prints a kubeconfig for the tenant's cluster. */
export async function kubeconfigCommand(args: readonly string[]): Promise<number> {
  const groups = repeated(args, 'group');
  const { flags } = parseFlags(groups.rest, { kubeconfig: '', tenant: '', user: '' });
  if (flags.tenant === '' || flags.user === '')
    fail('usage: kubetenant kubeconfig --tenant NAME --user USER [--group G]...');
  const connection = await connect(flags.kubeconfig);
  const response = await callApi(
    connection,
    'POST',
    `${tenantsPath}/${encodeURIComponent(flags.tenant)}/kubeconfig`,
    {
      apiVersion: 'tenancy.kubetenant.io/v1alpha1',
      kind: 'TenantKubeconfig',
      spec: { user: flags.user, groups: groups.values },
    },
  );
  if (response.status !== 201) fail(describeFailure(response));
  const status = isRecord(response.body) && isRecord(response.body.status) ? response.body.status : {};
  if (typeof status.kubeconfig !== 'string') fail('the server answered without a kubeconfig');
  process.stdout.write(status.kubeconfig.endsWith('\n') ? status.kubeconfig : `${status.kubeconfig}\n`);
  return 0;
}
