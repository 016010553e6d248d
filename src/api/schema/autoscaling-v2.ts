import { string, int32, int64, arrayOf, atomic, keyedBy, merge, opt, ptr, req, always } from './build.js';
import { meta, autoscaling, time, quantity } from './packages.js';
import type { TypeSchema } from './types.js';

export const autoscalingV2Types: readonly TypeSchema[] = [
  autoscaling.kind('HorizontalPodAutoscaler', 'Scales a workload automatically from observed metrics.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, autoscaling.ref('HorizontalPodAutoscalerSpec'), 'The desired state.'),
    opt(
      'status',
      3,
      autoscaling.ref('HorizontalPodAutoscalerStatus'),
      'The observed state, written by the system.',
    ),
  ]),
  autoscaling.list('HorizontalPodAutoscaler'),
  autoscaling.type(
    'HorizontalPodAutoscalerSpec',
    'The scale target, replica bounds, metrics and behaviour of an autoscaler.',
    [
      req('scaleTargetRef', 1, autoscaling.ref('CrossVersionObjectReference')),
      ptr('minReplicas', 2, int32),
      req('maxReplicas', 3, int32),
      opt('metrics', 4, arrayOf(autoscaling.ref('MetricSpec'), atomic)),
      ptr('behavior', 5, autoscaling.ref('HorizontalPodAutoscalerBehavior')),
    ],
  ),
  autoscaling.type(
    'HorizontalPodAutoscalerStatus',
    'The observed replicas, metrics and conditions of an autoscaler.',
    [
      ptr('observedGeneration', 1, int64),
      ptr('lastScaleTime', 2, time),
      opt('currentReplicas', 3, int32),
      req('desiredReplicas', 4, int32),
      always('currentMetrics', 5, arrayOf(autoscaling.ref('MetricStatus'), atomic)),
      opt(
        'conditions',
        6,
        arrayOf(autoscaling.ref('HorizontalPodAutoscalerCondition'), keyedBy('type'), merge('type')),
      ),
    ],
  ),
  autoscaling.type('CrossVersionObjectReference', undefined, [
    req('kind', 1, string),
    req('name', 2, string),
    opt('apiVersion', 3, string),
  ]),
  autoscaling.type('MetricSpec', undefined, [
    req('type', 1, string),
    ptr('object', 2, autoscaling.ref('ObjectMetricSource')),
    ptr('pods', 3, autoscaling.ref('PodsMetricSource')),
    ptr('resource', 4, autoscaling.ref('ResourceMetricSource')),
    ptr('containerResource', 7, autoscaling.ref('ContainerResourceMetricSource')),
    ptr('external', 5, autoscaling.ref('ExternalMetricSource')),
  ]),
  autoscaling.type('HorizontalPodAutoscalerBehavior', undefined, [
    ptr('scaleUp', 1, autoscaling.ref('HPAScalingRules')),
    ptr('scaleDown', 2, autoscaling.ref('HPAScalingRules')),
  ]),
  autoscaling.type('MetricStatus', undefined, [
    req('type', 1, string),
    ptr('object', 2, autoscaling.ref('ObjectMetricStatus')),
    ptr('pods', 3, autoscaling.ref('PodsMetricStatus')),
    ptr('resource', 4, autoscaling.ref('ResourceMetricStatus')),
    ptr('containerResource', 7, autoscaling.ref('ContainerResourceMetricStatus')),
    ptr('external', 5, autoscaling.ref('ExternalMetricStatus')),
  ]),
  autoscaling.type('HorizontalPodAutoscalerCondition', undefined, [
    req('type', 1, string),
    req('status', 2, string),
    opt('lastTransitionTime', 3, time),
    opt('reason', 4, string),
    opt('message', 5, string),
  ]),
  autoscaling.type('ObjectMetricSource', undefined, [
    req('describedObject', 1, autoscaling.ref('CrossVersionObjectReference')),
    req('target', 2, autoscaling.ref('MetricTarget')),
    req('metric', 3, autoscaling.ref('MetricIdentifier')),
  ]),
  autoscaling.type('PodsMetricSource', undefined, [
    req('metric', 1, autoscaling.ref('MetricIdentifier')),
    req('target', 2, autoscaling.ref('MetricTarget')),
  ]),
  autoscaling.type('ResourceMetricSource', undefined, [
    req('name', 1, string),
    req('target', 2, autoscaling.ref('MetricTarget')),
  ]),
  autoscaling.type('ContainerResourceMetricSource', undefined, [
    req('name', 1, string),
    req('target', 2, autoscaling.ref('MetricTarget')),
    req('container', 3, string),
  ]),
  autoscaling.type('ExternalMetricSource', undefined, [
    req('metric', 1, autoscaling.ref('MetricIdentifier')),
    req('target', 2, autoscaling.ref('MetricTarget')),
  ]),
  autoscaling.type('HPAScalingRules', undefined, [
    ptr('stabilizationWindowSeconds', 3, int32),
    ptr('selectPolicy', 1, string),
    opt('policies', 2, arrayOf(autoscaling.ref('HPAScalingPolicy'), atomic)),
    ptr('tolerance', 4, quantity),
  ]),
  autoscaling.type('ObjectMetricStatus', undefined, [
    req('metric', 1, autoscaling.ref('MetricIdentifier')),
    req('current', 2, autoscaling.ref('MetricValueStatus')),
    req('describedObject', 3, autoscaling.ref('CrossVersionObjectReference')),
  ]),
  autoscaling.type('PodsMetricStatus', undefined, [
    req('metric', 1, autoscaling.ref('MetricIdentifier')),
    req('current', 2, autoscaling.ref('MetricValueStatus')),
  ]),
  autoscaling.type('ResourceMetricStatus', undefined, [
    req('name', 1, string),
    req('current', 2, autoscaling.ref('MetricValueStatus')),
  ]),
  autoscaling.type('ContainerResourceMetricStatus', undefined, [
    req('name', 1, string),
    req('current', 2, autoscaling.ref('MetricValueStatus')),
    req('container', 3, string),
  ]),
  autoscaling.type('ExternalMetricStatus', undefined, [
    req('metric', 1, autoscaling.ref('MetricIdentifier')),
    req('current', 2, autoscaling.ref('MetricValueStatus')),
  ]),
  autoscaling.type('MetricTarget', undefined, [
    req('type', 1, string),
    ptr('value', 2, quantity),
    ptr('averageValue', 3, quantity),
    ptr('averageUtilization', 4, int32),
  ]),
  autoscaling.type('MetricIdentifier', undefined, [
    req('name', 1, string),
    ptr('selector', 2, meta.ref('LabelSelector')),
  ]),
  autoscaling.type('HPAScalingPolicy', undefined, [
    req('type', 1, string),
    req('value', 2, int32),
    req('periodSeconds', 3, int32),
  ]),
  autoscaling.type('MetricValueStatus', undefined, [
    ptr('value', 1, quantity),
    ptr('averageValue', 2, quantity),
    ptr('averageUtilization', 3, int32),
  ]),
];
