import { versionInfo } from '../server/index.js';
import { serve } from './serve.js';
import { kubeconfigCommand, tenantCommand } from './tenant.js';

const usage = `kubetenant — a multi-tenant Kubernetes control plane

Usage:
  kubetenant serve [--secure-port 6443] [--bind-address 127.0.0.1] [--data-dir ./.kubetenant]
                   [--token-auth-file FILE] [--log-level info|debug]
                   [--service-cluster-ip-range 10.96.0.0/12] [--etcd-compaction-interval 5m]
                   [--audit-policy-file FILE --audit-log-path FILE|-]
  kubetenant tenant create NAME --owner USER [--owner group:G]... [--control-plane Dedicated|Shared]
                   [--max-objects N] [--kubeconfig FILE]
  kubetenant tenant list [--kubeconfig FILE]
  kubetenant tenant delete NAME [--kubeconfig FILE]
  kubetenant kubeconfig --tenant NAME --user USER [--group G]... [--kubeconfig FILE]
  kubetenant version

Tenant commands are API clients: they use --kubeconfig, else $KUBECONFIG, else ./.kubetenant/admin.kubeconfig.
`;

export async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'serve':
      await serve(rest);
      return 0;
    case 'tenant':
      return tenantCommand(rest);
    case 'kubeconfig':
      return kubeconfigCommand(rest);
    case 'version':
      process.stdout.write(`${JSON.stringify(versionInfo(), null, 2)}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(usage);
      return 0;
    default:
      process.stderr.write(`unknown command "${command}"\n${usage}`);
      return 2;
  }
}
