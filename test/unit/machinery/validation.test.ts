import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorMessage } from '../../../src/machinery/errors.js';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  isValidPathSegmentPrefix,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  regexError,
  validateAnnotations,
  validateLabelName,
  validateLabels,
} from '../../../src/machinery/validation.js';

const subdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMessage =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const dns1035Message =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const labelKeyNameMessage =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValueMessage =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function checkTable(check: (value: string) => string[], valid: string[], invalid: string[]): void {
  for (const value of valid) {
    it(`accepts ${JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}…(${value.length})` : value)}`, () => {
      assert.deepEqual(check(value), []);
    });
  }
  for (const value of invalid) {
    it(`rejects ${JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}…(${value.length})` : value)}`, () => {
      assert.notDeepEqual(check(value), []);
    });
  }
}

describe('regexError (upstream RegexError)', () => {
  it('renders examples the way upstream does, double space included', () => {
    assert.equal(regexError('msg', 're'), "msg (regex used for validation is 're')");
    assert.equal(regexError('msg', 're', 'a'), "msg (e.g. 'a', regex used for validation is 're')");
    assert.equal(
      regexError('msg', 're', 'a', 'b'),
      "msg (e.g. 'a',  or 'b', regex used for validation is 're')",
    );
  });
});

describe('isDNS1123Label (upstream TestIsDNS1123Label)', () => {
  checkTable(
    isDNS1123Label,
    [
      'a',
      'ab',
      'abc',
      'a1',
      'a-1',
      'a--1--2--b',
      '0',
      '01',
      '012',
      '1a',
      '1-a',
      '1--a--b--2',
      'a'.repeat(63),
    ],
    [
      '',
      'A',
      'ABC',
      'aBc',
      'A1',
      'A-1',
      '1-A',
      '-',
      'a-',
      '-a',
      '1-',
      '-1',
      '_',
      'a_',
      '_a',
      'a_b',
      '1_',
      '_1',
      '1_2',
      '.',
      'a.',
      '.a',
      'a.b',
      '1.',
      '.1',
      '1.2',
      ' ',
      'a ',
      ' a',
      'a b',
      '1 ',
      ' 1',
      '1 2',
      'a'.repeat(64),
    ],
  );

  it('words its problems like upstream', () => {
    assert.deepEqual(isDNS1123Label('A'), [labelMessage]);
    assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
    assert.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
    assert.deepEqual(isDNS1123Label(`${'a'.repeat(64)}-`), [
      'must be no more than 63 characters',
      labelMessage,
    ]);
  });
});

describe('isDNS1123Subdomain (upstream TestIsDNS1123Subdomain)', () => {
  checkTable(
    isDNS1123Subdomain,
    [
      'a',
      'ab',
      'abc',
      'a1',
      'a-1',
      'a--1--2--b',
      '0',
      '01',
      '012',
      '1a',
      '1-a',
      '1--a--b--2',
      'a.a',
      'ab.a',
      'abc.a',
      'a1.a',
      'a-1.a',
      'a--1--2--b.a',
      'a.1',
      'ab.1',
      'abc.1',
      'a1.1',
      'a-1.1',
      'a--1--2--b.1',
      '0.a',
      '01.a',
      '012.a',
      '1a.a',
      '1-a.a',
      '1--a--b--2',
      '0.1',
      '01.1',
      '012.1',
      '1a.1',
      '1-a.1',
      '1--a--b--2.1',
      'a.b.c.d.e',
      'aa.bb.cc.dd.ee',
      '1.2.3.4.5',
      '11.22.33.44.55',
      'a'.repeat(253),
    ],
    [
      '',
      'A',
      'ABC',
      'aBc',
      'A1',
      'A-1',
      '1-A',
      '-',
      'a-',
      '-a',
      '1-',
      '-1',
      '_',
      'a_',
      '_a',
      'a_b',
      '1_',
      '_1',
      '1_2',
      '.',
      'a.',
      '.a',
      'a..b',
      '1.',
      '.1',
      '1..2',
      ' ',
      'a ',
      ' a',
      'a b',
      '1 ',
      ' 1',
      '1 2',
      'A.a',
      'aB.a',
      'ab.A',
      'A1.a',
      'a1.A',
      'A.1',
      'aB.1',
      'A1.1',
      '1A.1',
      '0.A',
      '01.A',
      '012.A',
      '1A.a',
      '1a.A',
      'A.B.C.D.E',
      'AA.BB.CC.DD.EE',
      'a.B.c.d.e',
      'aa.bB.cc.dd.ee',
      'a@b',
      'a,b',
      'a_b',
      'a;b',
      'a:b',
      'a%b',
      'a?b',
      'a$b',
      'a'.repeat(254),
    ],
  );

  it('words its problems like upstream', () => {
    assert.deepEqual(isDNS1123Subdomain('Foo'), [subdomainMessage]);
    assert.deepEqual(isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
  });

  it('counts length in UTF-8 bytes, like Go', () => {
    assert.deepEqual(isDNS1123Subdomain('é'.repeat(127)), [
      'must be no more than 253 characters',
      subdomainMessage,
    ]);
  });
});

describe('isDNS1035Label (upstream TestIsDNS1035Label)', () => {
  checkTable(
    isDNS1035Label,
    ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', 'a'.repeat(63)],
    [
      '0',
      '01',
      '012',
      '1a',
      '1-a',
      '1--a--b--2',
      '',
      'A',
      'ABC',
      'aBc',
      'A1',
      'A-1',
      '1-A',
      '-',
      'a-',
      '-a',
      '1-',
      '-1',
      '_',
      'a_',
      '_a',
      'a_b',
      '1_',
      '_1',
      '1_2',
      '.',
      'a.',
      '.a',
      'a.b',
      '1.',
      '.1',
      '1.2',
      ' ',
      'a ',
      ' a',
      'a b',
      '1 ',
      ' 1',
      '1 2',
      'a'.repeat(64),
    ],
  );

  it('words its problems like upstream', () => {
    assert.deepEqual(isDNS1035Label('1a'), [dns1035Message]);
  });
});

describe('isQualifiedName (upstream TestIsLabelKey)', () => {
  checkTable(
    isQualifiedName,
    [
      'simple',
      'now-with-dashes',
      '1-starts-with-num',
      '1234',
      'simple/simple',
      'now-with-dashes/simple',
      'now-with-dashes/now-with-dashes',
      'now.with.dots/simple',
      'now-with.dashes-and.dots/simple',
      '1-num.2-num/3-num',
      '1234/5678',
      '1.2.3.4/5678',
      'Uppercase_Is_OK_123',
      'example.com/Uppercase_Is_OK_123',
      'requests.storage-foo',
      'a'.repeat(63),
      `${'a'.repeat(253)}/${'b'.repeat(63)}`,
    ],
    [
      'nospecialchars%^=@',
      'cantendwithadash-',
      '-cantstartwithadash-',
      'only/one/slash',
      'Example.com/abc',
      'example_com/abc',
      'example.com/',
      '/simple',
      'a'.repeat(64),
      `${'a'.repeat(254)}/abc`,
      '',
    ],
  );

  it('words its problems like upstream', () => {
    assert.deepEqual(isQualifiedName('-a'), [labelKeyNameMessage]);
    assert.deepEqual(isQualifiedName(''), ['name part must be non-empty', labelKeyNameMessage]);
    assert.deepEqual(isQualifiedName('example.com/'), ['name part must be non-empty', labelKeyNameMessage]);
    assert.deepEqual(isQualifiedName('/a'), ['prefix part must be non-empty']);
    assert.deepEqual(isQualifiedName('a'.repeat(64)), ['name part must be no more than 63 bytes']);
    assert.deepEqual(isQualifiedName(`${'a'.repeat(254)}/a`), ['prefix part must be no more than 253 bytes']);
    assert.deepEqual(isQualifiedName('Example.com/a'), [`prefix part ${subdomainMessage}`]);
    assert.deepEqual(isQualifiedName('a/b/c'), [
      "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });
});

describe('isValidLabelValue (upstream TestIsLabelValue)', () => {
  checkTable(
    isValidLabelValue,
    ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', 'a'.repeat(63), ''],
    [
      'nospecialchars%^=@',
      'Tama-nui-te-rā.is.Māori.sun',
      '\\backslashes\\are\\bad',
      '-starts-with-dash',
      'ends-with-dash-',
      '.starts.with.dot',
      'ends.with.dot.',
      'a'.repeat(64),
    ],
  );

  it('words its problems like upstream', () => {
    assert.deepEqual(isValidLabelValue('-a'), [labelValueMessage]);
    assert.deepEqual(isValidLabelValue('a'.repeat(64)), ['must be no more than 63 bytes']);
    assert.deepEqual(isValidLabelValue(`-${'a'.repeat(63)}`), [
      'must be no more than 63 bytes',
      labelValueMessage,
    ]);
  });
});

describe('isValidPathSegmentName (upstream path.IsValidPathSegmentName)', () => {
  const cases: [string, string[]][] = [
    ['foo', []],
    ['', []],
    ['.', ["may not be '.'"]],
    ['..', ["may not be '..'"]],
    ['...', []],
    ['.foo', []],
    ['a/b', ["may not contain '/'"]],
    ['a%b', ["may not contain '%'"]],
    ['a/%b', ["may not contain '/'", "may not contain '%'"]],
  ];
  for (const [name, expected] of cases) {
    it(JSON.stringify(name), () => {
      assert.deepEqual(isValidPathSegmentName(name), expected);
    });
  }

  it('lets a prefix be "." or ".." but still rejects "/" and "%"', () => {
    assert.deepEqual(isValidPathSegmentPrefix('..'), []);
    assert.deepEqual(isValidPathSegmentPrefix('a/'), ["may not contain '/'"]);
  });
});

describe('name validators (upstream NameIsDNSSubdomain, NameIsDNSLabel, NameIsDNS1035Label)', () => {
  it('check a full name as is', () => {
    assert.deepEqual(nameIsDNSSubdomain('my.config', false), []);
    assert.deepEqual(nameIsDNSSubdomain('my-', false), [subdomainMessage]);
    assert.deepEqual(nameIsDNSLabel('my.ns', false), ['must not contain dots']);
    assert.deepEqual(nameIsDNS1035Label('1svc', false), [dns1035Message]);
  });

  it('allow a generateName prefix to end in "-" (upstream maskTrailingDash)', () => {
    assert.deepEqual(nameIsDNSSubdomain('my-', true), []);
    assert.deepEqual(nameIsDNSLabel('web-', true), []);
    assert.deepEqual(nameIsDNS1035Label('svc-', true), []);
    assert.deepEqual(nameIsDNSSubdomain('-', true), [subdomainMessage]);
    assert.deepEqual(nameIsDNSSubdomain('a-', true), []);
    assert.deepEqual(nameIsDNSSubdomain('Bad-', true), [subdomainMessage]);
  });
});

describe('validateLabels (upstream ValidateLabels)', () => {
  it('accepts valid labels and none', () => {
    assert.deepEqual(validateLabels(undefined, 'metadata.labels'), []);
    assert.deepEqual(
      validateLabels({ app: 'web', 'example.com/tier': '', 'a.b_c-d': 'X_1.y-z' }, 'metadata.labels'),
      [],
    );
  });

  it('reports bad keys and values at the map path with the bad text as value', () => {
    const errors = validateLabels({ '-bad': 'ok', good: 'bad value' }, 'metadata.labels');
    assert.deepEqual(errors, [
      { type: 'FieldValueInvalid', field: 'metadata.labels', value: '-bad', detail: labelKeyNameMessage },
      { type: 'FieldValueInvalid', field: 'metadata.labels', value: 'bad value', detail: labelValueMessage },
    ]);
    assert.equal(
      fieldErrorMessage(errors[1] ?? assert.fail()),
      `metadata.labels: Invalid value: "bad value": ${labelValueMessage}`,
    );
  });

  it('validateLabelName reports each key problem', () => {
    assert.equal(validateLabelName(`/${'a'.repeat(64)}`, 'key').length, 2);
  });
});

describe('validateAnnotations (upstream ValidateAnnotations)', () => {
  it('accepts valid annotations, with keys checked case-insensitively', () => {
    assert.deepEqual(validateAnnotations(undefined, 'metadata.annotations'), []);
    assert.deepEqual(
      validateAnnotations(
        {
          'Example.COM/Some-Key': 'any value: at all!',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        },
        'metadata.annotations',
      ),
      [],
    );
  });

  it('reports bad keys with the original key as value', () => {
    assert.deepEqual(validateAnnotations({ 'Bad_/x': '' }, 'metadata.annotations'), [
      {
        type: 'FieldValueInvalid',
        field: 'metadata.annotations',
        value: 'Bad_/x',
        detail: `prefix part ${subdomainMessage}`,
      },
    ]);
  });

  it('limits keys plus values to 256 KiB in total', () => {
    const limit = 256 * 1024;
    assert.deepEqual(validateAnnotations({ a: 'x'.repeat(limit - 1) }, 'metadata.annotations'), []);
    const errors = validateAnnotations(
      { a: 'x'.repeat(limit / 2), b: 'x'.repeat(limit / 2) },
      'metadata.annotations',
    );
    assert.deepEqual(errors, [
      {
        type: 'FieldValueTooLong',
        field: 'metadata.annotations',
        detail: 'may not be more than 262144 bytes',
      },
    ]);
    assert.equal(
      fieldErrorMessage(errors[0] ?? assert.fail()),
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    );
  });

  it('counts annotation size in UTF-8 bytes', () => {
    assert.equal(validateAnnotations({ a: 'é'.repeat(128 * 1024) }, 'metadata.annotations').length, 1);
  });
});
