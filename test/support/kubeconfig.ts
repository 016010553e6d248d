import { readFile, writeFile } from 'node:fs/promises';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

/** The parts of a kubeconfig tests look at: its current context's cluster server and user. */
export interface KubeconfigSummary {
  readonly currentContext: string;
  readonly server: string;
  readonly user: string;
  readonly hasClientCertificate: boolean;
}

type Json = Record<string, unknown>;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entries(config: Json, list: string): Json[] {
  const value = config[list];
  if (!Array.isArray(value)) throw new Error(`kubeconfig has no ${list} list`);
  return value.filter(isJson);
}

/** The `field` record of the entry called `name` in `list` (e.g. the `cluster` of clusters[name=acme]). */
function named(config: Json, list: string, name: unknown, field: string): Json {
  const entry = entries(config, list).find((e) => e.name === name);
  const value = entry?.[field];
  if (!isJson(value)) throw new Error(`kubeconfig has no ${list} entry named ${String(name)}`);
  return value;
}

function parseKubeconfig(text: string): Json {
  const config: unknown = parseYaml(text);
  if (!isJson(config)) throw new Error('kubeconfig is not a YAML mapping');
  return config;
}

function currentContext(config: Json): Json {
  return named(config, 'contexts', config['current-context'], 'context');
}

/** Reads what a kubeconfig's current context points at. */
export function summarizeKubeconfig(text: string): KubeconfigSummary {
  const config = parseKubeconfig(text);
  const context = currentContext(config);
  const cluster = named(config, 'clusters', context.cluster, 'cluster');
  const user = named(config, 'users', context.user, 'user');
  return {
    currentContext: String(config['current-context']),
    server: String(cluster.server),
    user: String(context.user),
    hasClientCertificate:
      typeof user['client-certificate-data'] === 'string' && typeof user['client-key-data'] === 'string',
  };
}

/**
 * Copies the kubeconfig at `source` to `destination` with its current cluster's server URL replaced by
 * the same origin plus `path` (e.g. `/clusters/globex`, or `''` for the root cluster); credentials are kept.
 */
export async function rewriteServerPath(source: string, destination: string, path: string): Promise<void> {
  const config = parseKubeconfig(await readFile(source, 'utf8'));
  const cluster = named(config, 'clusters', currentContext(config).cluster, 'cluster');
  cluster.server = `${new URL(String(cluster.server)).origin}${path}`;
  await writeFile(destination, stringifyYaml(config));
}
