import {
  string,
  int32,
  enumOf,
  arrayOf,
  atomic,
  keyedBy,
  merge,
  opt,
  ptr,
  req,
  always,
  inline,
} from './build.js';
import { meta, core, networking, intOrString } from './packages.js';
import type { TypeSchema } from './types.js';

export const networkingV1Types: readonly TypeSchema[] = [
  networking.kind('IngressClass', 'A kind of ingress and the controller that implements it.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, networking.ref('IngressClassSpec'), 'The desired state.'),
  ]),
  networking.list('IngressClass'),
  networking.type('IngressClassSpec', 'The controller and parameters of an ingress class.', [
    opt('controller', 1, string),
    ptr('parameters', 2, networking.ref('IngressClassParametersReference')),
  ]),
  networking.type('IngressClassParametersReference', undefined, [
    ptr('apiGroup', 1, string),
    req('kind', 2, string),
    req('name', 3, string),
    ptr('scope', 4, string, { omitEmpty: false }),
    ptr('namespace', 5, string),
  ]),
  networking.kind('Ingress', 'HTTP routing rules from outside the cluster to services.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, networking.ref('IngressSpec'), 'The desired state.'),
    opt('status', 3, networking.ref('IngressStatus'), 'The observed state, written by the system.'),
  ]),
  networking.list('Ingress'),
  networking.type('IngressSpec', 'The class, TLS settings, rules and default backend of an ingress.', [
    ptr('ingressClassName', 4, string),
    ptr('defaultBackend', 1, networking.ref('IngressBackend')),
    opt('tls', 2, arrayOf(networking.ref('IngressTLS'), atomic)),
    opt('rules', 3, arrayOf(networking.ref('IngressRule'), atomic)),
  ]),
  networking.type('IngressStatus', 'The observed load balancer addresses of an ingress.', [
    opt('loadBalancer', 1, networking.ref('IngressLoadBalancerStatus')),
  ]),
  networking.type('IngressBackend', undefined, [
    ptr('service', 4, networking.ref('IngressServiceBackend')),
    ptr('resource', 3, core.ref('TypedLocalObjectReference')),
  ]),
  networking.type('IngressTLS', undefined, [
    opt('hosts', 1, arrayOf(string, atomic)),
    opt('secretName', 2, string),
  ]),
  networking.type('IngressRule', undefined, [
    opt('host', 1, string),
    inline('ingressRuleValue', 2, networking.ref('IngressRuleValue')),
  ]),
  networking.type('IngressLoadBalancerStatus', undefined, [
    opt('ingress', 1, arrayOf(networking.ref('IngressLoadBalancerIngress'), atomic)),
  ]),
  networking.type('IngressServiceBackend', undefined, [
    req('name', 1, string),
    opt('port', 2, networking.ref('ServiceBackendPort')),
  ]),
  networking.type('IngressRuleValue', undefined, [ptr('http', 1, networking.ref('HTTPIngressRuleValue'))]),
  networking.type('IngressLoadBalancerIngress', undefined, [
    opt('ip', 1, string),
    opt('hostname', 2, string),
    opt('ports', 4, arrayOf(networking.ref('IngressPortStatus'), atomic)),
  ]),
  networking.type('ServiceBackendPort', undefined, [opt('name', 1, string), opt('number', 2, int32)], {
    mapType: 'atomic',
  }),
  networking.type('HTTPIngressRuleValue', undefined, [
    req('paths', 1, arrayOf(networking.ref('HTTPIngressPath'), atomic)),
  ]),
  networking.type('IngressPortStatus', undefined, [
    req('port', 1, int32),
    req('protocol', 2, enumOf('TCP', 'UDP', 'SCTP')),
    ptr('error', 3, string),
  ]),
  networking.type('HTTPIngressPath', undefined, [
    opt('path', 1, string),
    ptr('pathType', 3, string, { omitEmpty: false, required: true }),
    req('backend', 2, networking.ref('IngressBackend')),
  ]),
  networking.kind('IPAddress', 'An IP address allocated to a service.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, networking.ref('IPAddressSpec'), 'The desired state.'),
  ]),
  networking.list('IPAddress'),
  networking.type('IPAddressSpec', 'The object an IP address is allocated to.', [
    ptr('parentRef', 1, networking.ref('ParentReference')),
  ]),
  networking.type('ParentReference', undefined, [
    opt('group', 1, string),
    opt('resource', 2, string),
    opt('namespace', 3, string),
    opt('name', 4, string),
  ]),
  networking.kind('NetworkPolicy', 'Which traffic may reach and leave a set of pods.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, networking.ref('NetworkPolicySpec'), 'The desired state.'),
  ]),
  networking.list('NetworkPolicy'),
  networking.type(
    'NetworkPolicySpec',
    'The selected pods and the ingress and egress rules of a network policy.',
    [
      always('podSelector', 1, meta.ref('LabelSelector')),
      opt('ingress', 2, arrayOf(networking.ref('NetworkPolicyIngressRule'), atomic)),
      opt('egress', 3, arrayOf(networking.ref('NetworkPolicyEgressRule'), atomic)),
      opt('policyTypes', 4, arrayOf(enumOf('Ingress', 'Egress'), atomic)),
    ],
  ),
  networking.type('NetworkPolicyIngressRule', undefined, [
    opt('ports', 1, arrayOf(networking.ref('NetworkPolicyPort'), atomic)),
    opt('from', 2, arrayOf(networking.ref('NetworkPolicyPeer'), atomic)),
  ]),
  networking.type('NetworkPolicyEgressRule', undefined, [
    opt('ports', 1, arrayOf(networking.ref('NetworkPolicyPort'), atomic)),
    opt('to', 2, arrayOf(networking.ref('NetworkPolicyPeer'), atomic)),
  ]),
  networking.type('NetworkPolicyPort', undefined, [
    ptr('protocol', 1, enumOf('TCP', 'UDP', 'SCTP')),
    ptr('port', 2, intOrString),
    ptr('endPort', 3, int32),
  ]),
  networking.type('NetworkPolicyPeer', undefined, [
    ptr('podSelector', 1, meta.ref('LabelSelector')),
    ptr('namespaceSelector', 2, meta.ref('LabelSelector')),
    ptr('ipBlock', 3, networking.ref('IPBlock')),
  ]),
  networking.type('IPBlock', undefined, [req('cidr', 1, string), opt('except', 2, arrayOf(string, atomic))]),
  networking.kind('ServiceCIDR', 'A range of IP addresses from which service cluster IPs are allocated.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, networking.ref('ServiceCIDRSpec'), 'The desired state.'),
    opt('status', 3, networking.ref('ServiceCIDRStatus'), 'The observed state, written by the system.'),
  ]),
  networking.list('ServiceCIDR'),
  networking.type('ServiceCIDRSpec', 'The IP ranges of a service CIDR.', [
    opt('cidrs', 1, arrayOf(string, atomic)),
  ]),
  networking.type('ServiceCIDRStatus', 'The observed conditions of a service CIDR.', [
    opt('conditions', 1, arrayOf(meta.ref('Condition'), keyedBy('type'), merge('type'))),
  ]),
];
