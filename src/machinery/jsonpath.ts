import { isRecord } from './object.js';

/**
 * The JSONPath subset CRD printer columns use (upstream additionalPrinterColumns[].jsonPath): `.a.b`,
 * `.a[0]`, `.a[*].b`, `.a['key.with.dots']` and filters `[?(@.type=="Ready")]`. Returns every match.
 */
export function evaluateJsonPath(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const step of parseSteps(path)) current = current.flatMap((v) => applyStep(v, step));
  return current;
}

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; field: string[]; value: string };

function parseSteps(path: string): Step[] {
  const steps: Step[] = [];
  let rest = path.trim().replace(/^\{|\}$/g, '');
  if (rest.startsWith('$')) rest = rest.slice(1);
  while (rest !== '') {
    const field = /^\.([^.[\]]+)/.exec(rest);
    if (field !== null) {
      steps.push({ kind: 'field', name: field[1] ?? '' });
      rest = rest.slice(field[0].length);
      continue;
    }
    const bracket = /^\[(.*?)\]/.exec(rest);
    if (bracket === null) throw new Error(`unsupported JSONPath "${path}"`);
    steps.push(parseBracket(bracket[1] ?? '', path));
    rest = rest.slice(bracket[0].length);
  }
  return steps;
}

function parseBracket(inner: string, path: string): Step {
  if (inner === '*') return { kind: 'all' };
  if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
  const quoted = /^'(.*)'$|^"(.*)"$/.exec(inner);
  if (quoted !== null) return { kind: 'field', name: quoted[1] ?? quoted[2] ?? '' };
  const filter = /^\?\(@((?:\.[^.=!\s]+)+)\s*==\s*(?:"([^"]*)"|'([^']*)')\)$/.exec(inner);
  if (filter !== null) {
    return {
      kind: 'filter',
      field: (filter[1] ?? '').slice(1).split('.'),
      value: filter[2] ?? filter[3] ?? '',
    };
  }
  throw new Error(`unsupported JSONPath "${path}"`);
}

function applyStep(value: unknown, step: Step): unknown[] {
  switch (step.kind) {
    case 'field':
      return isRecord(value) && step.name in value ? [value[step.name]] : [];
    case 'index': {
      if (!Array.isArray(value)) return [];
      const item: unknown = value[step.index < 0 ? value.length + step.index : step.index];
      return item === undefined ? [] : [item];
    }
    case 'all':
      return Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
    case 'filter':
      return Array.isArray(value)
        ? value.filter((item) => {
            const found = step.field.reduce<unknown>((v, f) => (isRecord(v) ? v[f] : undefined), item);
            return found !== undefined && String(found) === step.value;
          })
        : [];
  }
}
