import { createWriteStream, type WriteStream } from 'node:fs';
import type { RequestContext, UserInfo } from '../../machinery/context.js';
import { isRecord } from '../../machinery/object.js';
import { auditLevelFor, type AuditLevel, type AuditPolicy } from './policy.js';

/** What the request pipeline knows of a request once it is authorized (stage RequestReceived). */
export interface AuditRequest {
  readonly auditId: string;
  readonly ctx: RequestContext;
  /** The authenticated caller when the request impersonated someone (ctx.user is then the impersonated user). */
  readonly caller?: UserInfo;
  readonly requestUri: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly received: Date;
  readonly authorizationReason: string;
}

/** …and once it is answered (stage ResponseComplete). */
export interface AuditRecord extends AuditRequest {
  readonly code: number;
  readonly failure?: { readonly reason: string; readonly message: string };
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
  readonly decision: 'allow' | 'forbid';
}

type Stage = 'RequestReceived' | 'ResponseComplete';

function microTime(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

function userOf(user: UserInfo) {
  return { username: user.name, ...(user.uid === '' ? {} : { uid: user.uid }), groups: user.groups };
}

/** The object a request names; on create the name comes from the body, as upstream fills it in. */
function objectRefOf(request: AuditRequest, requestObject: unknown) {
  const { info } = request.ctx;
  if (!info.isResourceRequest) return {};
  const bodyName =
    isRecord(requestObject) &&
    isRecord(requestObject.metadata) &&
    typeof requestObject.metadata.name === 'string'
      ? requestObject.metadata.name
      : '';
  const name = info.name !== '' ? info.name : bodyName;
  return {
    objectRef: {
      resource: info.resource,
      ...(info.namespace === '' ? {} : { namespace: info.namespace }),
      ...(name === '' ? {} : { name }),
      ...(info.apiGroup === '' ? {} : { apiGroup: info.apiGroup }),
      apiVersion: info.apiVersion,
      ...(info.subresource === '' ? {} : { subresource: info.subresource }),
    },
  };
}

/**
 * Writes audit.k8s.io/v1 Events as JSON lines: RequestReceived when a request is authorized and
 * ResponseComplete when it is answered, under one auditID, with the detail the policy's first matching rule
 * asks for (request and response bodies only at Request / RequestResponse).
 */
export class AuditLog {
  private readonly out: WriteStream | NodeJS.WriteStream;

  constructor(
    private readonly policy: AuditPolicy,
    path: string,
  ) {
    this.out = path === '-' ? process.stdout : createWriteStream(path, { flags: 'a', mode: 0o600 });
  }

  private levelFor(request: AuditRequest, stage: Stage): AuditLevel {
    if (this.policy.omitStages.includes(stage)) return 'None';
    return auditLevelFor(this.policy, request.ctx);
  }

  requestReceived(request: AuditRequest): void {
    const level = this.levelFor(request, 'RequestReceived');
    if (level !== 'None') this.write(this.event(request, level, 'RequestReceived', undefined));
  }

  record(record: AuditRecord): void {
    const level = this.levelFor(record, 'ResponseComplete');
    if (level === 'None') return;
    this.write({
      ...this.event(record, level, 'ResponseComplete', record.requestObject),
      responseStatus: {
        metadata: {},
        code: record.code,
        ...(record.failure === undefined
          ? {}
          : { status: 'Failure', reason: record.failure.reason, message: record.failure.message }),
      },
      ...(level === 'RequestResponse' && record.responseObject !== undefined
        ? { responseObject: record.responseObject }
        : {}),
      annotations: {
        'authorization.k8s.io/decision': record.decision,
        'authorization.k8s.io/reason': record.authorizationReason,
        'tenancy.kubetenant.io/cluster': clusterOf(record),
      },
    });
  }

  private event(request: AuditRequest, level: AuditLevel, stage: Stage, requestObject: unknown) {
    const { ctx } = request;
    const impersonated = request.caller !== undefined;
    return {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level,
      auditID: request.auditId,
      stage,
      requestURI: request.requestUri,
      verb: ctx.info.verb,
      user: userOf(request.caller ?? ctx.user),
      ...(impersonated ? { impersonatedUser: userOf(ctx.user) } : {}),
      sourceIPs: [request.sourceIp],
      userAgent: request.userAgent,
      ...objectRefOf(request, requestObject),
      ...(level !== 'Metadata' && requestObject !== undefined ? { requestObject } : {}),
      requestReceivedTimestamp: microTime(request.received),
      stageTimestamp: microTime(new Date()),
      annotations: { 'tenancy.kubetenant.io/cluster': clusterOf(request) },
    };
  }

  private write(event: unknown): void {
    this.out.write(`${JSON.stringify(event)}\n`);
  }

  close(): Promise<void> {
    if (this.out === process.stdout) return Promise.resolve();
    return new Promise((resolve) => (this.out as WriteStream).end(resolve));
  }
}

function clusterOf(request: AuditRequest): string {
  return request.ctx.cluster.kind === 'one' ? request.ctx.cluster.name : '*';
}
