import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { Kubectl } from './kubectl.js';
import { removeDataDir, startServer, type RunningServer } from './server.js';

/** One line of a kube-apiserver static token file (`--token-auth-file`). */
export interface TokenUser {
  readonly name: string;
  readonly uid: string;
  readonly token: string;
  readonly groups?: readonly string[];
}

/** The CSV kube-apiserver reads: `token,user,uid,"group1,group2"` (the group column quoted, as documented). */
export function tokenFileText(users: readonly TokenUser[]): string {
  return users
    .map((u) => [u.token, u.name, u.uid, ...(u.groups === undefined ? [] : [`"${u.groups.join(',')}"`])])
    .map((fields) => fields.join(','))
    .join('\n')
    .concat('\n');
}

/** The credential a kubeconfig written by `kubeconfigFor` carries. */
export type Credential = { readonly token: string } | 'anonymous';

type Json = Record<string, unknown>;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `field` mapping of the entry called `name` in the kubeconfig list `list` ({} when absent). */
function entry(config: Json, list: string, name: unknown, field: string): Json {
  const entries = Array.isArray(config[list]) ? config[list].filter(isJson) : [];
  const value = entries.find((e) => e.name === name)?.[field];
  return isJson(value) ? value : {};
}

/** The server URL and CA (base64 PEM) of the admin kubeconfig's current context. */
async function clusterOf(adminKubeconfig: string): Promise<{ server: string; ca: string }> {
  const parsed: unknown = parseYaml(await readFile(adminKubeconfig, 'utf8'));
  const config = isJson(parsed) ? parsed : {};
  const context = entry(config, 'contexts', config['current-context'], 'context');
  const { server, 'certificate-authority-data': ca } = entry(config, 'clusters', context.cluster, 'cluster');
  if (typeof server !== 'string' || typeof ca !== 'string')
    throw new Error(`admin kubeconfig ${adminKubeconfig} has no server and CA for its current context`);
  return { server, ca };
}

/**
 * Kubeconfig text for a user without a client certificate: the admin kubeconfig's server and CA plus a
 * bearer token. 'anonymous' carries a bare username instead: kubectl prompts on stdin when a user entry has
 * no credential at all, and a username alone is sent as Basic auth, which no authenticator accepts (basic
 * auth left kube-apiserver in 1.19), so the request is served as system:anonymous.
 */
export async function kubeconfigFor(adminKubeconfig: string, credential: Credential): Promise<string> {
  const { server, ca } = await clusterOf(adminKubeconfig);
  const user = credential === 'anonymous' ? { username: 'anonymous' } : { token: credential.token };
  return stringifyYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kubetenant', cluster: { server, 'certificate-authority-data': ca } }],
    users: [{ name: 'user', user }],
    contexts: [{ name: 'user', context: { cluster: 'kubetenant', user: 'user' } }],
    'current-context': 'user',
  });
}

/**
 * A server started with a static token file for `users` (plus `extraArgs`), a kubectl for its admin
 * (client certificate, system:masters), one per token user and one for anonymous requests. `stop()` removes
 * the server's data dir, the token file and every kubeconfig and kubectl cache it made.
 */
export class TokenUserServer {
  private constructor(
    readonly server: RunningServer,
    readonly admin: Kubectl,
    private readonly users: ReadonlyMap<string, Kubectl>,
    readonly anonymous: Kubectl,
    private readonly workDir: string,
  ) {}

  /** `extraArgs` may name files in `workDir` (passed to `configure`), which exists before the server starts. */
  static async start(
    users: readonly TokenUser[],
    configure: (workDir: string) => Promise<readonly string[]> = () => Promise.resolve([]),
  ): Promise<TokenUserServer> {
    const workDir = await mkdtemp(join(tmpdir(), 'token-users-'));
    const tokenFile = join(workDir, 'tokens.csv');
    await writeFile(tokenFile, tokenFileText(users));
    const server = await startServer({
      extraArgs: ['--token-auth-file', tokenFile, ...(await configure(workDir))],
    });
    const kubectlFor = async (label: string, credential: Credential): Promise<Kubectl> => {
      const path = join(workDir, `${label}.kubeconfig`);
      await writeFile(path, await kubeconfigFor(server.kubeconfig, credential));
      return Kubectl.create(path);
    };
    const byName = new Map<string, Kubectl>();
    for (const user of users) byName.set(user.name, await kubectlFor(user.name, { token: user.token }));
    return new TokenUserServer(
      server,
      await Kubectl.create(server.kubeconfig),
      byName,
      await kubectlFor('anonymous', 'anonymous'),
      workDir,
    );
  }

  /** The kubectl that authenticates with `name`'s token. */
  as(name: string): Kubectl {
    const kubectl = this.users.get(name);
    if (kubectl === undefined) throw new Error(`no token user ${name}`);
    return kubectl;
  }

  /** Stops and removes everything; throws with the server's last log lines if it had already exited. */
  async stop(): Promise<void> {
    const { exitCode, signalCode } = this.server.process;
    const died = exitCode !== null || signalCode !== null;
    await this.server.stop();
    await removeDataDir(this.server);
    for (const kubectl of [this.admin, this.anonymous, ...this.users.values()])
      await rm(kubectl.cacheDir, { recursive: true, force: true });
    await rm(this.workDir, { recursive: true, force: true });
    if (died) {
      const tail = this.server.logs().trimEnd().split('\n').slice(-20).join('\n');
      throw new Error(`the server exited during the tests (${exitCode ?? signalCode}):\n${tail}`);
    }
  }
}
