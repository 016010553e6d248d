import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../../src/machinery/errors.js';
import {
  escapeFieldValue,
  everythingFieldSelector,
  exactName,
  parseFieldSelector,
  requiredFieldValue,
  unescapeFieldValue,
  type FieldReader,
} from '../../../src/machinery/field-selector.js';

function parseError(text: string): string {
  try {
    parseFieldSelector(text);
  } catch (error) {
    assert.ok(error instanceof StatusError, `not a StatusError: ${String(error)}`);
    assert.equal(error.reason, 'BadRequest');
    assert.equal(error.code, 400);
    return error.message;
  }
  assert.fail(`expected ${JSON.stringify(text)} to fail`);
}

function reader(fields: Record<string, string>): FieldReader {
  return (field) => (Object.hasOwn(fields, field) ? fields[field] : undefined);
}

describe('parseFieldSelector', () => {
  describe('round-trips upstream TestSelectorParse good strings', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['a=b', 'a=b'],
      ['a==b', 'a=b'],
      ['a!=b', 'a!=b'],
      ['a=b,c=d', 'a=b,c=d'],
      ['c=d,a=b', 'a=b,c=d'],
      ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
      ['x=,z= ', 'x=,z= '],
      ['x=a\\,b', 'x=a\\,b'],
      ['x=a\\=b', 'x=a\\=b'],
      ['x=a\\\\b', 'x=a\\\\b'],
      ['metadata.name=foo,spec.nodeName!=', 'metadata.name=foo,spec.nodeName!='],
    ];
    for (const [text, canonical] of cases) {
      it(JSON.stringify(text), () => {
        assert.equal(parseFieldSelector(text).toString(), canonical);
      });
    }
  });

  it('returns unescaped requirements sorted by term, with == read as =', () => {
    assert.deepEqual(parseFieldSelector('status.phase!=Running,metadata.name==a\\,b').requirements, [
      { field: 'metadata.name', operator: '=', value: 'a,b' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
    ]);
  });

  it('keeps whitespace around fields and values, as upstream does not trim', () => {
    assert.deepEqual(parseFieldSelector(' a = b ').requirements, [
      { field: ' a ', operator: '=', value: ' b ' },
    ]);
  });

  it('splits at the first operator from the left, trying != and == before =', () => {
    assert.deepEqual(parseFieldSelector('a=!b').requirements, [{ field: 'a', operator: '=', value: '!b' }]);
    assert.deepEqual(parseFieldSelector('!a=b').requirements, [{ field: '!a', operator: '=', value: 'b' }]);
    assert.deepEqual(parseFieldSelector('a==b').requirements, [{ field: 'a', operator: '=', value: 'b' }]);
    assert.equal(parseError('a!=b!=c'), 'invalid field selector: unescaped character in value: 61');
    assert.equal(parseError('a!==b'), 'invalid field selector: unescaped character in value: 61');
  });

  it('skips empty terms and terms with neither field nor value', () => {
    assert.equal(parseFieldSelector('a=b,,').toString(), 'a=b');
    assert.equal(parseFieldSelector(',a=b').toString(), 'a=b');
    assert.equal(parseFieldSelector('=').empty, true);
    assert.equal(parseFieldSelector('==,!=').empty, true);
    assert.deepEqual(parseFieldSelector('=x').requirements, [{ field: '', operator: '=', value: 'x' }]);
  });

  describe('upstream error wording', () => {
    const cases: [string, string][] = [
      ['abc', "invalid selector: 'abc'; can't understand 'abc'"],
      ['a=b,abc', "invalid selector: 'a=b,abc'; can't understand 'abc'"],
      ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
      ['a=\\x', 'invalid field selector: invalid escape sequence: \\x'],
      ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
      ['a==b=', 'invalid field selector: unescaped character in value: 61'],
    ];
    for (const [text, message] of cases) {
      it(JSON.stringify(text), () => {
        assert.equal(parseError(text), message);
      });
    }
  });
});

describe('FieldSelector.matches', () => {
  const fields = reader({ 'metadata.name': 'web', 'status.phase': 'Running', 'spec.nodeName': '' });
  const cases: [string, boolean][] = [
    ['', true],
    ['metadata.name=web', true],
    ['metadata.name==web', true],
    ['metadata.name=db', false],
    ['metadata.name!=db', true],
    ['metadata.name!=web', false],
    ['metadata.name=web,status.phase=Running', true],
    ['metadata.name=web,status.phase!=Running', false],
    ['spec.nodeName=', true],
    ['spec.nodeName!=', false],
    // an absent field reads as "" (upstream Fields.Get)
    ['missing=', true],
    ['missing!=', false],
    ['missing=x', false],
    ['missing!=x', true],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} is ${expected}`, () => {
      assert.equal(parseFieldSelector(text).matches(fields), expected);
    });
  }

  it('everything matches all objects and is empty', () => {
    assert.equal(everythingFieldSelector.empty, true);
    assert.equal(everythingFieldSelector.matches(fields), true);
    assert.equal(parseFieldSelector('').empty, true);
    assert.equal(parseFieldSelector('a=b').empty, false);
  });
});

describe('exactName and requiredFieldValue (upstream RequiresExactMatch)', () => {
  const cases: [string, string | undefined][] = [
    ['metadata.name=foo', 'foo'],
    ['metadata.name==foo', 'foo'],
    ['metadata.name!=foo', undefined],
    ['metadata.namespace=foo', undefined],
    ['metadata.namespace=ns,metadata.name=foo', 'foo'],
    ['metadata.name=b,metadata.name=a', 'a'],
    ['metadata.name!=x,metadata.name=y', 'y'],
    ['metadata.name=a\\,b', 'a,b'],
    ['', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} -> ${String(expected)}`, () => {
      assert.equal(exactName(parseFieldSelector(text)), expected);
    });
  }

  it('works for any field', () => {
    assert.equal(requiredFieldValue(parseFieldSelector('spec.nodeName=n1'), 'spec.nodeName'), 'n1');
  });
});

describe('escapeFieldValue / unescapeFieldValue (upstream TestEscapeValue)', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
  ];
  for (const [raw, escaped] of cases) {
    it(JSON.stringify(raw), () => {
      assert.equal(escapeFieldValue(raw), escaped);
      assert.equal(unescapeFieldValue(escaped), raw);
    });
  }

  it('rejects invalid escapes and unescaped specials', () => {
    assert.throws(() => unescapeFieldValue('\\'), {
      message: 'invalid field selector: invalid escape sequence: \\',
    });
    assert.throws(() => unescapeFieldValue('\\a'), {
      message: 'invalid field selector: invalid escape sequence: \\a',
    });
    assert.throws(() => unescapeFieldValue('a,b'), {
      message: 'invalid field selector: unescaped character in value: 44',
    });
    assert.throws(() => unescapeFieldValue('a=b'), {
      message: 'invalid field selector: unescaped character in value: 61',
    });
  });
});
