import { RE2JS } from 're2js';

/**
 * The regular-expression engine of tenant JSON Schemas (`pattern`,
 * `patternProperties`): RE2 semantics in pure JavaScript, whose matching time
 * is linear in the input, so a tenant's `^(a+)+$` cannot stall the event loop
 * that every other tenant's events share. Patterns RE2 cannot express
 * (backreferences, lookaround) fail to compile, and the schema is refused when
 * it is registered. Ajv calls this through its `code.regExp` option.
 */
export class UnsupportedPatternError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`pattern "${pattern.slice(0, 200)}" is not supported: ${reason}`);
    this.name = 'UnsupportedPatternError';
  }
}

export interface LinearRegExp {
  test(text: string): boolean;
  /** Ajv keys compiled patterns by this: it must differ between patterns. */
  toString(): string;
}

export function linearRegExp(pattern: string, flags: string): LinearRegExp {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (error) {
    throw new UnsupportedPatternError(pattern, (error as Error).message);
  }
  return { test: (text) => compiled.test(text), toString: () => `/${pattern}/${flags}` };
}
/** Ajv reads `code` only for standalone code generation, which Herald does not use. */
linearRegExp.code = 'linearRegExp';
