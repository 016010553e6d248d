/**
 * ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io/v1) as
 * admission uses them: decoded from stored JSON with the API's defaults, expressions compiled once per
 * cluster configuration load.
 */
import type { KubeObject } from '../../../machinery/object.js';
import { isRecord } from '../../../machinery/object.js';
import { CelProgram, type CelVariableName, type CompiledVariable } from './cel.js';
import {
  decodeMatchResources,
  failurePolicyOf,
  parseSelector,
  recordList,
  stringField,
  stringList,
  type FailurePolicy,
  type MatchResources,
  type ParsedSelector,
} from './rules.js';

/** The reasons a validation may give (API validation allows exactly these); absent means Invalid. */
export type ValidationReason = 'Unauthorized' | 'Forbidden' | 'Invalid' | 'RequestEntityTooLarge';
export type ValidationAction = 'Deny' | 'Warn' | 'Audit';

const validationReasons: readonly ValidationReason[] = [
  'Unauthorized',
  'Forbidden',
  'Invalid',
  'RequestEntityTooLarge',
];
const validationActions: readonly ValidationAction[] = ['Deny', 'Warn', 'Audit'];

/** Every variable a policy expression may read (upstream also offers `authorizer`, not served here). */
export const policyVariables: readonly CelVariableName[] = [
  'object',
  'oldObject',
  'params',
  'request',
  'namespaceObject',
  'variables',
];

export interface CompiledValidation {
  readonly program: CelProgram;
  readonly message: string;
  readonly messageProgram: CelProgram | undefined;
  readonly reason: ValidationReason | undefined;
}

export interface CompiledMatchCondition {
  readonly name: string;
  readonly program: CelProgram;
}

export interface CompiledAuditAnnotation {
  readonly key: string;
  readonly program: CelProgram;
}

export interface ParamKind {
  readonly apiVersion: string;
  readonly kind: string;
}

export interface CompiledPolicy {
  readonly name: string;
  readonly failurePolicy: FailurePolicy;
  readonly paramKind: ParamKind | undefined;
  /** Required by the API; a policy without it fails to configure (upstream DefinitionMatches). */
  readonly matchConstraints: MatchResources | undefined;
  readonly matchConditions: readonly CompiledMatchCondition[];
  readonly variables: readonly CompiledVariable[];
  readonly validations: readonly CompiledValidation[];
  readonly auditAnnotations: readonly CompiledAuditAnnotation[];
}

export interface ParamRef {
  readonly name: string;
  readonly namespace: string;
  /** Absent when the binding names its param; `{}` selects every object of the paramKind. */
  readonly selector: ParsedSelector | undefined;
  readonly parameterNotFoundAction: 'Allow' | 'Deny';
}

export interface PolicyBinding {
  readonly name: string;
  readonly policyName: string;
  readonly paramRef: ParamRef | undefined;
  /** Absent: the binding matches everything its policy matches. */
  readonly matchResources: MatchResources | undefined;
  readonly validationActions: readonly ValidationAction[];
}

function specOf(obj: KubeObject): Record<string, unknown> {
  const spec = obj['spec'];
  return isRecord(spec) ? spec : {};
}

function compile(expression: unknown, returns: 'bool' | 'string' | 'any'): CelProgram {
  return CelProgram.compile(stringField(expression), policyVariables, returns);
}

export function compilePolicy(obj: KubeObject): CompiledPolicy {
  const spec = specOf(obj);
  const paramKind = spec['paramKind'];
  const matchConstraints = spec['matchConstraints'];
  return {
    name: obj.metadata.name ?? '',
    failurePolicy: failurePolicyOf(spec['failurePolicy']),
    paramKind: isRecord(paramKind)
      ? { apiVersion: stringField(paramKind['apiVersion']), kind: stringField(paramKind['kind']) }
      : undefined,
    matchConstraints: isRecord(matchConstraints) ? decodeMatchResources(matchConstraints) : undefined,
    matchConditions: recordList(spec['matchConditions']).map((condition) => ({
      name: stringField(condition['name']),
      program: compile(condition['expression'], 'bool'),
    })),
    variables: recordList(spec['variables']).map((variable) => ({
      name: stringField(variable['name']),
      program: compile(variable['expression'], 'any'),
    })),
    validations: recordList(spec['validations']).map((validation) => {
      const reason = validation['reason'];
      const messageExpression = stringField(validation['messageExpression']);
      return {
        program: compile(validation['expression'], 'bool'),
        message: stringField(validation['message']),
        messageProgram: messageExpression === '' ? undefined : compile(messageExpression, 'string'),
        reason: validationReasons.find((known) => known === reason),
      };
    }),
    auditAnnotations: recordList(spec['auditAnnotations']).map((annotation) => ({
      key: stringField(annotation['key']),
      program: compile(annotation['valueExpression'], 'any'),
    })),
  };
}

function decodeParamRef(value: unknown): ParamRef | undefined {
  if (!isRecord(value)) return undefined;
  const selector = value['selector'];
  return {
    name: stringField(value['name']),
    namespace: stringField(value['namespace']),
    selector: selector === undefined || selector === null ? undefined : parseSelector(selector),
    parameterNotFoundAction: value['parameterNotFoundAction'] === 'Deny' ? 'Deny' : 'Allow',
  };
}

export function decodeBinding(obj: KubeObject): PolicyBinding {
  const spec = specOf(obj);
  const matchResources = spec['matchResources'];
  return {
    name: obj.metadata.name ?? '',
    policyName: stringField(spec['policyName']),
    paramRef: decodeParamRef(spec['paramRef']),
    matchResources: isRecord(matchResources) ? decodeMatchResources(matchResources) : undefined,
    validationActions: stringList(spec['validationActions']).flatMap((action) =>
      validationActions.filter((known) => known === action),
    ),
  };
}

/** A cluster's policies with their bindings, sorted by name (the order denials are reported in). */
export interface PolicyHook {
  readonly policy: CompiledPolicy;
  readonly bindings: readonly PolicyBinding[];
}

export function policyHooks(policies: readonly KubeObject[], bindings: readonly KubeObject[]): PolicyHook[] {
  const byName = (a: { name: string }, b: { name: string }): number =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  const decodedBindings = bindings.map(decodeBinding).sort(byName);
  const bound = new Set(decodedBindings.map((binding) => binding.policyName));
  // Upstream compiles only policies some binding refers to; bindings of missing policies are skipped.
  return policies
    .filter((policy) => bound.has(policy.metadata.name ?? ''))
    .map(compilePolicy)
    .sort(byName)
    .map((policy) => ({
      policy,
      bindings: decodedBindings.filter((binding) => binding.policyName === policy.name),
    }));
}
