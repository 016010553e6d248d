/**
 * The text form of label selectors: upstream's lexer and recursive-descent parser
 * (k8s.io/apimachinery/pkg/labels/selector.go) plus NewRequirement's checks, so the same input fails at
 * the same token with the same words. The LabelSelector built from these lives in label-selector.ts.
 */
import { fieldErrorMessage, type FieldError } from './errors.js';
import { isQualifiedName, isValidLabelValue } from './validation.js';

/** Upstream selection.Operator values a label requirement can hold. */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** In parse order for structured selectors; sorted and de-duplicated when parsed from text. */
  readonly values: readonly string[];
}

type TokenKind =
  'end' | 'identifier' | 'in' | 'notin' | ',' | '(' | ')' | '!' | '=' | '==' | '!=' | '>' | '<';

interface Token {
  readonly kind: TokenKind;
  readonly literal: string;
}

const keywordTokens: Readonly<Record<string, TokenKind>> = { in: 'in', notin: 'notin' };
const symbolTokens: Readonly<Record<string, TokenKind>> = {
  ',': ',',
  '(': '(',
  ')': ')',
  '!': '!',
  '=': '=',
  '==': '==',
  '!=': '!=',
  '>': '>',
  '<': '<',
};

/** Upstream isWhitespace: only these four separate tokens. */
function isWhitespace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n';
}

function isSpecialSymbol(char: string): boolean {
  return '=!(),><'.includes(char);
}

/**
 * Upstream's Lexer, read for read. `read` yields "\0" at the end without advancing, and a NUL in the
 * text reads the same while advancing, so (as upstream) a NUL at the start of a token ends the selector
 * and one inside or right after a token is swallowed.
 */
class Lexer {
  private position = 0;

  constructor(private readonly text: string) {}

  next(): Token {
    let char = this.read();
    while (isWhitespace(char)) char = this.read();
    if (char === '\0') return { kind: 'end', literal: '' };
    this.unread();
    return isSpecialSymbol(char) ? this.scanSymbol() : this.scanIdentifierOrKeyword();
  }

  private read(): string {
    if (this.position >= this.text.length) return '\0';
    return this.text[this.position++] ?? '\0';
  }

  private unread(): void {
    this.position -= 1;
  }

  private scanIdentifierOrKeyword(): Token {
    let literal = '';
    for (;;) {
      const char = this.read();
      if (char === '\0') break;
      if (isSpecialSymbol(char) || isWhitespace(char)) {
        this.unread();
        break;
      }
      literal += char;
    }
    // hasOwn: an identifier such as "constructor" must not find Object.prototype members.
    const keyword = Object.hasOwn(keywordTokens, literal) ? keywordTokens[literal] : undefined;
    return { kind: keyword ?? 'identifier', literal };
  }

  /** The longest operator: every single symbol is one, so this is "==" / "!=" or one character. */
  private scanSymbol(): Token {
    let literal = '';
    for (;;) {
      const char = this.read();
      if (char === '\0') break;
      if (!isSpecialSymbol(char) || !Object.hasOwn(symbolTokens, literal + char)) {
        this.unread();
        break;
      }
      literal += char;
    }
    return { kind: symbolTokens[literal] ?? 'end', literal };
  }
}

/** Upstream Parser.scan: every token up to and including the end. */
function tokenize(text: string): Token[] {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'end') return tokens;
  }
}

const binaryOperators: readonly LabelOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

/** Upstream strconv.ParseInt(s, 10, 64): optional sign, decimal digits, int64 range. */
export function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value >= -(2n ** 63n) && value < 2n ** 63n ? value : undefined;
}

/** Upstream validateLabelKey: one Invalid error whose detail joins every problem with "; ". */
function labelKeyError(key: string, field: string): FieldError | undefined {
  const problems = isQualifiedName(key);
  if (problems.length === 0) return undefined;
  return { type: 'FieldValueInvalid', field, value: key, detail: problems.join('; ') };
}

/** Upstream NewRequirement's checks, with the same field paths ("key", "values", "values[i][key]"). */
function requirementErrors(key: string, operator: LabelOperator, values: readonly string[]): FieldError[] {
  const keyError = labelKeyError(key, 'key');
  return [
    ...(keyError === undefined ? [] : [keyError]),
    ...valueCountErrors(operator, values),
    ...integerValueErrors(operator, values),
    ...labelValueErrors(key, values),
  ];
}

/** How many values each operator takes. */
function valueCountErrors(operator: LabelOperator, values: readonly string[]): FieldError[] {
  const count = values.length;
  let detail: string | undefined;
  if ((operator === 'in' || operator === 'notin') && count === 0) {
    detail = "for 'in', 'notin' operators, values set can't be empty";
  } else if ((operator === '=' || operator === '==' || operator === '!=') && count !== 1) {
    detail = 'exact-match compatibility requires one single value';
  } else if ((operator === 'exists' || operator === '!') && count !== 0) {
    detail = 'values set must be empty for exists and does not exist';
  } else if ((operator === 'gt' || operator === 'lt') && count !== 1) {
    detail = "for 'Gt', 'Lt' operators, exactly one value is required";
  }
  if (detail === undefined) return [];
  // Go marshals the empty value slice that reaches these checks as null.
  return [{ type: 'FieldValueInvalid', field: 'values', value: count === 0 ? null : values, detail }];
}

function integerValueErrors(operator: LabelOperator, values: readonly string[]): FieldError[] {
  if (operator !== 'gt' && operator !== 'lt') return [];
  return values.flatMap((value, index): FieldError[] =>
    parseInt64(value) === undefined
      ? [
          {
            type: 'FieldValueInvalid',
            field: `values[${index}]`,
            value,
            detail: "for 'Gt', 'Lt' operators, the value must be an integer",
          },
        ]
      : [],
  );
}

/** Upstream validateLabelValue: one error per bad value, its problems joined with "; ". */
function labelValueErrors(key: string, values: readonly string[]): FieldError[] {
  return values.flatMap((value, index): FieldError[] => {
    const problems = isValidLabelValue(value);
    if (problems.length === 0) return [];
    return [
      { type: 'FieldValueInvalid', field: `values[${index}][${key}]`, value, detail: problems.join('; ') },
    ];
  });
}

/** Upstream utilerrors aggregate text: one message alone, several de-duplicated inside "[a, b]". */
function aggregateMessage(errors: readonly FieldError[]): string {
  const messages = [...new Set(errors.map(fieldErrorMessage))];
  return messages.length === 1 ? (messages[0] ?? '') : `[${messages.join(', ')}]`;
}

/** Builds a validated requirement or returns upstream's aggregated error text. */
export function newRequirement(
  key: string,
  operator: LabelOperator,
  values: readonly string[],
): LabelRequirement | { error: string } {
  const errors = requirementErrors(key, operator, values);
  if (errors.length > 0) return { error: aggregateMessage(errors) };
  return { key, operator, values: [...values] };
}

/** A parse failure; its message is upstream's error text. */
export class SelectorSyntaxError extends Error {}

/**
 * Recursive-descent parser over the token list, structured like upstream's Parser so the same input
 * fails at the same token with the same words.
 */
class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const next = this.lookahead(true);
      if (next.kind === 'end') return requirements;
      if (next.kind !== 'identifier' && next.kind !== '!') {
        this.fail(`found '${next.literal}', expected: !, identifier, or 'end of string'`);
      }
      requirements.push(this.parseRequirementWrapped());
      const separator = this.consume(true);
      if (separator.kind === 'end') return requirements;
      if (separator.kind !== ',') this.fail(`found '${separator.literal}', expected: ',' or 'end of string'`);
      const after = this.lookahead(true);
      if (after.kind !== 'identifier' && after.kind !== '!') {
        this.fail(`found '${after.literal}', expected: identifier after ','`);
      }
    }
  }

  /** Upstream prefixes every failure inside one requirement with "unable to parse requirement: ". */
  private parseRequirementWrapped(): LabelRequirement {
    try {
      return this.parseRequirement();
    } catch (error) {
      if (error instanceof SelectorSyntaxError) this.fail(`unable to parse requirement: ${error.message}`);
      throw error;
    }
  }

  private parseRequirement(): LabelRequirement {
    const { key, operator: inferred } = this.parseKeyAndInferOperator();
    if (inferred !== undefined) return this.build(key, inferred, []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return this.build(key, operator, [...new Set(values)].sort());
  }

  private build(key: string, operator: LabelOperator, values: readonly string[]): LabelRequirement {
    const built = newRequirement(key, operator, values);
    if ('error' in built) this.fail(built.error);
    return built;
  }

  /** `!key` is DoesNotExist; a bare key followed by ',' or the end is Exists; otherwise an operator follows. */
  private parseKeyAndInferOperator(): { key: string; operator: LabelOperator | undefined } {
    let token = this.consume(true);
    const negated = token.kind === '!';
    if (negated) token = this.consume(true);
    if (token.kind !== 'identifier') this.fail(`found '${token.literal}', expected: identifier`);
    // Upstream validates the key against a nil field path here, hence the "<nil>" in the message.
    const keyError = labelKeyError(token.literal, '<nil>');
    if (keyError !== undefined) this.fail(fieldErrorMessage(keyError));
    const next = this.lookahead(true).kind;
    if (negated) return { key: token.literal, operator: '!' };
    return { key: token.literal, operator: next === 'end' || next === ',' ? 'exists' : undefined };
  }

  private parseOperator(): LabelOperator {
    const token = this.consume(false);
    switch (token.kind) {
      case 'in':
      case 'notin':
      case '=':
      case '==':
      case '!=':
        return token.kind;
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      default:
        return this.fail(`found '${token.literal}', expected: ${binaryOperators.join(', ')}`);
    }
  }

  /** `( a, b )`; empty members are the empty string, as upstream's `(,` and `,)` handling. */
  private parseValues(): string[] {
    const open = this.consume(true);
    if (open.kind !== '(') this.fail(`found '${open.literal}' expected: '('`);
    const next = this.lookahead(true);
    if (next.kind === ')') {
      this.consume(true);
      return [''];
    }
    if (next.kind !== 'identifier' && next.kind !== ',') {
      this.fail(`found '${next.literal}', expected: ',', ')' or identifier`);
    }
    const values = this.parseIdentifierList();
    this.consume(true); // the ')' that ended the list
    return values;
  }

  private parseIdentifierList(): string[] {
    const values: string[] = [];
    for (;;) {
      const token = this.consume(true);
      if (token.kind === 'identifier') {
        values.push(token.literal);
        const after = this.lookahead(true);
        if (after.kind === ')') return values;
        if (after.kind !== ',') this.fail(`found '${after.literal}', expected: ',' or ')'`);
      } else if (token.kind === ',') {
        if (values.length === 0) values.push('');
        const after = this.lookahead(true).kind;
        if (after === ')') return [...values, ''];
        if (after === ',') values.push('');
      } else {
        this.fail(`found '${token.literal}', expected: ',', or identifier`);
      }
    }
  }

  /** The value after `=`, `==`, `!=`, `>` or `<`; nothing before ',' or the end means "". */
  private parseExactValue(): string[] {
    const next = this.lookahead(true).kind;
    if (next === 'end' || next === ',') return [''];
    const token = this.consume(true);
    if (token.kind !== 'identifier') this.fail(`found '${token.literal}', expected: identifier`);
    return [token.literal];
  }

  /** In value position the keywords `in`/`notin` are plain identifiers (upstream ParserContext Values). */
  private lookahead(asValue: boolean): Token {
    return this.read(this.position, asValue);
  }

  private consume(asValue: boolean): Token {
    const token = this.read(this.position, asValue);
    this.position = Math.min(this.position + 1, this.tokens.length - 1);
    return token;
  }

  private read(index: number, asValue: boolean): Token {
    const token = this.tokens[index] ?? { kind: 'end', literal: '' };
    if (asValue && (token.kind === 'in' || token.kind === 'notin'))
      return { kind: 'identifier', literal: token.literal };
    return token;
  }

  private fail(message: string): never {
    throw new SelectorSyntaxError(message);
  }
}

/**
 * Parses selector text into requirements, in text order (upstream Parser.parse).
 * Throws SelectorSyntaxError with upstream's message.
 */
export function parseRequirements(text: string): LabelRequirement[] {
  return new Parser(tokenize(text)).parse();
}
