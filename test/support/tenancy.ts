import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubetenant, kubetenantOk } from './cli.js';
import { eventually } from './eventually.js';
import { rewriteServerPath, summarizeKubeconfig } from './kubeconfig.js';
import { Kubectl, type CommandResult } from './kubectl.js';
import { removeDataDir, startServer, type RunningServer } from './server.js';
import { parseTable } from './table.js';

/** A Tenant as `kubectl get tenant -o json` prints it (the fields tests read). */
export interface TenantJson {
  metadata: { name: string; finalizers?: string[]; deletionTimestamp?: string };
  spec: { owners: Record<string, string>[]; controlPlane: { type: string; limits?: Record<string, number> } };
  status?: {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    cluster?: { name: string; path: string };
    usage?: { objects: number; storageBytes: number };
  };
}

/** A tenant user's credential as the CLI issued it: the kubeconfig file and a kubectl that uses it. */
export interface TenantUser {
  readonly kubeconfig: string;
  readonly kubectl: Kubectl;
}

/**
 * A server for tenancy tests, its root admin (kubectl and the `kubetenant` CLI with the admin kubeconfig)
 * and a temp dir for the kubeconfigs the CLI issues. `stop()` removes everything it made.
 */
export class TenancyHarness {
  private readonly kubectls: Kubectl[] = [];

  private constructor(
    readonly server: RunningServer,
    readonly admin: Kubectl,
    /** The server's origin, e.g. https://127.0.0.1:41234. */
    readonly origin: string,
    private readonly kubeconfigDir: string,
  ) {
    this.kubectls.push(admin);
  }

  static async start(): Promise<TenancyHarness> {
    const server = await startServer();
    const admin = await Kubectl.create(server.kubeconfig);
    const origin = new URL(summarizeKubeconfig(await readFile(server.kubeconfig, 'utf8')).server).origin;
    return new TenancyHarness(server, admin, origin, await mkdtemp(join(tmpdir(), 'tenant-kubeconfigs-')));
  }

  /** Stops and removes everything; throws with the server's last log lines if it had already exited. */
  async stop(): Promise<void> {
    const { exitCode, signalCode } = this.server.process;
    const died = exitCode !== null || signalCode !== null;
    await this.server.stop();
    await removeDataDir(this.server);
    await rm(this.kubeconfigDir, { recursive: true, force: true });
    for (const kubectl of this.kubectls) await rm(kubectl.cacheDir, { recursive: true, force: true });
    if (died) {
      const tail = this.server.logs().trimEnd().split('\n').slice(-20).join('\n');
      throw new Error(`the server exited during the tests (${exitCode ?? signalCode}):\n${tail}`);
    }
  }

  /** The URL of a logical cluster on this server. */
  clusterUrl(cluster: string): string {
    return `${this.origin}/clusters/${cluster}`;
  }

  /** Runs `kubetenant ARGS` as the root admin (KUBECONFIG is the admin kubeconfig). */
  cli(args: readonly string[]): Promise<CommandResult> {
    return kubetenant(this.server.kubeconfig, args);
  }

  /** `kubetenant tenant create NAME --owner OWNER ...`, which must print `tenant/NAME created`. */
  async createTenant(name: string, owner: string, ...extra: string[]): Promise<void> {
    const stdout = await kubetenantOk(this.server.kubeconfig, [
      'tenant',
      'create',
      name,
      '--owner',
      owner,
      ...extra,
    ]);
    if (stdout !== `tenant/${name} created\n`)
      throw new Error(`unexpected output of tenant create: ${stdout}`);
  }

  async tenant(name: string): Promise<TenantJson> {
    return JSON.parse(await this.admin.ok(['get', 'tenant', name, '-o', 'json'])) as TenantJson;
  }

  /** Waits until the tenancy controller reports the Tenant Ready and its cluster's path; returns it. */
  waitReady(name: string): Promise<TenantJson> {
    return eventually(
      async () => {
        const tenant = await this.tenant(name);
        const ready = tenant.status?.conditions?.find((c) => c.type === 'Ready');
        if (ready?.status !== 'True' || tenant.status?.cluster?.path === undefined)
          throw new Error(`tenant ${name} not ready: ${JSON.stringify(tenant.status)}`);
        return tenant;
      },
      { description: `tenant ${name} Ready` },
    );
  }

  /** Waits until `kubectl get tenants` no longer lists the Tenant (its cluster emptied, finalizer released). */
  waitGone(name: string): Promise<void> {
    return eventually(
      async () => {
        const listed = await this.admin.run(['get', 'tenants']);
        if (listed.code !== 0) throw new Error(`kubectl get tenants failed: ${listed.stderr}`);
        // With no Tenant left kubectl prints nothing on stdout and "No resources found" on stderr.
        const names = listed.stdout === '' ? [] : parseTable(listed.stdout).rows.map((row) => row.NAME);
        if (names.includes(name)) throw new Error(`tenant ${name} still listed`);
      },
      { timeoutMs: 20_000, description: `tenant ${name} deleted` },
    );
  }

  /** `kubetenant kubeconfig --tenant T --user U`: saves the printed kubeconfig and returns a kubectl using it. */
  async issueKubeconfig(tenant: string, user: string): Promise<TenantUser> {
    const text = await kubetenantOk(this.server.kubeconfig, [
      'kubeconfig',
      '--tenant',
      tenant,
      '--user',
      user,
    ]);
    const kubeconfig = join(this.kubeconfigDir, `${tenant}-${user}.kubeconfig`);
    await writeFile(kubeconfig, text);
    return { kubeconfig, kubectl: await this.kubectl(kubeconfig) };
  }

  /** A kubectl using `user`'s credentials against another URL path (`/clusters/<name>`, or '' for root). */
  async redirected(user: TenantUser, path: string, label: string): Promise<Kubectl> {
    const kubeconfig = join(this.kubeconfigDir, `${label}.kubeconfig`);
    await rewriteServerPath(user.kubeconfig, kubeconfig, path);
    return this.kubectl(kubeconfig);
  }

  private async kubectl(kubeconfig: string): Promise<Kubectl> {
    const kubectl = await Kubectl.create(kubeconfig);
    this.kubectls.push(kubectl);
    return kubectl;
  }
}
