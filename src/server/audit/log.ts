import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { RequestContext, UserInfo } from '../../machinery/context.js';
import { auditLevelFor, type AuditPolicy } from './policy.js';

/** What the request pipeline hands over once a request is answered. */
export interface AuditRecord {
  readonly ctx: RequestContext;
  /** The authenticated caller when the request impersonated someone (ctx.user is then the impersonated user). */
  readonly caller?: UserInfo;
  readonly requestUri: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly code: number;
  readonly failure?: { readonly reason: string; readonly message: string };
  readonly received: Date;
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
  readonly decision: 'allow' | 'forbid';
}

function microTime(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

function userOf(user: UserInfo) {
  return { username: user.name, ...(user.uid === '' ? {} : { uid: user.uid }), groups: user.groups };
}

/**
 * Writes audit.k8s.io/v1 Events as JSON lines, one per answered request at stage ResponseComplete, with the
 * detail the policy's first matching rule asks for.
 */
export class AuditLog {
  private readonly out: WriteStream | NodeJS.WriteStream;

  constructor(
    private readonly policy: AuditPolicy,
    path: string,
  ) {
    this.out = path === '-' ? process.stdout : createWriteStream(path, { flags: 'a', mode: 0o600 });
  }

  record(record: AuditRecord): void {
    const { ctx } = record;
    const level = auditLevelFor(this.policy, ctx);
    if (level === 'None' || this.policy.omitStages.includes('ResponseComplete')) return;
    const { info } = ctx;
    const impersonated = record.caller !== undefined;
    const event = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level,
      auditID: randomUUID(),
      stage: 'ResponseComplete',
      requestURI: record.requestUri,
      verb: info.verb,
      user: userOf(impersonated && record.caller !== undefined ? record.caller : ctx.user),
      ...(impersonated ? { impersonatedUser: userOf(ctx.user) } : {}),
      sourceIPs: [record.sourceIp],
      userAgent: record.userAgent,
      ...(info.isResourceRequest
        ? {
            objectRef: {
              resource: info.resource,
              ...(info.namespace === '' ? {} : { namespace: info.namespace }),
              ...(info.name === '' ? {} : { name: info.name }),
              apiGroup: info.apiGroup,
              apiVersion: info.apiVersion,
              ...(info.subresource === '' ? {} : { subresource: info.subresource }),
            },
          }
        : {}),
      responseStatus: {
        metadata: {},
        code: record.code,
        ...(record.failure === undefined
          ? {}
          : { status: 'Failure', reason: record.failure.reason, message: record.failure.message }),
      },
      ...(level !== 'Metadata' && record.requestObject !== undefined
        ? { requestObject: record.requestObject }
        : {}),
      ...(level === 'RequestResponse' && record.responseObject !== undefined
        ? { responseObject: record.responseObject }
        : {}),
      requestReceivedTimestamp: microTime(record.received),
      stageTimestamp: microTime(new Date()),
      annotations: {
        'authorization.k8s.io/decision': record.decision,
        'tenancy.kubetenant.io/cluster': ctx.cluster.kind === 'one' ? ctx.cluster.name : '*',
      },
    };
    this.out.write(`${JSON.stringify(event)}\n`);
  }

  close(): Promise<void> {
    if (this.out === process.stdout) return Promise.resolve();
    return new Promise((resolve) => (this.out as WriteStream).end(resolve));
  }
}
