/**
 * Pod Security checks of security profiles: AppArmor, SELinux and seccomp (upstream
 * k8s.io/pod-security-admission policy/check_appArmorProfile.go, check_seLinuxOptions.go,
 * check_seccompProfile_baseline.go, check_seccompProfile_restricted.go). Messages are upstream's.
 */
import {
  allowed,
  containerName,
  containersOf,
  containersPhrase,
  containerSecurity,
  forbiddenResult,
  isSet,
  isWindowsPod,
  joinQuote,
  pluralize,
  podSecurity,
  recordAt,
  sortedSet,
  stringAt,
  type CheckPod,
} from './pod-fields.js';

const appArmorAnnotationPrefix = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAppArmorAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

function allowedAppArmorType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** Go's %q for the printable strings annotations hold. */
function goQuote(value: string): string {
  return JSON.stringify(value);
}

export const appArmorProfile: CheckPod = (metadata, spec) => {
  const setters: string[] = [];
  const badValues: string[] = [];
  const podProfile = podSecurity(spec, 'appArmorProfile');
  if (isSet(podProfile) && !allowedAppArmorType(stringAt(podProfile, 'type'))) {
    setters.push('pod');
    badValues.push(stringAt(podProfile, 'type'));
  }
  const badContainers: string[] = [];
  for (const container of containersOf(spec)) {
    const profile = containerSecurity(container, 'appArmorProfile');
    if (!isSet(profile) || allowedAppArmorType(stringAt(profile, 'type'))) continue;
    badContainers.push(containerName(container));
    badValues.push(stringAt(profile, 'type'));
  }
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
  const annotations = Object.entries(metadata.annotations)
    .filter(([key, value]) => key.startsWith(appArmorAnnotationPrefix) && !allowedAppArmorAnnotation(value))
    .map(([key, value]) => `${key}=${goQuote(value)}`)
    .sort();
  const values = [...sortedSet(badValues), ...annotations];
  if (annotations.length > 0) setters.push(pluralize('annotation', 'annotations', annotations.length));
  if (setters.length === 0) return allowed;
  return forbiddenResult(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(values)}`,
  );
};

function seLinuxCheck(allowedTypes: ReadonlySet<string>): CheckPod {
  return (_metadata, spec) => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const valid = (options: unknown): boolean => {
      let ok = true;
      const type = stringAt(options, 'type');
      if (!allowedTypes.has(type)) {
        ok = false;
        badTypes.push(type);
      }
      if (stringAt(options, 'user') !== '') {
        ok = false;
        setUser = true;
      }
      if (stringAt(options, 'role') !== '') {
        ok = false;
        setRole = true;
      }
      return ok;
    };
    const setters: string[] = [];
    const podOptions = recordAt(spec, 'securityContext', 'seLinuxOptions');
    if (podOptions !== undefined && !valid(podOptions)) setters.push('pod');
    const bad = containersOf(spec)
      .filter((c) => {
        const options = recordAt(c, 'securityContext', 'seLinuxOptions');
        return options !== undefined && !valid(options);
      })
      .map(containerName);
    if (bad.length > 0) setters.push(containersPhrase(bad));
    if (setters.length === 0) return allowed;
    const problems: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length > 0) problems.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) problems.push('user may not be set');
    if (setRole) problems.push('role may not be set');
    return forbiddenResult(
      'seLinuxOptions',
      `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${problems.join('; ')}`,
    );
  };
}

const seLinuxTypes1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
export const seLinuxVersions = [
  { minimum: 0, check: seLinuxCheck(new Set(seLinuxTypes1_0)) },
  { minimum: 31, check: seLinuxCheck(new Set([...seLinuxTypes1_0, 'container_engine_t'])) },
];

const seccompPodAnnotation = 'seccomp.security.alpha.kubernetes.io/pod';
const seccompContainerAnnotationPrefix = 'container.seccomp.security.alpha.kubernetes.io/';

function validSeccompAnnotation(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

function validSeccompType(type: string): boolean {
  return type === 'Localhost' || type === 'RuntimeDefault';
}

/** Before v1.19 seccomp was set by annotations (upstream seccompProfileBaseline_1_0). */
export const seccompBaselineAnnotations: CheckPod = (metadata, spec) => {
  const forbidden: string[] = [];
  const check = (key: string): void => {
    const value = metadata.annotations[key];
    if (value !== undefined && !validSeccompAnnotation(value)) forbidden.push(`${key}=${goQuote(value)}`);
  };
  check(seccompPodAnnotation);
  for (const container of containersOf(spec))
    check(seccompContainerAnnotationPrefix + containerName(container));
  const distinct = sortedSet(forbidden);
  return distinct.length > 0
    ? forbiddenResult(
        'seccompProfile',
        `forbidden ${pluralize('annotation', 'annotations', distinct.length)} ${distinct.join(', ')}`,
      )
    : allowed;
};

/**
 * The seccomp profile types set explicitly: which setters chose a bad type, which containers set none
 * (and are not covered by a valid pod-level profile).
 */
function seccompSetters(spec: Parameters<CheckPod>[1]) {
  const setters: string[] = [];
  const badValues: string[] = [];
  let podValid = false;
  const podProfile = podSecurity(spec, 'seccompProfile');
  if (isSet(podProfile)) {
    if (validSeccompType(stringAt(podProfile, 'type'))) podValid = true;
    else {
      setters.push('pod');
      badValues.push(stringAt(podProfile, 'type'));
    }
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const container of containersOf(spec)) {
    const profile = containerSecurity(container, 'seccompProfile');
    if (isSet(profile)) {
      if (!validSeccompType(stringAt(profile, 'type'))) {
        explicit.push(containerName(container));
        badValues.push(stringAt(profile, 'type'));
      }
    } else if (!podValid) implicit.push(containerName(container));
  }
  if (explicit.length > 0) setters.push(containersPhrase(explicit));
  return { setters, badValues: sortedSet(badValues), implicit };
}

function badSeccompTypes(setters: readonly string[], badValues: readonly string[]) {
  return forbiddenResult(
    'seccompProfile',
    `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(badValues)}`,
  );
}

/** From v1.19 (upstream seccompProfileBaseline_1_19): if set, only RuntimeDefault or Localhost. */
export const seccompBaseline: CheckPod = (_metadata, spec) => {
  const { setters, badValues } = seccompSetters(spec);
  return setters.length > 0 ? badSeccompTypes(setters, badValues) : allowed;
};

/** Restricted (upstream seccompProfileRestricted_1_19): a profile must be set, on the pod or every container. */
export const seccompRestricted: CheckPod = (_metadata, spec) => {
  const { setters, badValues, implicit } = seccompSetters(spec);
  if (setters.length > 0) return badSeccompTypes(setters, badValues);
  if (implicit.length === 0) return allowed;
  return forbiddenResult(
    'seccompProfile',
    `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
  );
};

/** From v1.25 Windows pods are exempt (upstream seccompProfileRestricted_1_25). */
export const seccompRestricted1_25: CheckPod = (metadata, spec) =>
  isWindowsPod(spec) ? allowed : seccompRestricted(metadata, spec);
