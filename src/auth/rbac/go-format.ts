/**
 * The few Go formatting rules whose output users see in RBAC messages: `%q` of a string and of a string
 * slice (strconv.Quote), and the text of an apimachinery errors.Aggregate.
 */

const namedEscapes: Readonly<Record<string, string>> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

function quoteRune(char: string): string {
  const named = namedEscapes[char];
  if (named !== undefined) return named;
  const code = char.codePointAt(0) ?? 0;
  // A lone surrogate cannot reach Go as text: UTF-8 encoding turns it into U+FFFD, which Go prints as is.
  if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
  if (printable.test(char)) return char;
  if (code < 0x80) return `\\x${hex(code, 2)}`;
  return code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
}

/** fmt's `%q` of a string (strconv.Quote). */
export function goQuote(text: string): string {
  let quoted = '"';
  for (const char of text) quoted += quoteRune(char);
  return `${quoted}"`;
}

/** fmt's `%q` of a []string: `["a" "b"]`, `[]` when empty. */
export function goQuoteList(items: readonly string[]): string {
  return `[${items.map(goQuote).join(' ')}]`;
}

/**
 * The Error() text of utilerrors.NewAggregate(messages): "" for none, the message itself for one,
 * otherwise the distinct messages in order, comma-separated in brackets.
 */
export function aggregateMessage(messages: readonly string[]): string {
  if (messages.length === 0) return '';
  if (messages.length === 1) return messages[0] ?? '';
  const distinct = [...new Set(messages)];
  return distinct.length === 1 ? (distinct[0] ?? '') : `[${distinct.join(', ')}]`;
}
