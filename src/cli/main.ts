import { versionInfo } from '../server/index.js';
import { serve } from './serve.js';

const usage = `kubetenant — a multi-tenant Kubernetes control plane

Usage:
  kubetenant serve [--secure-port 6443] [--bind-address 127.0.0.1] [--data-dir ./.kubetenant]
                   [--token-auth-file FILE] [--log-level info|debug]
  kubetenant version
`;

export async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'serve':
      await serve(rest);
      return 0;
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
