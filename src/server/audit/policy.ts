import { parse as parseYaml } from 'yaml';
import type { RequestContext } from '../../machinery/context.js';
import { isRecord } from '../../machinery/object.js';

/** audit.k8s.io/v1 levels, in increasing detail. */
export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';
const levels: readonly AuditLevel[] = ['None', 'Metadata', 'Request', 'RequestResponse'];

interface GroupResources {
  readonly group: string;
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
}

interface PolicyRule {
  readonly level: AuditLevel;
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
  readonly verbs: readonly string[];
  readonly resources: readonly GroupResources[];
  readonly namespaces: readonly string[];
  readonly nonResourceURLs: readonly string[];
  readonly omitStages: readonly string[];
}

export interface AuditPolicy {
  readonly rules: readonly PolicyRule[];
  readonly omitStages: readonly string[];
}

function strings(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new Error(`${field} must be a list of strings`);
  return value;
}

function level(value: unknown, field: string): AuditLevel {
  if (typeof value === 'string' && (levels as readonly string[]).includes(value)) return value as AuditLevel;
  throw new Error(`${field}: unsupported level ${JSON.stringify(value)} (one of ${levels.join(', ')})`);
}

/** Parses an audit.k8s.io/v1 Policy (YAML or JSON); throws with the offending field on bad input. */
export function parseAuditPolicy(text: string): AuditPolicy {
  const doc: unknown = parseYaml(text);
  if (!isRecord(doc) || doc.kind !== 'Policy')
    throw new Error('audit policy: expected kind Policy (audit.k8s.io/v1)');
  if (!Array.isArray(doc.rules)) throw new Error('audit policy: rules must be a list');
  const rules = doc.rules.map((raw: unknown, i): PolicyRule => {
    const field = `rules[${i}]`;
    if (!isRecord(raw)) throw new Error(`${field} must be an object`);
    const resources = (Array.isArray(raw.resources) ? raw.resources : []).map((r: unknown, j) => {
      const path = `${field}.resources[${j}]`;
      if (!isRecord(r)) throw new Error(`${path} must be an object`);
      return {
        group: typeof r.group === 'string' ? r.group : '',
        resources: strings(r.resources, `${path}.resources`),
        resourceNames: strings(r.resourceNames, `${path}.resourceNames`),
      };
    });
    return {
      level: level(raw.level, `${field}.level`),
      users: strings(raw.users, `${field}.users`),
      userGroups: strings(raw.userGroups, `${field}.userGroups`),
      verbs: strings(raw.verbs, `${field}.verbs`),
      resources,
      namespaces: strings(raw.namespaces, `${field}.namespaces`),
      nonResourceURLs: strings(raw.nonResourceURLs, `${field}.nonResourceURLs`),
      omitStages: strings(raw.omitStages, `${field}.omitStages`),
    };
  });
  return { rules, omitStages: strings(doc.omitStages, 'omitStages') };
}

function resourceMatches(rule: PolicyRule, ctx: RequestContext): boolean {
  const { info } = ctx;
  if (!info.isResourceRequest) {
    return rule.nonResourceURLs.some((url) =>
      url.endsWith('*') ? info.path.startsWith(url.slice(0, -1)) : url === info.path,
    );
  }
  if (rule.nonResourceURLs.length > 0 && rule.resources.length === 0) return false;
  if (rule.namespaces.length > 0 && !rule.namespaces.includes(info.namespace)) return false;
  if (rule.resources.length === 0) return true;
  const resource = info.subresource === '' ? info.resource : `${info.resource}/${info.subresource}`;
  return rule.resources.some(
    (gr) =>
      gr.group === info.apiGroup &&
      (gr.resources.length === 0 ||
        gr.resources.includes(resource) ||
        gr.resources.includes(`${info.resource}/*`) ||
        gr.resources.includes(`*/${info.subresource}`)) &&
      (gr.resourceNames.length === 0 || gr.resourceNames.includes(info.name)),
  );
}

/** The level of the first rule that matches the request (upstream policy.Checker), None when none does. */
export function auditLevelFor(policy: AuditPolicy, ctx: RequestContext): AuditLevel {
  for (const rule of policy.rules) {
    if (rule.users.length > 0 && !rule.users.includes(ctx.user.name)) continue;
    if (rule.userGroups.length > 0 && !rule.userGroups.some((g) => ctx.user.groups.includes(g))) continue;
    if (rule.verbs.length > 0 && !rule.verbs.includes(ctx.info.verb)) continue;
    if (!resourceMatches(rule, ctx)) continue;
    return rule.level;
  }
  return 'None';
}
