/**
 * Whether a request is selected by a namespaceSelector, an objectSelector and resource rules (upstream
 * webhook/predicates/namespace, predicates/object and policy/matching). Selector errors only count when the
 * rules match, as upstream reports them.
 */
import { internalError, isStatusError, StatusError } from '../../../machinery/errors.js';
import type { Labels } from '../../../machinery/label-selector.js';
import type { KubeObject } from '../../../machinery/object.js';
import type { AdmissionAttributes } from './attributes.js';
import { matchesResourceRules, type MatchResources, type ParsedSelector } from './rules.js';

/** Reads Namespaces of the request's cluster; undefined when there is none of that name. */
export interface NamespaceReader {
  get(name: string): Promise<KubeObject | undefined>;
}

export interface MatchResult {
  readonly matches: boolean;
  /** Set when the selectors could not be evaluated for a request the rules select. */
  readonly error?: StatusError;
}

const noMatch: MatchResult = { matches: false };
const match: MatchResult = { matches: true };

function namespaceNotFound(name: string): StatusError {
  return new StatusError('NotFound', `namespaces "${name}" not found`, { name, kind: 'namespaces' });
}

/** Upstream namespace.Matcher.MatchNamespaceSelector. */
export async function namespaceSelectorResult(
  parsed: ParsedSelector,
  attrs: AdmissionAttributes,
  namespaces: NamespaceReader,
): Promise<MatchResult> {
  const isNamespace = attrs.resource.group === '' && attrs.resource.resource === 'namespaces';
  // Cluster-scoped requests other than namespaces themselves are never exempted.
  if (attrs.namespace === '' && !isNamespace) return match;
  if (!parsed.ok) return { matches: false, error: internalError(new Error(parsed.error)) };
  if (parsed.selector.empty) return match;
  let labels: Labels;
  if (isNamespace && attrs.subresource === '' && attrs.operation !== 'DELETE') {
    // The namespace being written: its new labels.
    labels = attrs.object?.metadata.labels;
  } else {
    try {
      const namespace = await namespaces.get(attrs.namespace);
      if (namespace === undefined) return { matches: false, error: namespaceNotFound(attrs.namespace) };
      labels = namespace.metadata.labels;
    } catch (error) {
      return { matches: false, error: isStatusError(error) ? error : internalError(error) };
    }
  }
  return parsed.selector.matches(labels) ? match : noMatch;
}

/** Upstream object.Matcher.MatchObjectSelector: the new or the old object's labels. */
export function objectSelectorResult(parsed: ParsedSelector, attrs: AdmissionAttributes): MatchResult {
  if (!parsed.ok) return { matches: false, error: internalError(new Error(parsed.error)) };
  if (parsed.selector.empty) return match;
  const { selector } = parsed;
  const selected = [attrs.object, attrs.oldObject].some(
    (obj) => obj !== undefined && selector.matches(obj.metadata.labels),
  );
  return selected ? match : noMatch;
}

/** Upstream matching.Matcher.Matches for a policy's matchConstraints or a binding's matchResources. */
export async function matchResourcesResult(
  criteria: MatchResources,
  attrs: AdmissionAttributes,
  namespaces: NamespaceReader,
): Promise<MatchResult> {
  const byNamespace = await namespaceSelectorResult(criteria.namespaceSelector, attrs, namespaces);
  if (!byNamespace.matches && byNamespace.error === undefined) return noMatch;
  const byObject = objectSelectorResult(criteria.objectSelector, attrs);
  if (!byObject.matches && byObject.error === undefined) return noMatch;
  if (matchesResourceRules(criteria.excludeResourceRules, criteria.matchPolicy, attrs)) return noMatch;
  const selected =
    criteria.resourceRules.length === 0 ||
    matchesResourceRules(criteria.resourceRules, criteria.matchPolicy, attrs);
  if (!selected) return noMatch;
  return byNamespace.error !== undefined ? byNamespace : byObject.error !== undefined ? byObject : match;
}
