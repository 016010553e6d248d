/**
 * Name, label and annotation syntax checks with upstream's exact messages.
 *
 * The `is…` functions return a list of problems (empty when valid), like upstream's
 * k8s.io/apimachinery/pkg/util/validation and pkg/api/validate/content; the `validate…` functions wrap
 * them into FieldErrors like pkg/api/validation and pkg/apis/meta/v1/validation.
 *
 * Upstream (1.35+) words length limits two ways, and so do we: object-name checks from util/validation
 * say "must be no more than N characters", label keys and values from validate/content say "N bytes".
 * Lengths are counted in UTF-8 bytes, as Go's len(string) does.
 */
import type { FieldError } from './errors.js';

const dns1123LabelFormat = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelMessage =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const dns1123SubdomainFormat = `${dns1123LabelFormat}(\\.${dns1123LabelFormat})*`;
const dns1123SubdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const dns1035LabelFormat = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1035LabelMessage =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const labelKeyFormat = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelKeyMessage =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueFormat = `(${labelKeyFormat})?`;
const labelValueMessage =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const dns1123LabelPattern = anchored(dns1123LabelFormat);
const dns1123SubdomainPattern = anchored(dns1123SubdomainFormat);
const dns1035LabelPattern = anchored(dns1035LabelFormat);
const labelKeyPattern = anchored(labelKeyFormat);
const labelValuePattern = anchored(labelValueFormat);

export const dns1123LabelMaxLength = 63;
export const dns1123SubdomainMaxLength = 253;
export const dns1035LabelMaxLength = 63;
export const labelKeyNameMaxLength = 63;
export const labelValueMaxLength = 63;
/** Upstream TotalAnnotationSizeLimitB: keys plus values of one object, in bytes. */
export const totalAnnotationSizeLimitBytes = 256 * 1024;

function anchored(format: string): RegExp {
  return new RegExp(`^${format}$`);
}

/** UTF-8 length, which is what Go's len(string) measures. */
function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** Upstream util/validation MaxLenError (object names). */
function maxCharactersError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** Upstream validate/content MaxLenError (label keys and values). */
function maxBytesError(length: number): string {
  return `must be no more than ${length} bytes`;
}

/** Upstream RegexError: the message, the examples, then the regex. */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  const shown = examples.map((example) => `'${example}', `).join(' or ');
  return `${message} (e.g. ${shown}regex used for validation is '${format}')`;
}

/** RFC 1123 subdomain (most object names); upstream validation.IsDNS1123Subdomain. */
export function isDNS1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > dns1123SubdomainMaxLength)
    errors.push(maxCharactersError(dns1123SubdomainMaxLength));
  if (!dns1123SubdomainPattern.test(value)) {
    errors.push(regexError(dns1123SubdomainMessage, dns1123SubdomainFormat, 'example.com'));
  }
  return errors;
}

/** RFC 1123 label (namespaces, services…); upstream validation.IsDNS1123Label. */
export function isDNS1123Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > dns1123LabelMaxLength) errors.push(maxCharactersError(dns1123LabelMaxLength));
  if (!dns1123LabelPattern.test(value)) {
    // A valid subdomain that is not a valid label can only be failing on its dots (length was checked).
    if (dns1123SubdomainPattern.test(value)) errors.push('must not contain dots');
    else errors.push(regexError(dns1123LabelMessage, dns1123LabelFormat, 'my-name', '123-abc'));
  }
  return errors;
}

/** RFC 1035 label (must start with a letter); upstream validation.IsDNS1035Label. */
export function isDNS1035Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > dns1035LabelMaxLength) errors.push(maxCharactersError(dns1035LabelMaxLength));
  if (!dns1035LabelPattern.test(value)) {
    errors.push(regexError(dns1035LabelMessage, dns1035LabelFormat, 'my-name', 'abc-123'));
  }
  return errors;
}

/** The subdomain check used for label-key prefixes; upstream content.IsDNS1123Subdomain ("bytes"). */
function isLabelKeyPrefix(prefix: string): string[] {
  const errors: string[] = [];
  if (byteLength(prefix) > dns1123SubdomainMaxLength) errors.push(maxBytesError(dns1123SubdomainMaxLength));
  if (!dns1123SubdomainPattern.test(prefix)) {
    errors.push(regexError(dns1123SubdomainMessage, dns1123SubdomainFormat, 'example.com'));
  }
  return errors;
}

/**
 * A "qualified name" (label key, annotation key, finalizer…): an optional DNS-subdomain prefix and '/',
 * then a name of up to 63 bytes; upstream content.IsLabelKey (alias IsQualifiedName).
 */
export function isQualifiedName(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      `a valid label key ${regexError(labelKeyMessage, labelKeyFormat, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  const errors: string[] = [];
  const [first = '', second] = parts;
  const name = second ?? first;
  if (second !== undefined) {
    if (first.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...isLabelKeyPrefix(first).map((message) => `prefix part ${message}`));
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (byteLength(name) > labelKeyNameMaxLength) {
    errors.push(`name part ${maxBytesError(labelKeyNameMaxLength)}`);
  }
  if (!labelKeyPattern.test(name)) {
    errors.push(`name part ${regexError(labelKeyMessage, labelKeyFormat, 'MyName', 'my.name', '123-abc')}`);
  }
  return errors;
}

/** A label value: empty, or up to 63 bytes of [-A-Za-z0-9_.] with alphanumeric ends; upstream content.IsLabelValue. */
export function isValidLabelValue(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > labelValueMaxLength) errors.push(maxBytesError(labelValueMaxLength));
  if (!labelValuePattern.test(value)) {
    errors.push(regexError(labelValueMessage, labelValueFormat, 'MyValue', 'my_value', '12345'));
  }
  return errors;
}

/**
 * Whether a name can be one segment of a URL path or storage key; upstream path.IsValidPathSegmentName.
 * It does not check emptiness or length (neither does upstream).
 */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return isValidPathSegmentPrefix(name);
}

/** Like isValidPathSegmentName for a generateName prefix, which a suffix may still complete. */
export function isValidPathSegmentPrefix(name: string): string[] {
  return ['/', '%']
    .filter((illegal) => name.includes(illegal))
    .map((illegal) => `may not contain '${illegal}'`);
}

/** Checks one object name (or, with `prefix`, a generateName); upstream ValidateNameFunc. */
export type NameValidator = (name: string, prefix: boolean) => string[];

/**
 * A generateName may end in '-' because random characters follow; upstream maskTrailingDash replaces
 * the last two characters with "a" before checking.
 */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** Upstream NameIsDNSSubdomain: the rule for most kinds (ConfigMap, Secret, Deployment…). */
export const nameIsDNSSubdomain: NameValidator = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

/** Upstream NameIsDNSLabel: the rule for Namespace and a few others. */
export const nameIsDNSLabel: NameValidator = (name, prefix) =>
  isDNS1123Label(prefix ? maskTrailingDash(name) : name);

/** Upstream NameIsDNS1035Label: the rule for Service. */
export const nameIsDNS1035Label: NameValidator = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** Upstream ValidateLabelName: one qualified-name error per problem, at `fieldPath`. */
export function validateLabelName(key: string, fieldPath: string): FieldError[] {
  return isQualifiedName(key).map((detail) => invalidField(fieldPath, key, detail));
}

/**
 * Upstream ValidateLabels. Every error sits at the map's own path (not `labels[key]`), with the bad
 * key or value as the shown value, exactly as upstream reports it.
 */
export function validateLabels(
  labels: Readonly<Record<string, string>> | undefined,
  fieldPath: string,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    errors.push(...validateLabelName(key, fieldPath));
    errors.push(...isValidLabelValue(value).map((detail) => invalidField(fieldPath, value, detail)));
  }
  return errors;
}

/**
 * Upstream ValidateAnnotations: keys are qualified names compared case-insensitively, and all keys plus
 * values together may use at most 256 KiB.
 */
export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  fieldPath: string,
): FieldError[] {
  const errors: FieldError[] = [];
  let totalBytes = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    errors.push(...isQualifiedName(key.toLowerCase()).map((detail) => invalidField(fieldPath, key, detail)));
    totalBytes += byteLength(key) + byteLength(value);
  }
  if (totalBytes > totalAnnotationSizeLimitBytes) {
    errors.push({
      type: 'FieldValueTooLong',
      field: fieldPath,
      detail: `may not be more than ${totalAnnotationSizeLimitBytes} bytes`,
    });
  }
  return errors;
}

function invalidField(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}
