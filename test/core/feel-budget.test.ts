import { describe, expect, it } from 'vitest';
import { checkFeel, evaluateFeel, ExpressionError, MAX_RANGE } from '../../engine/src/core/expressions/feel.ts';

describe('FEEL without running user loops', () => {
  it('should check an expression at deploy by parsing it, refusing a range longer than the budget', () => {
    expect(checkFeel('for i in 1..10 return i * 2')).toBeUndefined();
    expect(checkFeel(`count(for i in 1..${MAX_RANGE + 1} return i) > 0`)).toMatch(/^iterates over 1\.\.10001, 10001 numbers/);
    expect(checkFeel('some x in -20000..5 satisfies x > 0')).toMatch(/^iterates over/);
    expect(checkFeel('amount >')).toMatch(/^does not parse as FEEL/);
  });

  it('should refuse to run a long range at run time and run a short one', () => {
    expect(evaluateFeel('sum(for i in 1..100 return i)', {})).toBe(5050);
    expect(() => evaluateFeel('sum(for i in 1..20000 return i)', {})).toThrow(ExpressionError);
  });
});
