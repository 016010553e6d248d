/**
 * Schema `pattern`s as JavaScript regular expressions. Upstream compiles them with Go's RE2; the
 * common syntax agrees, RE2-only constructs (like `\z`) do not.
 */

const patternCache = new Map<string, RegExp | Error>();

/** The compiled pattern, or why it does not compile; cached by source. */
export function compilePattern(pattern: string): RegExp | Error {
  let compiled = patternCache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(pattern, 'u');
    } catch {
      try {
        compiled = new RegExp(pattern);
      } catch (error) {
        compiled = error instanceof Error ? error : new Error(String(error));
      }
    }
    patternCache.set(pattern, compiled);
  }
  return compiled;
}
