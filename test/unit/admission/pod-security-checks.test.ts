import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseVersion,
  policyToEvaluate,
  type Level,
  type LevelVersion,
} from '../../../src/admission/plugins/pod-security/levels.js';
import { aggregate, evaluatePod } from '../../../src/admission/plugins/pod-security/registry.js';

type Spec = Record<string, unknown>;

function lv(level: Level, version = 'latest'): LevelVersion {
  return { level, version: parseVersion(version).version };
}

/** The forbidden detail for a pod spec, as the enforce error and warnings print it ('' when allowed). */
function violations(spec: Spec, level: Level = 'restricted', version = 'latest', annotations = {}): string {
  return aggregate(evaluatePod(lv(level, version), { annotations }, spec)).detail;
}

/** A container that satisfies restricted, with `securityContext` fields replaced by `overrides`. */
function restrictedContainer(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    image: 'nginx',
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
      ...overrides,
    },
  };
}

function restrictedSpec(extra: Spec = {}, overrides: Record<string, unknown> = {}): Spec {
  return { containers: [restrictedContainer('c', overrides)], ...extra };
}

describe('Pod Security policy from namespace labels', () => {
  it('defaults to privileged everywhere', () => {
    const { policy, errors } = policyToEvaluate({});
    assert.deepEqual(errors, []);
    assert.deepEqual(policy.enforce, lv('privileged'));
  });

  it('warns at a stricter enforce level unless warn is set', () => {
    const { policy } = policyToEvaluate({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.24',
    });
    assert.deepEqual(policy.warn, lv('restricted', 'v1.24'));
    assert.deepEqual(policy.audit, lv('privileged'));
    const explicit = policyToEvaluate({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'baseline',
    }).policy;
    assert.deepEqual(explicit.warn, lv('baseline'));
  });

  it('enforces restricted on an invalid enforce label and fails open on invalid warn and audit labels', () => {
    const { policy, errors } = policyToEvaluate({
      'pod-security.kubernetes.io/enforce': 'strict',
      'pod-security.kubernetes.io/warn': 'loud',
      'pod-security.kubernetes.io/audit-version': '1.25',
    });
    assert.deepEqual(policy.enforce, lv('restricted'));
    assert.deepEqual(policy.warn, lv('privileged'));
    assert.deepEqual(
      errors.map((e) => [e.field, e.detail]),
      [
        [
          'metadata.labels[pod-security.kubernetes.io/enforce]',
          'must be one of privileged, baseline, restricted',
        ],
        ['metadata.labels[pod-security.kubernetes.io/audit-version]', 'must be "latest" or "v1.x"'],
        [
          'metadata.labels[pod-security.kubernetes.io/warn]',
          'must be one of privileged, baseline, restricted',
        ],
      ],
    );
  });
});

describe('Pod Security checks', () => {
  it('accept a compliant pod at restricted and anything at privileged', () => {
    assert.equal(violations(restrictedSpec()), '');
    assert.equal(violations({ hostNetwork: true, containers: [{ name: 'c' }] }, 'privileged'), '');
  });

  it('list every restricted violation of a privileged container in upstream order', () => {
    assert.equal(
      violations({ containers: [{ name: 'c', image: 'nginx', securityContext: { privileged: true } }] }),
      'privileged (container "c" must not set securityContext.privileged=true), ' +
        'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it('forbid host namespaces, hostPath volumes and host ports', () => {
    assert.equal(
      violations(
        { hostNetwork: true, hostPID: true, hostIPC: true, containers: [{ name: 'c' }] },
        'baseline',
      ),
      'host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)',
    );
    const volumes = [
      { name: 'root', hostPath: { path: '/' } },
      { name: 'cfg', configMap: { name: 'x' } },
      { name: 'nfs', nfs: { server: 's', path: '/' } },
    ];
    assert.equal(
      violations({ volumes, containers: [{ name: 'c' }] }, 'baseline'),
      'hostPath volumes (volume "root")',
    );
    assert.equal(
      violations(restrictedSpec({ volumes })),
      'restricted volume types (volumes "root", "nfs" use restricted volume types "hostPath", "nfs")',
    );
    const ports = (name: string, ...hostPorts: number[]) => ({
      name,
      ports: hostPorts.map((hostPort) => ({ containerPort: 80, hostPort })),
    });
    assert.equal(
      violations({ containers: [ports('a', 8080, 0), ports('b', 80), ports('c', 0)] }, 'baseline'),
      'hostPort (containers "a", "b" use hostPorts 80, 8080)',
    );
  });

  it('limit added capabilities', () => {
    const adding = (add: string[], drop: string[] = []) => ({
      containers: [{ name: 'c', securityContext: { capabilities: { add, drop } } }],
    });
    assert.equal(violations(adding(['CHOWN', 'NET_BIND_SERVICE']), 'baseline'), '');
    assert.equal(
      violations(adding(['SYS_ADMIN', 'NET_ADMIN', 'CHOWN']), 'baseline'),
      'non-default capabilities (container "c" must not include "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add)',
    );
    assert.equal(
      violations(restrictedSpec({}, { capabilities: { drop: ['ALL'], add: ['CHOWN', 'NET_BIND_SERVICE'] } })),
      'unrestricted capabilities (container "c" must not include "CHOWN" in securityContext.capabilities.add)',
    );
  });

  it('require runAsNonRoot and forbid runAsUser 0, relaxed in user namespaces from v1.35', () => {
    const root = restrictedSpec({ securityContext: { runAsUser: 0 } }, { runAsUser: 0, runAsNonRoot: false });
    assert.equal(
      violations(root),
      'runAsNonRoot != true (container "c" must not set securityContext.runAsNonRoot=false), ' +
        'runAsUser=0 (pod and container "c" must not set runAsUser=0)',
    );
    assert.equal(violations({ ...root, hostUsers: false }), '');
    assert.equal(violations({ ...root, hostUsers: false }, 'restricted', 'v1.34'), violations(root));
    // runAsUser joined the restricted profile in v1.23.
    assert.equal(
      violations(root, 'restricted', 'v1.22'),
      'runAsNonRoot != true (container "c" must not set securityContext.runAsNonRoot=false)',
    );
  });

  it('restrict SELinux, AppArmor and seccomp profiles', () => {
    assert.equal(
      violations(
        { securityContext: { seLinuxOptions: { type: 'spc_t', user: 'root' } }, containers: [{ name: 'c' }] },
        'baseline',
      ),
      'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set)',
    );
    const engine = {
      containers: [{ name: 'c', securityContext: { seLinuxOptions: { type: 'container_engine_t' } } }],
    };
    assert.equal(violations(engine, 'baseline'), '');
    assert.equal(
      violations(engine, 'baseline', 'v1.30'),
      'seLinuxOptions (container "c" set forbidden securityContext.seLinuxOptions: type "container_engine_t")',
    );
    assert.equal(
      violations(
        { containers: [{ name: 'c', securityContext: { appArmorProfile: { type: 'Unconfined' } } }] },
        'baseline',
        'latest',
        { 'container.apparmor.security.beta.kubernetes.io/c': 'unconfined' },
      ),
      'forbidden AppArmor profiles (container "c" and annotation must not set AppArmor profile type to ' +
        '"Unconfined", "container.apparmor.security.beta.kubernetes.io/c="unconfined"")',
    );
    assert.equal(
      violations(
        { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [{ name: 'c' }] },
        'baseline',
      ),
      'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    );
    assert.equal(
      violations({ containers: [{ name: 'c' }] }, 'baseline', 'v1.18', {
        'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
      }),
      'seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined")',
    );
  });

  it('allow only safe sysctls, by version', () => {
    const spec = {
      securityContext: { sysctls: [{ name: 'kernel.msgmax' }, { name: 'net.ipv4.ip_local_reserved_ports' }] },
      containers: [{ name: 'c' }],
    };
    assert.equal(violations(spec, 'baseline'), 'forbidden sysctls (kernel.msgmax)');
    assert.equal(
      violations(spec, 'baseline', 'v1.26'),
      'forbidden sysctls (kernel.msgmax, net.ipv4.ip_local_reserved_ports)',
    );
  });

  it('forbid unmasked /proc, Windows host processes and host fields in probes', () => {
    const unmasked = { containers: [{ name: 'c', securityContext: { procMount: 'Unmasked' } }] };
    const message = 'procMount (container "c" must not set securityContext.procMount to "Unmasked")';
    assert.equal(violations(unmasked, 'baseline'), message);
    assert.equal(violations({ ...unmasked, hostUsers: false }, 'baseline'), '');
    assert.equal(
      violations(restrictedSpec({ hostUsers: false }, { procMount: 'Unmasked', runAsNonRoot: true })),
      message,
    );
    assert.equal(
      violations(
        { securityContext: { windowsOptions: { hostProcess: true } }, containers: [{ name: 'c' }] },
        'baseline',
      ),
      'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
    );
    const probing = {
      containers: [
        {
          name: 'c',
          livenessProbe: { httpGet: { host: 'evil.example', port: 80 } },
          lifecycle: { preStop: { tcpSocket: { host: '1.2.3.4', port: 80 } } },
        },
      ],
    };
    assert.equal(
      violations(probing, 'baseline'),
      'probe or lifecycle host (container "c" uses probe or lifecycle hosts "1.2.3.4", "evil.example")',
    );
    assert.equal(violations(probing, 'baseline', 'v1.33'), '');
  });

  it('exempt Windows pods from Linux-only restricted checks from v1.25', () => {
    const windows = {
      os: { name: 'windows' },
      securityContext: { runAsNonRoot: true },
      containers: [{ name: 'c' }],
    };
    assert.equal(violations(windows), '');
    assert.match(violations(windows, 'restricted', 'v1.24'), /^allowPrivilegeEscalation != false/);
  });
});
