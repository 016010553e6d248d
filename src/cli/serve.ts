import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  AdmissionChain,
  AdmissionWebhooks,
  namespaceLifecycle,
  parseServiceRange,
  limitRanger,
  podSecurity,
  QuotaAccounting,
  rbacEscalationPrevention,
  resourceQuota,
  serviceAccountAdmission,
  serviceIpAllocator,
  ValidatingAdmissionPolicyPlugin,
} from '../admission/index.js';
import {
  clusterBoundaryAuthorizer,
  PolicyCache,
  rbacAuthorizer,
  registerAccessReviews,
  shareBootstrapPolicy,
  ensurePki,
  ensureServiceAccountKey,
  registryObjectReader,
  ServiceAccountAuthenticator,
  ServiceAccountTokens,
  tokenRequestAction,
  parseTokenFile,
  renderKubeconfig,
  StaticTokenAuthenticator,
  x509Authenticator,
  type Authenticator,
} from '../auth/index.js';
import { startControllers } from '../controllers/index.js';
import { kubeconfigAction, tenancyGroup, tenantClusterAdmission, TenantDirectory } from '../tenancy/index.js';
import { rootCluster } from '../machinery/context.js';
import { admitAll, ClusterUsageTracker, Registry, type Admission } from '../registry/index.js';
import {
  AuditLog,
  createRequestHandler,
  jsonLogger,
  listen,
  parseAuditPolicy,
  ServerMetrics,
} from '../server/index.js';
import { SqliteStore, startCompaction } from '../storage/index.js';
import { parseDuration } from './duration.js';
import { parseFlags } from './flags.js';

const serveDefaults = {
  'secure-port': '6443',
  'bind-address': '127.0.0.1',
  'data-dir': './.kubetenant',
  'token-auth-file': '',
  'log-level': 'info',
  'service-cluster-ip-range': '10.96.0.0/12',
  'etcd-compaction-interval': '5m',
  'audit-policy-file': '',
  'audit-log-path': '',
};

/** `kubetenant serve`: opens the store, wires registry → admission → server, starts controllers. */
export async function serve(args: readonly string[]): Promise<void> {
  const { flags } = parseFlags(args, serveDefaults);
  const logger = jsonLogger(flags['log-level'] === 'debug' ? 'debug' : 'info');
  const dataDir = resolve(flags['data-dir']);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const pki = await ensurePki(dataDir, flags['bind-address']);
  const serviceAccountTokens = new ServiceAccountTokens({
    privateKey: await ensureServiceAccountKey(dataDir),
  });
  const store = SqliteStore.open({ path: join(dataDir, 'state.db') });
  const compaction = startCompaction(store, parseDuration(flags['etcd-compaction-interval']), (error) =>
    logger.error('compaction failed', { error: String(error) }),
  );

  // Admission reads through the registry, so the chain is installed once the registry exists.
  const deps: { store: SqliteStore; now: () => Date; admission: Admission } = {
    store,
    now: () => new Date(),
    admission: admitAll,
  };
  const registry = new Registry(deps);
  shareBootstrapPolicy(registry);
  const tenantDirectory = new TenantDirectory(registry, logger);
  await tenantDirectory.start();
  const clusterUsage = new ClusterUsageTracker(registry);
  await clusterUsage.start();
  const policyCache = new PolicyCache(registry, logger);
  await policyCache.start();
  const validatingPolicies = new ValidatingAdmissionPolicyPlugin(registry, logger);
  await validatingPolicies.start();
  const webhooks = new AdmissionWebhooks(registry, logger);
  await webhooks.start();
  const limits = limitRanger(registry);
  const quotaAccounting = new QuotaAccounting(registry);
  const serviceRange = parseServiceRange(flags['service-cluster-ip-range']);
  deps.admission = new AdmissionChain(
    [
      limits.mutating,
      serviceAccountAdmission(registry),
      webhooks.mutating,
      serviceIpAllocator(registry, serviceRange),
    ],
    [
      namespaceLifecycle(registry),
      limits.validating,
      podSecurity(registry),
      tenantClusterAdmission(tenantDirectory, clusterUsage),
      rbacEscalationPrevention(policyCache),
      validatingPolicies,
      webhooks.validating,
      // Quota last: it charges usage only for requests every other plugin accepted (upstream order).
      resourceQuota(registry, quotaAccounting),
    ],
  );

  let serverUrl = '';
  registry.registerAction(
    tenancyGroup,
    'tenants',
    'kubeconfig',
    kubeconfigAction(registry, pki.ca, () => serverUrl),
  );

  registry.registerAction('', 'serviceaccounts', 'token', tokenRequestAction(registry, serviceAccountTokens));
  const authenticators: Authenticator[] = [
    x509Authenticator,
    new ServiceAccountAuthenticator(serviceAccountTokens, registryObjectReader(registry), logger),
  ];
  if (flags['token-auth-file'] !== '') {
    authenticators.push(
      new StaticTokenAuthenticator(parseTokenFile(await readFile(flags['token-auth-file'], 'utf8'))),
    );
  }
  const audit =
    flags['audit-policy-file'] !== '' && flags['audit-log-path'] !== ''
      ? new AuditLog(
          parseAuditPolicy(await readFile(flags['audit-policy-file'], 'utf8')),
          flags['audit-log-path'],
        )
      : undefined;
  let ready = false;
  const metrics = new ServerMetrics();
  const authorizer = clusterBoundaryAuthorizer(
    rbacAuthorizer((ctx) => policyCache.policyFor(ctx)),
    (cluster) => tenantDirectory.servingTenant(cluster),
  );
  registerAccessReviews(registry, { authorizer, policies: policyCache, authenticators });
  const handler = createRequestHandler({
    registry,
    authenticators,
    authorizer,
    metrics,
    logger,
    isReady: () => ready,
    ...(audit === undefined ? {} : { audit }),
    healthChecks: [
      { name: 'ping', check: () => true },
      { name: 'log', check: () => true },
      { name: 'etcd', check: () => store.currentRevision() >= 0 },
    ],
  });
  const { server, port } = await listen(
    {
      bindAddress: flags['bind-address'],
      port: Number(flags['secure-port']),
      certPem: pki.serving.certPem,
      keyPem: pki.serving.keyPem,
      clientCaPem: pki.ca.certPem,
    },
    handler,
  );
  const host =
    flags['bind-address'] === '0.0.0.0' || flags['bind-address'] === '::'
      ? '127.0.0.1'
      : flags['bind-address'];
  serverUrl = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const kubeconfigPath = join(dataDir, 'admin.kubeconfig');
  await writeFile(
    kubeconfigPath,
    renderKubeconfig({
      server: serverUrl,
      clusterName: 'kubetenant',
      userName: 'kubernetes-admin',
      caPem: pki.ca.certPem,
      clientCertPem: pki.admin.certPem,
      clientKeyPem: pki.admin.keyPem,
    }),
    { mode: 0o600 },
  );
  const controllers = await startControllers({
    registry,
    logger,
    cluster: rootCluster,
    securePort: port,
    caPem: pki.ca.certPem,
    quotaStatus: quotaAccounting,
    clusterUsage,
  });
  ready = true;
  logger.info('serving', { address: flags['bind-address'], port, dataDir, kubeconfig: kubeconfigPath });

  const shutdown = (signal: string): void => {
    logger.info('shutting down', { signal });
    ready = false;
    controllers.stop();
    policyCache.stop();
    tenantDirectory.stop();
    clusterUsage.stop();
    validatingPolicies.stop();
    webhooks.stop();
    void audit?.close();
    compaction.stop();
    server.close();
    // Open watches keep HTTP/2 sessions alive; ending them lets close() finish.
    setTimeout(() => process.exit(0), 2000).unref();
    void store.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
