import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';

x509.cryptoProvider.set(webcrypto);

const keyAlgorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const dayMs = 86_400_000;

export interface KeyPairPem {
  readonly certPem: string;
  readonly keyPem: string;
}

/** The certificate authority kubetenant signs serving and client certificates with. */
/** Marks a client certificate as valid in one logical cluster only (its subject's OU). */
export const clusterUnitPrefix = 'kubetenant:cluster:';
/** Ties such a certificate to one Tenant object, so a recreated tenant of the same name rejects it. */
export const tenantUnitPrefix = 'kubetenant:tenant-uid:';

export interface ClientCertificateRequest {
  readonly user: string;
  readonly groups: readonly string[];
  /** Restricts the certificate to one logical cluster; absent means every cluster (root admins). */
  readonly cluster?: string;
  /** The uid of the Tenant behind `cluster`. */
  readonly tenantUid?: string;
  readonly validDays?: number;
}

export interface CertificateAuthority extends KeyPairPem {
  issueClientCertificate(request: ClientCertificateRequest): Promise<KeyPairPem>;
  issueServingCertificate(hosts: readonly string[]): Promise<KeyPairPem>;
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function importKey(pem: string): Promise<webcrypto.CryptoKey> {
  const der = x509.PemConverter.decodeFirst(pem);
  return webcrypto.subtle.importKey('pkcs8', der, keyAlgorithm, true, ['sign']);
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive
  return bytes.toString('hex');
}

/** Escapes a value for an RFC 4514 distinguished name. */
function dnValue(value: string): string {
  return value.replace(/([,+"\\<>;=#])/g, '\\$1');
}

async function createAuthority(): Promise<KeyPairPem> {
  const keys = await webcrypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: 'CN=kubetenant-ca',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3650 * dayMs),
    keys,
    signingAlgorithm: keyAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKey(keys.privateKey) };
}

export async function loadAuthority(pair: KeyPairPem): Promise<CertificateAuthority> {
  const caCert = new x509.X509Certificate(pair.certPem);
  const caKey = await importKey(pair.keyPem);
  const issue = async (
    subject: string,
    validDays: number,
    extensions: x509.Extension[],
  ): Promise<KeyPairPem> => {
    const keys = await webcrypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serialNumber(),
      subject,
      issuer: caCert.subject,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + validDays * dayMs),
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: keyAlgorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
          true,
        ),
        ...extensions,
      ],
    });
    return { certPem: cert.toString('pem'), keyPem: await exportKey(keys.privateKey) };
  };
  return {
    ...pair,
    issueClientCertificate: ({ user, groups, cluster, tenantUid, validDays = 365 }) =>
      issue(
        [
          ...groups.map((g) => `O=${dnValue(g)}`),
          ...(cluster === undefined ? [] : [`OU=${dnValue(clusterUnitPrefix + cluster)}`]),
          ...(tenantUid === undefined ? [] : [`OU=${dnValue(tenantUnitPrefix + tenantUid)}`]),
          `CN=${dnValue(user)}`,
        ].join(', '),
        validDays,
        [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
      ),
    issueServingCertificate: (hosts) =>
      issue('CN=kubetenant', 3650, [
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(
          hosts.map((host) =>
            isIP(host) === 0 ? { type: 'dns', value: host } : { type: 'ip', value: host },
          ),
        ),
      ]),
  };
}

export interface ServerPki {
  readonly ca: CertificateAuthority;
  readonly serving: KeyPairPem;
  readonly admin: KeyPairPem;
}

async function readPair(dir: string, name: string): Promise<KeyPairPem | undefined> {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  if (!existsSync(certPath) || !existsSync(keyPath)) return undefined;
  return { certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
}

async function writePair(dir: string, name: string, pair: KeyPairPem): Promise<void> {
  await writeFile(join(dir, `${name}.crt`), pair.certPem, { mode: 0o644 });
  await writeFile(join(dir, `${name}.key`), pair.keyPem, { mode: 0o600 });
}

/**
 * Loads the CA, serving and admin certificates from `<dataDir>/pki`, creating what is missing (first start).
 * The serving certificate covers localhost, 127.0.0.1 and the bind address.
 */
export async function ensurePki(dataDir: string, bindAddress: string): Promise<ServerPki> {
  const dir = join(dataDir, 'pki');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let caPair = await readPair(dir, 'ca');
  if (caPair === undefined) {
    caPair = await createAuthority();
    await writePair(dir, 'ca', caPair);
  }
  const ca = await loadAuthority(caPair);
  const hosts = [
    ...new Set(['localhost', '127.0.0.1', bindAddress].filter((h) => h !== '0.0.0.0' && h !== '::')),
  ];
  let serving = await readPair(dir, 'serving');
  if (serving === undefined || !coversHosts(serving.certPem, hosts)) {
    serving = await ca.issueServingCertificate(hosts);
    await writePair(dir, 'serving', serving);
  }
  let admin = await readPair(dir, 'admin');
  if (admin === undefined) {
    admin = await ca.issueClientCertificate({
      user: 'kubernetes-admin',
      groups: ['system:masters'],
      validDays: 3650,
    });
    await writePair(dir, 'admin', admin);
  }
  return { ca, serving, admin };
}

function coversHosts(certPem: string, hosts: readonly string[]): boolean {
  const san = new x509.X509Certificate(certPem).getExtension(x509.SubjectAlternativeNameExtension);
  const names = new Set((san?.names.items ?? []).map((n) => n.value));
  return hosts.every((h) => names.has(h));
}
