import { stringify } from 'yaml';

export interface KubeconfigInput {
  readonly server: string;
  readonly clusterName: string;
  readonly userName: string;
  readonly caPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
}

/** A kubeconfig with one cluster, one user and one current context, credentials embedded. */
export function renderKubeconfig(input: KubeconfigInput): string {
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: input.clusterName,
        cluster: { server: input.server, 'certificate-authority-data': b64(input.caPem) },
      },
    ],
    users: [
      {
        name: input.userName,
        user: {
          'client-certificate-data': b64(input.clientCertPem),
          'client-key-data': b64(input.clientKeyPem),
        },
      },
    ],
    contexts: [{ name: input.clusterName, context: { cluster: input.clusterName, user: input.userName } }],
    'current-context': input.clusterName,
  });
}
