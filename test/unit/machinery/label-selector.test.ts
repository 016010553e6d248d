import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../../src/machinery/errors.js';
import {
  everythingLabelSelector,
  formatLabelSelectorObject,
  nothingLabelSelector,
  parseLabelSelector,
  selectorFromLabelSelectorObject,
  selectorFromLabelSet,
  validateLabelSelectorObject,
  type LabelSelectorObject,
} from '../../../src/machinery/label-selector.js';

function parseError(text: string): string {
  try {
    parseLabelSelector(text);
  } catch (error) {
    assert.ok(error instanceof StatusError, `not a StatusError: ${String(error)}`);
    assert.equal(error.reason, 'BadRequest');
    assert.equal(error.code, 400);
    return error.message;
  }
  assert.fail(`expected ${JSON.stringify(text)} to fail`);
}

const labelValueRegexMessage =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('parseLabelSelector', () => {
  describe('accepts upstream TestSelectorParse good strings and re-prints them without spaces', () => {
    for (const text of [
      'x=a,y=b,z=c',
      '',
      'x!=a,y=b',
      'x=',
      'x= ',
      'x=,z= ',
      'x= ,z= ',
      '!x',
      'x>1',
      'x>1,z<5',
    ]) {
      it(JSON.stringify(text), () => {
        assert.equal(parseLabelSelector(text).toString(), text.replaceAll(' ', ''));
      });
    }
  });

  describe('rejects upstream TestSelectorParse and TestSetSelectorParser bad strings', () => {
    const bad = [
      'x=a||y=b',
      'x==a==b',
      '!x=a',
      'x<a',
      'x,,y',
      ',x,y',
      'x nott in (y)',
      'a in (xyz),',
      'a in (xyz)b notin ()',
      'a in (xyz abc)',
      'a notin(',
      'a (',
      '(',
    ];
    for (const text of bad) {
      it(JSON.stringify(text), () => {
        assert.ok(parseError(text).length > 0);
      });
    }
  });

  describe('parses upstream TestSetSelectorParser inputs into the expected requirements', () => {
    const cases: [string, string][] = [
      ['\rx', 'x'],
      ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
      [
        'this-is-another-dns.domain.com/key-with-dash in (so,what)',
        'this-is-another-dns.domain.com/key-with-dash in (so,what)',
      ],
      [
        '0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)',
        '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)',
      ],
      ['foo  in\t (abc)', 'foo in (abc)'],
      ['x notin\n (abc)', 'x notin (abc)'],
      ['x  notin\t\t\t(abc,def)', 'x notin (abc,def)'],
      ['x in (abc,def)', 'x in (abc,def)'],
      ['x in (abc,)', 'x in (,abc)'],
      ['x in (abc,abc)', 'x in (abc)'],
      ['x in ()', 'x in ()'],
      ['x in (a,,)', 'x in (,a)'],
      ['x in (a,,,)', 'x in (,a)'],
      ['x in (a,,,,,,)', 'x in (,a)'],
      ['x in (a,,a,,a,,a,,)', 'x in (,a)'],
      ['x notin (abc,,def),bar,z in (),w', 'bar,w,x notin (,abc,def),z in ()'],
      ['x,y in (a)', 'x,y in (a)'],
      ['x=a', 'x=a'],
      ['x>1', 'x>1'],
      ['x<7', 'x<7'],
      ['x=a,y!=b', 'x=a,y!=b'],
      ['x=a,y!=b,z in (h,i,j)', 'x=a,y!=b,z in (h,i,j)'],
      ['x notin ( )', 'x notin ()'],
      ['x notin (, a)', 'x notin (,a)'],
      ['a ', 'a'],
      ['a in (x,y,notin, z,in)', 'a in (in,notin,x,y,z)'],
      ['notin=in', 'notin=in'],
      ['x==y', 'x==y'],
      ['x in (b,a)', 'x in (a,b)'],
      ['in', 'in'],
      ['in in (in),notin notin (notin)', 'in in (in),notin notin (notin)'],
    ];
    for (const [text, canonical] of cases) {
      it(JSON.stringify(text), () => {
        assert.equal(parseLabelSelector(text).toString(), canonical);
      });
    }
  });

  it('sorts requirements by key so equal selectors print alike (upstream TestDeterministicParse)', () => {
    assert.equal(parseLabelSelector('x=a,a=x').toString(), parseLabelSelector('a=x,x=a').toString());
    assert.deepEqual(
      parseLabelSelector('z,!b,a in (2,1)').requirements.map((r) => r.key),
      ['a', 'b', 'z'],
    );
  });

  it('exposes the requirements with sorted, de-duplicated values', () => {
    assert.deepEqual(parseLabelSelector('x in (b,a,b),!y,z>5').requirements, [
      { key: 'x', operator: 'in', values: ['a', 'b'] },
      { key: 'y', operator: '!', values: [] },
      { key: 'z', operator: 'gt', values: ['5'] },
    ]);
  });

  it('reports an empty selector as empty and a non-empty one as not', () => {
    assert.equal(parseLabelSelector('').empty, true);
    assert.equal(parseLabelSelector('  \t ').empty, true);
    assert.equal(parseLabelSelector('a').empty, false);
  });

  it('treats only space, tab, CR and LF as whitespace, like upstream isWhitespace', () => {
    assert.equal(parseLabelSelector(' \t\r\na = b ').toString(), 'a=b');
    assert.match(parseError('a\v=b'), /^unable to parse requirement: <nil>: Invalid value: "a/);
  });

  it('reads a NUL like upstream lexer: it ends the text at the start of a token, else is swallowed', () => {
    assert.equal(parseLabelSelector('a= \0b').toString(), 'a=');
    assert.equal(parseLabelSelector('a=b,c\0').toString(), 'a=b,c');
    assert.equal(parseLabelSelector('a=\0b').toString(), 'a=b');
  });

  describe('upstream error wording', () => {
    const cases: [string, string][] = [
      ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
      ['x==a==b', "found '==', expected: ',' or 'end of string'"],
      ['!x=a', "found '=', expected: ',' or 'end of string'"],
      ['a,', "found '', expected: identifier after ','"],
      ['a,=b', "found '=', expected: identifier after ','"],
      [',x', "found ',', expected: !, identifier, or 'end of string'"],
      ['x in', "unable to parse requirement: found '' expected: '('"],
      ['x in (', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
      ['x in (=', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
      ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
      ['x in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
      ['x=(', "unable to parse requirement: found '(', expected: identifier"],
      ['!=a', "found '!=', expected: !, identifier, or 'end of string'"],
      ['! =a', "unable to parse requirement: found '=', expected: identifier"],
      ['x!', "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"],
      [
        'x<a',
        "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
      ],
      [
        'x>99999999999999999999',
        "unable to parse requirement: values[0]: Invalid value: \"99999999999999999999\": for 'Gt', 'Lt' operators, the value must be an integer",
      ],
      [
        `x=${'a'.repeat(64)}`,
        `unable to parse requirement: values[0][x]: Invalid value: "${'a'.repeat(64)}": must be no more than 63 bytes`,
      ],
      [
        'x=a||y',
        `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${labelValueRegexMessage}`,
      ],
      [
        'x in (-a,b-)',
        `unable to parse requirement: [values[0][x]: Invalid value: "-a": ${labelValueRegexMessage}, values[1][x]: Invalid value: "b-": ${labelValueRegexMessage}]`,
      ],
    ];
    for (const [text, message] of cases) {
      it(JSON.stringify(text), () => {
        assert.equal(parseError(text), message);
      });
    }

    it('validates keys against a nil field path, hence "<nil>"', () => {
      assert.equal(
        parseError('a/b/c'),
        "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      );
      assert.equal(
        parseError('Example.com/a'),
        "unable to parse requirement: <nil>: Invalid value: \"Example.com/a\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      );
    });

    it('joins several key problems with "; "', () => {
      assert.match(
        parseError(`/${'a'.repeat(64)}`),
        /<nil>: Invalid value: "\/a+": prefix part must be non-empty; name part must be no more than 63 bytes$/,
      );
    });
  });
});

describe('LabelSelector.matches', () => {
  const cases: [string, Record<string, string>, boolean][] = [
    // upstream TestSelectorMatches
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x', { x: 'z' }, true],
    ['!x', { y: 'z' }, true],
    ['x>1', { x: '2' }, true],
    ['x<1', { x: '0' }, true],
    ['x=z', {}, false],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['x', { y: 'z' }, false],
    ['!x', { x: 'z' }, false],
    ['x>1', { x: '0' }, false],
    ['x<1', { x: '2' }, false],
    ['foo=bar', { foo: 'bar', baz: 'blah' }, true],
    ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }, true],
    ['foo=blah', { foo: 'bar', baz: 'blah' }, false],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }, false],
    // upstream TestRequirementSelectorMatching
    ['x in (foo),y notin (alpha)', { x: 'foo', y: 'baz' }, true],
    ['x in (foo),y in (alpha)', { x: 'foo', y: 'baz' }, false],
    ['x notin (),y', { y: '' }, true],
    ['!x,y', { y: '' }, true],
    ['x notin (),!y', { y: '' }, false],
    ['x in ()', { y: 'baz' }, false],
    ['x in ()', { x: '' }, true],
    ['z>1', { z: '2' }, true],
    ['z>1', { z: 'v2' }, false],
    // != and notin match when the label is absent; gt/lt never do
    ['x!=a', {}, true],
    ['x notin (a)', {}, true],
    ['x>1', {}, false],
    ['x<1', {}, false],
  ];
  for (const [text, labels, expected] of cases) {
    it(`${JSON.stringify(text)} on ${JSON.stringify(labels)} is ${expected}`, () => {
      assert.equal(parseLabelSelector(text).matches(labels), expected);
    });
  }

  it('rejects a negative gt/lt bound because it is not a valid label value', () => {
    assert.match(parseError('x>-1'), /values\[0\]\[x\]: Invalid value: "-1"/);
  });

  it('compares gt/lt as 64-bit integers, not strings', () => {
    assert.equal(parseLabelSelector('x>9').matches({ x: '10' }), true);
    assert.equal(parseLabelSelector('x<10').matches({ x: '9' }), true);
    assert.equal(parseLabelSelector('x>9223372036854775806').matches({ x: '9223372036854775807' }), true);
    assert.equal(parseLabelSelector('x>1').matches({ x: '9223372036854775808' }), false);
    assert.equal(parseLabelSelector('x>1').matches({ x: '007' }), true);
  });

  it('treats undefined labels as no labels', () => {
    assert.equal(parseLabelSelector('').matches(undefined), true);
    assert.equal(parseLabelSelector('!a').matches(undefined), true);
    assert.equal(parseLabelSelector('a').matches(undefined), false);
  });

  it('does not see inherited properties as labels', () => {
    assert.equal(parseLabelSelector('constructor').matches({}), false);
    assert.equal(parseLabelSelector('!toString').matches({}), true);
  });
});

describe('requiresExactMatch (upstream TestRequiresExactMatch)', () => {
  const cases: [string, string, string | undefined][] = [
    ['key in (value)', 'key', 'value'],
    ['key in (value,value2)', 'key', undefined],
    ['key in (value,value1),key2 in (value2)', 'key2', 'value2'],
    ['key=value', 'key', 'value'],
    ['key==value', 'key', 'value'],
    ['key!=value', 'key', undefined],
    ['key in (value),key2 in (value2)', 'key', 'value'],
    ['key', 'key', undefined],
    ['other=x', 'key', undefined],
  ];
  for (const [text, key, expected] of cases) {
    it(`${text} / ${key}`, () => {
      assert.equal(parseLabelSelector(text).requiresExactMatch(key), expected);
    });
  }
});

describe('everything and nothing', () => {
  it('everything matches all and is empty', () => {
    assert.equal(everythingLabelSelector.matches({ x: 'y' }), true);
    assert.equal(everythingLabelSelector.empty, true);
    assert.equal(everythingLabelSelector.toString(), '');
  });

  it('nothing matches none and is not empty', () => {
    assert.equal(nothingLabelSelector.matches({}), false);
    assert.equal(nothingLabelSelector.empty, false);
    assert.equal(nothingLabelSelector.toString(), '');
  });

  it('selectorFromLabelSet requires each label (upstream SelectorFromSet)', () => {
    const selector = selectorFromLabelSet({ app: 'foo', a: 'b' });
    assert.equal(selector.toString(), 'a=b,app=foo');
    assert.equal(selector.matches({ app: 'foo', a: 'b', extra: 'label' }), true);
    assert.equal(selector.matches({ app: 'foo' }), false);
    assert.equal(selectorFromLabelSet({}).empty, true);
  });
});

describe('selectorFromLabelSelectorObject (upstream LabelSelectorAsSelector)', () => {
  it('selects nothing for a missing selector and everything for an empty one', () => {
    assert.equal(selectorFromLabelSelectorObject(undefined).matches({}), false);
    assert.equal(selectorFromLabelSelectorObject(null).matches({ a: 'b' }), false);
    assert.equal(selectorFromLabelSelectorObject({}).matches({ a: 'b' }), true);
    assert.equal(selectorFromLabelSelectorObject({}).empty, true);
    assert.equal(selectorFromLabelSelectorObject({ matchLabels: {}, matchExpressions: [] }).empty, true);
  });

  it('combines matchLabels and matchExpressions', () => {
    const selector = selectorFromLabelSelectorObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'back'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist', values: [] },
      ],
    });
    assert.equal(selector.toString(), 'app=web,env notin (prod),!legacy,team,tier in (back,front)');
    assert.equal(selector.matches({ app: 'web', tier: 'front', team: 'a' }), true);
    assert.equal(selector.matches({ app: 'web', tier: 'front', team: 'a', env: 'prod' }), false);
    assert.equal(selector.matches({ app: 'web', tier: 'front', team: 'a', legacy: '' }), false);
    assert.equal(selector.matches({ app: 'web', tier: 'middle', team: 'a' }), false);
    assert.equal(selector.matches({ app: 'web', tier: 'back' }), false);
  });

  function conversionError(object: LabelSelectorObject): string {
    try {
      selectorFromLabelSelectorObject(object);
    } catch (error) {
      assert.ok(error instanceof StatusError);
      assert.equal(error.code, 400);
      return error.message;
    }
    assert.fail('expected a conversion error');
  }

  it('reports upstream NewRequirement errors (upstream TestRequirementConstructor)', () => {
    assert.equal(
      conversionError({ matchExpressions: [{ key: 'x1', operator: 'In' }] }),
      "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
    );
    assert.equal(
      conversionError({ matchExpressions: [{ key: 'x2', operator: 'NotIn', values: [] }] }),
      "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
    );
    assert.equal(
      conversionError({ matchExpressions: [{ key: 'x8', operator: 'Exists', values: ['foo'] }] }),
      'values: Invalid value: ["foo"]: values set must be empty for exists and does not exist',
    );
    assert.match(
      conversionError({ matchExpressions: [{ key: 'a'.repeat(254), operator: 'Exists' }] }),
      /^key: Invalid value: "a{254}": name part must be no more than 63 bytes$/,
    );
    assert.equal(
      conversionError({ matchLabels: { x17: 'a b' } }),
      `values[0][x17]: Invalid value: "a b": ${labelValueRegexMessage}`,
    );
    assert.equal(
      conversionError({
        matchLabels: { Key: 'axahm2EJ8Phiephe2eixohbee9eGeiyees1thuozi1xoh0GiuH3diewi8iem7Nui' },
      }),
      'values[0][Key]: Invalid value: "axahm2EJ8Phiephe2eixohbee9eGeiyees1thuozi1xoh0GiuH3diewi8iem7Nui": must be no more than 63 bytes',
    );
  });

  it('rejects operators other than In, NotIn, Exists and DoesNotExist', () => {
    assert.equal(
      conversionError({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }),
      '"Gt" is not a valid label selector operator',
    );
    assert.equal(
      conversionError({ matchExpressions: [{ key: 'a', operator: 'in', values: ['1'] }] }),
      '"in" is not a valid label selector operator',
    );
  });
});

describe('formatLabelSelectorObject (upstream FormatLabelSelector)', () => {
  const cases: [LabelSelectorObject | undefined, string][] = [
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { app: 'nginx' } }, 'app=nginx'],
    [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2'],
    [{ matchExpressions: [{ key: 'x', operator: 'In', values: ['def', 'abc'] }] }, 'x in (abc,def)'],
    [{ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['abc'] }] }, 'x notin (abc)'],
    [{ matchExpressions: [{ key: 'z', operator: 'DoesNotExist' }] }, '!z'],
    [{ matchExpressions: [{ key: 'z', operator: 'Exists' }] }, 'z'],
    [{ matchLabels: { a: 'b' }, matchExpressions: [{ key: 'a', operator: 'Exists' }] }, 'a=b,a'],
    [{ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, '<error>'],
    [{ matchLabels: { 'bad key': 'x' } }, '<error>'],
  ];
  for (const [object, expected] of cases) {
    it(`${JSON.stringify(object)} -> ${expected}`, () => {
      assert.equal(formatLabelSelectorObject(object), expected);
    });
  }
});

describe('validateLabelSelectorObject (upstream ValidateLabelSelector)', () => {
  it('accepts a valid selector and a missing one', () => {
    assert.deepEqual(validateLabelSelectorObject(undefined, 'spec.selector'), []);
    assert.deepEqual(
      validateLabelSelectorObject(
        { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] },
        'spec.selector',
      ),
      [],
    );
  });

  it('reports each problem at its field', () => {
    const errors = validateLabelSelectorObject(
      {
        matchLabels: { 'bad key': 'ok', ok: '-bad' },
        matchExpressions: [
          { key: 'a', operator: 'In' },
          { key: 'b', operator: 'Exists', values: ['x'] },
          { key: 'c', operator: 'Gt', values: ['1'] },
          { key: 'd', operator: 'In', values: ['-x'] },
        ],
      },
      'spec.selector',
    );
    assert.deepEqual(
      errors.map((e) => [e.type, e.field]),
      [
        ['FieldValueInvalid', 'spec.selector.matchLabels'],
        ['FieldValueInvalid', 'spec.selector.matchLabels'],
        ['FieldValueRequired', 'spec.selector.matchExpressions[0].values'],
        ['FieldValueForbidden', 'spec.selector.matchExpressions[1].values'],
        ['FieldValueInvalid', 'spec.selector.matchExpressions[2].operator'],
        ['FieldValueInvalid', 'spec.selector.matchExpressions[3].values[0]'],
      ],
    );
    assert.equal(errors[2]?.detail, "must be specified when `operator` is 'In' or 'NotIn'");
    assert.equal(errors[3]?.detail, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    assert.equal(errors[4]?.detail, 'not a valid selector operator');
    assert.equal(errors[4]?.value, 'Gt');
  });
});
