/**
 * Field selectors: the `fieldSelector` query value (upstream k8s.io/apimachinery/pkg/fields/selector.go).
 * Terms are `field=value`, `field==value` or `field!=value`, joined by commas; `\`, `,` and `=` inside a
 * value are escaped with a backslash. Field names are not checked here: which fields a kind supports is
 * the registry's business ("field label not supported: …").
 */
import { badRequest } from './errors.js';

export interface FieldRequirement {
  readonly field: string;
  /** `==` parses to `=`, as upstream's hasTerm. */
  readonly operator: '=' | '!=';
  /** Unescaped. */
  readonly value: string;
}

/** Reads a field of one object; undefined (absent) compares like "" (upstream Fields.Get). */
export type FieldReader = (field: string) => string | undefined;

export interface FieldSelector {
  /** Sorted by the raw term text, as upstream sorts terms before parsing them. */
  readonly requirements: readonly FieldRequirement[];
  /** True when there are no requirements (select everything). */
  readonly empty: boolean;
  /** Whether every requirement holds for the object behind `get`; never throws. */
  matches(get: FieldReader): boolean;
  /** Upstream Selector.String(): canonical text with values re-escaped; "" when empty. */
  toString(): string;
}

class RequirementsFieldSelector implements FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(get: FieldReader): boolean {
    return this.requirements.every(({ field, operator, value }) => {
      const actual = get(field) ?? '';
      return operator === '=' ? actual === value : actual !== value;
    });
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }
}

export const everythingFieldSelector: FieldSelector = new RequirementsFieldSelector([]);

/** Upstream fields.EscapeValue. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (char) => `\\${char}`);
}

/**
 * Upstream fields.UnescapeValue; throws a 400 with upstream's text. An unescaped `,` or `=` is reported
 * by its code point ("… in value: 61"), because upstream prints the rune with %v.
 */
export function unescapeFieldValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let result = '';
  let escaping = false;
  for (const char of value) {
    if (escaping) {
      if (char !== '\\' && char !== ',' && char !== '=') {
        throw badRequest(`invalid field selector: invalid escape sequence: \\${char}`);
      }
      result += char;
      escaping = false;
    } else if (char === '\\') {
      escaping = true;
    } else if (char === ',' || char === '=') {
      throw badRequest(`invalid field selector: unescaped character in value: ${char.codePointAt(0) ?? 0}`);
    } else {
      result += char;
    }
  }
  if (escaping) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return result;
}

/** Upstream splitTerms: split on commas that are not escaped. */
function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaping = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (escaping) escaping = false;
    else if (char === '\\') escaping = true;
    else if (char === ',') {
      terms.push(text.slice(start, index));
      start = index + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** Upstream tries these at each position, in this order, so `!=` and `==` win over `=`. */
const termOperators = ['!=', '==', '='] as const;

/** Upstream splitTerm: the first operator from the left; no whitespace trimming on either side. */
function splitTerm(
  term: string,
): { field: string; operator: (typeof termOperators)[number]; rawValue: string } | undefined {
  for (let index = 0; index < term.length; index++) {
    const operator = termOperators.find((candidate) => term.startsWith(candidate, index));
    if (operator !== undefined) {
      return { field: term.slice(0, index), operator, rawValue: term.slice(index + operator.length) };
    }
  }
  return undefined;
}

/** Go's sort.Strings order: UTF-8 bytes, not UTF-16 code units. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Parses a `fieldSelector` query value (upstream fields.ParseSelector).
 * Throws a 400 BadRequest StatusError with upstream's message on a term without an operator or a bad escape.
 */
export function parseFieldSelector(text: string): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(text).sort(compareUtf8)) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (parts === undefined) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const value = unescapeFieldValue(parts.rawValue);
    // Upstream's identity Transform turns a term with neither field nor value into "everything".
    if (parts.field === '' && value === '') continue;
    requirements.push({ field: parts.field, operator: parts.operator === '!=' ? '!=' : '=', value });
  }
  return new RequirementsFieldSelector(requirements);
}

/**
 * The value `field` must equal, from the first `=`/`==` term on it (upstream RequiresExactMatch);
 * `!=` terms never pin a value.
 */
export function requiredFieldValue(selector: FieldSelector, field: string): string | undefined {
  return selector.requirements.find((r) => r.field === field && r.operator === '=')?.value;
}

/**
 * The object name a `metadata.name=<x>` term pins, if any. The request-info parser uses it to treat a
 * list/watch of one named object as a request for that name (RBAC resourceNames, kubectl wait).
 */
export function exactName(selector: FieldSelector): string | undefined {
  return requiredFieldValue(selector, 'metadata.name');
}
