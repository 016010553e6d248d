import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { parse as parseYaml } from 'yaml';
import { isRecord } from '../machinery/object.js';

/** Enough of a kubeconfig to call the API: the current context's server and client certificate. */
export interface Connection {
  readonly server: string;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly token?: string;
}

function named(list: unknown, name: unknown, field: string): Record<string, unknown> {
  const entry = (Array.isArray(list) ? list : []).find((e) => isRecord(e) && e.name === name);
  const value = isRecord(entry) ? entry[field] : undefined;
  if (!isRecord(value)) throw new Error(`kubeconfig: no ${field} named "${String(name)}"`);
  return value;
}

function data(record: Record<string, unknown>, field: string): Buffer | undefined {
  const value = record[`${field}-data`];
  return typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;
}

async function fileOrData(record: Record<string, unknown>, field: string): Promise<Buffer | undefined> {
  const path = record[field];
  return typeof path === 'string' ? readFile(path) : data(record, field);
}

/** Reads the current context of a kubeconfig file. */
export async function loadConnection(path: string): Promise<Connection> {
  const config: unknown = parseYaml(await readFile(path, 'utf8'));
  if (!isRecord(config)) throw new Error(`${path} is not a kubeconfig`);
  const context = named(config.contexts, config['current-context'], 'context');
  const cluster = named(config.clusters, context.cluster, 'cluster');
  const user = named(config.users, context.user, 'user');
  if (typeof cluster.server !== 'string') throw new Error(`${path}: cluster has no server`);
  const ca = await fileOrData(cluster, 'certificate-authority');
  const cert = await fileOrData(user, 'client-certificate');
  const key = await fileOrData(user, 'client-key');
  return {
    server: cluster.server.replace(/\/+$/, ''),
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
    ...(typeof user.token === 'string' ? { token: user.token } : {}),
  };
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

/** One JSON request against the API server; the body of an error is the server's Status. */
export function callApi(
  connection: Connection,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const url = new URL(connection.server + path);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ...(connection.ca === undefined ? {} : { ca: connection.ca }),
        ...(connection.cert === undefined ? {} : { cert: connection.cert }),
        ...(connection.key === undefined ? {} : { key: connection.key }),
        headers: {
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...(connection.token === undefined ? {} : { authorization: `Bearer ${connection.token}` }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON (e.g. a plain-text health answer): keep the text.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The message of a failed call, as kubectl prints it: `Error from server (<Reason>): <message>`. */
export function describeFailure(response: ApiResponse): string {
  if (isRecord(response.body) && typeof response.body.message === 'string') {
    return `Error from server (${String(response.body.reason ?? response.status)}): ${response.body.message}`;
  }
  return `Error from server (${response.status}): ${String(response.body)}`;
}
