/**
 * The warnings a stricter enforce label on a namespace gives about its existing pods (upstream
 * k8s.io/pod-security-admission admission/admission.go EvaluatePodsInNamespace, prioritizePods,
 * decoratePodWarnings).
 */
import type { KubeObject } from '../../../machinery/object.js';
import { formatLevelVersion, type LevelVersion } from './levels.js';
import { recordAt } from './pod-fields.js';
import { aggregate, evaluatePod } from './registry.js';

/** Upstream defaultNamespaceMaxPodsToCheck. */
const maxPodsToCheck = 3000;

/** One pod per controller first, then the other replicas, so a capped check sees the most variety. */
function prioritize(pods: readonly KubeObject[]): KubeObject[] {
  const first: KubeObject[] = [];
  const replicas: KubeObject[] = [];
  const seenControllers = new Set<string>();
  for (const pod of pods) {
    const controller = (pod.metadata.ownerReferences ?? []).find((ref) => ref.controller === true);
    if (controller === undefined) first.push(pod);
    else if (seenControllers.has(controller.uid)) replicas.push(pod);
    else {
      seenControllers.add(controller.uid);
      first.push(pod);
    }
  }
  return [...first, ...replicas];
}

export function namespacePodWarnings(
  namespace: string,
  pods: readonly KubeObject[],
  enforce: LevelVersion,
): string[] {
  const ordered = prioritize(pods);
  const checked = ordered.slice(0, maxPodsToCheck);
  /** Violation summary → lexically first pod name and pod count. */
  const byViolation = new Map<string, { podName: string; count: number }>();
  for (const pod of checked) {
    const annotations = recordAt(pod.metadata, 'annotations') ?? {};
    const metadata = {
      annotations: Object.fromEntries(
        Object.entries(annotations).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      ),
    };
    const result = aggregate(evaluatePod(enforce, metadata, recordAt(pod, 'spec') ?? {}));
    if (result.allowed) continue;
    const name = pod.metadata.name ?? '';
    const seen = byViolation.get(result.reason);
    if (seen === undefined) byViolation.set(result.reason, { podName: name, count: 1 });
    else
      byViolation.set(result.reason, {
        podName: name < seen.podName ? name : seen.podName,
        count: seen.count + 1,
      });
  }
  const warnings: string[] = [];
  if (checked.length < ordered.length) {
    warnings.push(
      `new PodSecurity enforce level only checked against the first ${checked.length} of ${ordered.length} existing pods`,
    );
  }
  if (byViolation.size > 0) {
    warnings.push(
      `existing pods in namespace "${namespace}" violate the new PodSecurity enforce level "${formatLevelVersion(enforce)}"`,
    );
  }
  const decorated = [...byViolation].map(([violation, { podName, count }]) => {
    if (count === 1) return `${podName}: ${violation}`;
    if (count === 2) return `${podName} (and 1 other pod): ${violation}`;
    return `${podName} (and ${count - 1} other pods): ${violation}`;
  });
  return [...warnings, ...decorated.sort()];
}
