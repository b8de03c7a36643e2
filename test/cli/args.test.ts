import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgParseError, parseKnownArgs, type ArgSpec } from '../../src/cli/argparse.ts';
import { checkParams, decodeBlobs, parseOperationArgs, prepareCall, serializeParams } from '../../src/cli/args.ts';
import { inputSkeleton, yamlInputSkeleton } from '../../src/cli/skeleton.ts';
import { API_MODEL } from '../../src/kms/api-model.ts';
import { CliError } from '../../src/cli/cli-error.ts';
import { getCloseMatches } from '../../src/cli/difflib.ts';
import { findKmsCommand } from '../../src/cli/model.ts';
import { Base64Error, pyB64Decode } from '../../src/cli/python/base64.ts';
import { PyValueError } from '../../src/cli/python/errors.ts';
import { PyJsonError, pyJsonLoads } from '../../src/cli/python/json.ts';
import { pyRepr } from '../../src/cli/python/repr.ts';
import { backCompatVisit, parseShorthand, ShorthandParseError } from '../../src/cli/shorthand.ts';
import { parseTimestamp } from '../../src/cli/timestamp.ts';
import { fileReader, ourRequestBody, realAwsAvailable, realRequestBody, runOurAws, runPython, runRealAws, runRealAwsBatch, type Files, type RealResult } from './real-aws.ts';

const FILES: Files = {
  'secret.txt': 'hi\n',
  'bin.dat': new Uint8Array([0xff, 0xfe, 0x00, 0x01]),
  'adir/': '',
  'ctx.json': '{"purpose": "test"}',
  'crlf.txt': 'aGk=\r\n',
  'in.json': '{"KeyId": "k", "Plaintext": "aGk="}',
  'bad.json': '{bad',
  'list.json': '[1, 2]',
  'tags.json': '[{"TagKey": "a", "TagValue": "b"}]',
  'n.txt': '32\n',
  'policy.json': '{\n  "Version": "2012-10-17"\n}\n',
};
const ctx = { readFile: fileReader(FILES), env: {} };
const bytes = (...b: number[]) => Uint8Array.from(b);
const text = (s: string) => new TextEncoder().encode(s);

function cliError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('expected a CliError');
}

describe("base64 as Python's lenient b64decode reads it", () => {
  it.each([
    ['test', bytes(0xb5, 0xeb, 0x2d)],
    ['aGk=', text('hi')],
    ['aGk=\n', text('hi')],
    ['aGVs\nbG8=', text('hello')],
    ['ab*&^cd', bytes(0x69, 0xb7, 0x1d)],
    ['ab=c=', bytes(0x69, 0xb7)],
    ['YQ==\n  Yg==', text('a')],
    ['', bytes()],
  ])('%j decodes', (input, expected) => {
    expect(pyB64Decode(input)).toEqual(expected);
  });

  it.each(['hello world', 'aGk', 'a', 'a===b', 'hi\n'])('%j is invalid', (input) => {
    expect(() => pyB64Decode(input)).toThrow(Base64Error);
  });

  it('cannot even encode non-ASCII text', () => {
    expect(() => pyB64Decode('héllo')).toThrow(new PyValueError('string argument should contain only ASCII characters'));
  });
});

describe('shorthand syntax', () => {
  it.each([
    ['purpose=test,team=blue', { purpose: 'test', team: 'blue' }],
    ['a=b,c', { a: ['b', 'c'] }],
    ['a=b,c,d=e', { a: ['b', 'c'], d: 'e' }],
    ['a=[b,c],d={e=f}', { a: ['b', 'c'], d: { e: 'f' } }],
    ['EncryptionContextSubset={k=v,k2=v2}', { EncryptionContextSubset: { k: 'v', k2: 'v2' } }],
    ['a="x,y",b=c\\,d', { a: 'x,y', b: 'c,d' }],
    ["a='x y',b=\"q\"", { a: 'x y', b: 'q' }],
    ['a=b c', { a: 'b c' }],
    ['a=', { a: '' }],
    ['a = b , c = d', { a: 'b', c: 'd' }],
    ['key.with/odd:chars#=v', { 'key.with/odd:chars#': 'v' }],
  ])('%s', (input, expected) => {
    expect(parseShorthand(input)).toEqual(expected);
  });

  it.each([
    ['foo', "Expected: '=', received: 'EOF' for input:\nfoo\n   ^"],
    ['a=b,a=c', 'Second instance of key "a" encountered for input:\na=b,a=c\n    ^\nThis is often because there is a preceding "," instead of a space.'],
    ['a=[b', "Expected: ',', received: 'EOF' for input:\na=[b\n    ^"],
    ['a={b}', "Expected: '=', received: '}' for input:\na={b}\n    ^"],
    ["a='it''s'", "Expected: ',', received: ''' for input:\na='it''s'\n      ^"],
  ])('%s fails as the CLI says', (input, message) => {
    expect(() => parseShorthand(input)).toThrow(new ShorthandParseError(message));
  });

  it('wraps a single value where the model wants a list, and converts numbers and booleans', () => {
    const tag = parseShorthand('TagKey=a,TagValue=b');
    backCompatVisit([tag], 'TagList');
    expect(tag).toEqual({ TagKey: 'a', TagValue: 'b' });
    const constraints = parseShorthand('EncryptionContextSubset={k=v}');
    backCompatVisit(constraints, 'GrantConstraints');
    expect(constraints).toEqual({ EncryptionContextSubset: { k: 'v' } });
  });
});

describe("JSON as Python's json.loads reads it", () => {
  it.each([
    ['{bad', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
    ['["a"', "Expecting ',' delimiter: line 1 column 5 (char 4)"],
    ['', 'Expecting value: line 1 column 1 (char 0)'],
    ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
    ['{"a": }', 'Expecting value: line 1 column 7 (char 6)'],
    ['[1,]', 'Expecting value: line 1 column 4 (char 3)'],
    ['{"a": "b"} x', 'Extra data: line 1 column 12 (char 11)'],
    ['{\n  "a": "b",\n}', 'Expecting property name enclosed in double quotes: line 3 column 1 (char 14)'],
    ['"abc', 'Unterminated string starting at: line 1 column 1 (char 0)'],
    ['"a\\qb"', 'Invalid \\escape: line 1 column 3 (char 2)'],
  ])('%j → %s', (input, message) => {
    expect(() => pyJsonLoads(input)).toThrow(PyJsonError);
    expect(() => pyJsonLoads(input)).toThrow(message);
  });

  it('keeps ints and floats apart and prints OrderedDicts as Python 3.11 does', () => {
    const value = pyJsonLoads('{"a": {"b": "c"}, "n": 1, "f": 1.0, "x": [true, null]}', { ordered: true });
    expect(pyRepr(value)).toBe("OrderedDict([('a', OrderedDict([('b', 'c')])), ('n', 1), ('f', 1.0), ('x', [True, None])])");
    expect(pyRepr(pyJsonLoads('{"it\'s": "a\\"b"}'))).toBe(`{"it's": 'a"b'}`);
  });
});

describe('argparse, as the CLI uses it', () => {
  const specs: ArgSpec[] = [
    { dest: 'key_id', options: ['--key-id'], nargs: 'one', required: true },
    { dest: 'grant_tokens', options: ['--grant-tokens'], nargs: '*' },
    { dest: 'grantee', options: ['--grantee-principal'], nargs: 'one' },
    { dest: 'dry_run', options: ['--dry-run'], nargs: 'none', action: 'const', const: true, default: null },
    { dest: 'help', options: [], nargs: '?' },
  ];

  it('takes options in any order, --opt=value, and unambiguous prefixes', () => {
    const { values, extras } = parseKnownArgs(specs, ['--grant-tokens', 't1', 't2', '--key=k', '--dry']);
    expect(values).toMatchObject({ key_id: 'k', grant_tokens: ['t1', 't2'], dry_run: true, help: null });
    expect(extras).toEqual([]);
  });

  it('passes unknown options and stray words on, in order', () => {
    const { values, extras } = parseKnownArgs(specs, ['--key-id', 'k', '--bogus', 'x', 'y']);
    expect(values.help).toBe('x');
    expect(extras).toEqual(['--bogus', 'y']);
  });

  it.each([
    [['--key-id'], 'argument --key-id: expected one argument'],
    [['--g', 'x'], 'ambiguous option: --g could match --grant-tokens, --grantee-principal'],
    [['--dry-run=yes', '--key-id', 'k'], "argument --dry-run: ignored explicit argument 'yes'"],
    [[], 'the following arguments are required: --key-id'],
  ])('%j → %s', (args, message) => {
    expect(() => parseKnownArgs(specs, args)).toThrow(new ArgParseError(message));
  });

  it('suggests close matches as difflib does', () => {
    expect(getCloseMatches('lst-keys', ['list-keys', 'list-grants', 'list-aliases'])).toEqual(['list-keys']);
    expect(getCloseMatches('encrpyt', ['encrypt', 'decrypt', 're-encrypt'])).toEqual(['encrypt']);
    expect(getCloseMatches('zzz', ['encrypt'])).toEqual([]);
  });
});

describe('operation arguments → call parameters', () => {
  const encrypt = findKmsCommand('encrypt')!;
  const plan = (command: string, args: string[], paginate = true) => {
    const cmd = findKmsCommand(command)!;
    const parsed = parseOperationArgs(cmd, args);
    if (parsed.help) throw new Error('help');
    return prepareCall(cmd, parsed.values, paginate, ctx);
  };

  it('reads fileb:// as bytes, file:// as text, and remembers which', () => {
    const p = plan('encrypt', ['--plaintext', 'fileb://secret.txt', '--key-id', 'alias/a', '--encryption-context', 'file://ctx.json']);
    expect(p.params).toEqual({ KeyId: 'alias/a', Plaintext: text('hi\n'), EncryptionContext: { purpose: 'test' } });
    expect(p.sources).toMatchObject({ Plaintext: 'fileb', EncryptionContext: 'file', KeyId: 'inline' });
  });

  it('reads lists of structures, structures of maps, integers and booleans', () => {
    expect(plan('tag-resource', ['--key-id', 'k', '--tags', 'TagKey=a,TagValue=b', 'TagKey=c,TagValue=d']).params.Tags).toEqual([
      { TagKey: 'a', TagValue: 'b' },
      { TagKey: 'c', TagValue: 'd' },
    ]);
    expect(plan('create-grant', ['--key-id', 'k', '--grantee-principal', 'p', '--operations', 'Encrypt', 'Decrypt', '--constraints', 'EncryptionContextSubset={k=v}']).params).toEqual({
      KeyId: 'k',
      GranteePrincipal: 'p',
      Operations: ['Encrypt', 'Decrypt'],
      Constraints: { EncryptionContextSubset: { k: 'v' } },
    });
    expect(plan('generate-random', ['--number-of-bytes', 'file://n.txt']).params).toEqual({ NumberOfBytes: 32 });
    expect(plan('create-key', ['--no-multi-region', '--bypass-policy-lockout-safety-check']).params).toEqual({ BypassPolicyLockoutSafetyCheck: true, MultiRegion: false });
  });

  it('lets --cli-input-json fill in what the command line leaves out', () => {
    const p = plan('encrypt', ['--cli-input-json', 'file://in.json', '--key-id', 'override']);
    expect(p.params).toEqual({ KeyId: 'override', Plaintext: 'aGk=' });
    expect(p.sources.Plaintext).toBe('cli-input-json');
  });

  it('turns paging off when the user pages by hand', () => {
    expect(plan('list-keys', ['--limit', '5']).paginate).toBe(false);
    expect(plan('list-keys', ['--page-size', '5', '--max-items', '3'])).toMatchObject({ paginate: true, paging: { pageSize: 5, maxItems: 3 } });
    expect(cliError(() => plan('list-keys', ['--max-items', '3'], false)).stderr).toBe(
      '\nCannot specify --no-paginate along with pagination arguments: --max-items\n',
    );
  });

  it('answers `help` and reports unknown options', () => {
    expect(parseOperationArgs(encrypt, ['help'])).toEqual({ help: true });
    expect(parseOperationArgs(findKmsCommand('list-keys')!, ['--limit', '2', 'help'])).toEqual({ help: true });
    expect(cliError(() => parseOperationArgs(encrypt, ['--key-id', 'k', '--plaintext', 'p', '--bogus'])).stderr).toContain('\nUnknown options: --bogus\n\n');
  });

  it('makes every argument optional with --cli-input-json or --generate-cli-skeleton (but not skeleton output)', () => {
    expect(parseOperationArgs(encrypt, ['--generate-cli-skeleton'])).toMatchObject({ help: false });
    expect(parseOperationArgs(encrypt, ['--cli-input-json', '{}'])).toMatchObject({ help: false });
    expect(cliError(() => parseOperationArgs(encrypt, ['--generate-cli-skeleton', 'output'])).exitCode).toBe(252);
  });

  it('decodes blob text as base64 when the call is made, and validates as botocore does', () => {
    const params = { KeyId: 'k', Plaintext: 'dGVzdA==', EncryptionContext: { a: 'b' } };
    expect(decodeBlobs(params, 'EncryptRequest')).toEqual([{ member: 'Plaintext', text: 'dGVzdA==', bytes: text('test') }]);
    expect(params.Plaintext).toEqual(text('test'));
    const bad = cliError(() => decodeBlobs({ KeyId: 'k', Plaintext: 'hello world' }, 'EncryptRequest', { Plaintext: 'inline' }));
    expect(bad.stderr).toBe('\nInvalid base64: "hello world"\n');
    expect(bad.exitCode).toBe(255);
    expect(bad.hint).toContain('fileb://');
    expect(cliError(() => checkParams({ KeyId: '', Plaintext: text('x') }, 'EncryptRequest')).stderr).toBe(
      '\nParameter validation failed:\nInvalid length for parameter KeyId, value: 0, valid min length: 1\n',
    );
    expect(cliError(() => checkParams({ NumberOfBytes: 0 }, 'GenerateRandomRequest')).stderr).toBe(
      '\nParameter validation failed:\nInvalid value for parameter NumberOfBytes, value: 0, valid min value: 1\n',
    );
    // Maxima and enums are the service's to check.
    expect(() => checkParams({ NumberOfBytes: 5000, KeyId: 'x'.repeat(3000) }, 'GenerateRandomRequest')).toThrow(CliError);
    expect(() => checkParams({ KeyId: 'k', KeySpec: 'BOGUS', NumberOfBytes: 5000 }, 'GenerateDataKeyRequest')).not.toThrow();
  });

  it('serializes for the simulator (bytes, Date) and for the wire (base64, epoch seconds)', () => {
    const { call, wire } = serializeParams(
      { KeyId: 'k', ImportToken: bytes(1, 2), EncryptedKeyMaterial: 'raw', ValidTo: '2030-01-02T03:04:05.9Z' },
      'ImportKeyMaterialRequest',
    );
    expect(call).toEqual({ KeyId: 'k', ImportToken: bytes(1, 2), EncryptedKeyMaterial: text('raw'), ValidTo: new Date('2030-01-02T03:04:05Z') });
    expect(wire).toEqual({ KeyId: 'k', ImportToken: 'AQI=', EncryptedKeyMaterial: 'cmF3', ValidTo: 1893553445 });
  });

  it('reads timestamps as botocore does: epoch seconds or dates, UTC unless told', () => {
    expect(parseTimestamp('2030-01-02')).toEqual(new Date('2030-01-02T00:00:00Z'));
    expect(parseTimestamp('2030-01-02T03:04:05+02:00')).toEqual(new Date('2030-01-02T01:04:05Z'));
    expect(parseTimestamp('1893553445')).toEqual(new Date('2030-01-02T03:04:05Z'));
    expect(parseTimestamp('Wed, 02 Jan 2030 03:04:05 GMT')).toEqual(new Date('2030-01-02T03:04:05Z'));
    expect(parseTimestamp('tomorrow-ish')).toBeUndefined();
    expect(parseTimestamp(['2030'])).toBeUndefined();
  });

  it('prints input skeletons as botocore ArgumentGenerator makes them', () => {
    expect(inputSkeleton('CreateAliasRequest', API_MODEL.shapes)).toBe('{\n    "AliasName": "",\n    "TargetKeyId": ""\n}\n');
    expect(yamlInputSkeleton('TagResourceRequest', API_MODEL.shapes)).toBe("KeyId: ''  # [REQUIRED]\nTags: # [REQUIRED]\n- TagKey: ''  # [REQUIRED]\n  TagValue: '' # [REQUIRED]\n");
  });
});

// ---------------------------------------------------------------------------
// The real CLI decides the same things the same way.

const SHORTHAND_INPUTS = [
  'purpose=test,team=blue', 'a=b,c', 'a=b,c,d=e', 'a=[b,c],d={e=f}', 'a="x,y",b=c\\,d', "a='it''s'", 'a=', 'a = b , c = d',
  'foo', 'a=b,a=c', 'a=[b', 'a={b}', 'a=b c', 'a=b,', ',a=b', 'a==b', 'a=b=c', 'a=[b,[c,d]]', 'a={b={c=d}}', 'a=b,\nc=d',
  'a=[', 'a="unterminated', "a='x',b", 'TagKey=a,TagValue=b', 'k=v\\,w,x=y', 'a=é,ü=b', 'a=[b, c ,d ]', 'a={b=c,d=[e,f]}',
];

describe.skipIf(!realAwsAvailable)("the Python helpers agree with Python's", () => {
  it('shorthand parses and fails exactly as awscli.shorthand', () => {
    const real = runPython<unknown[]>(
      'import json, sys\nfrom awscli.shorthand import ShorthandParser\nout = []\nfor s in json.load(sys.stdin):\n    try: out.append({"ok": ShorthandParser().parse(s)})\n    except Exception as e: out.append({"error": str(e)})\njson.dump(out, sys.stdout)',
      SHORTHAND_INPUTS,
    );
    const ours = SHORTHAND_INPUTS.map((s) => {
      try {
        return { ok: parseShorthand(s) };
      } catch (e) {
        return { error: (e as Error).message };
      }
    });
    expect(ours).toEqual(real);
  });

  it('base64 decodes and fails exactly as base64.b64decode', () => {
    const inputs = ['test', 'aGk=', 'aGk', 'a', 'ab=c=', 'a===b', 'ab*&^cd', 'YQ==\n  Yg==', '====', 'ab==cd', 'abc=d', 'a=bcd', '', 'hello world', 'dGVzdA==='];
    const real = runPython<unknown[]>(
      'import json, sys, base64, binascii\nout = []\nfor s in json.load(sys.stdin):\n    try: out.append({"ok": list(base64.b64decode(s))})\n    except binascii.Error: out.append({"error": True})\njson.dump(out, sys.stdout)',
      inputs,
    );
    const ours = inputs.map((s) => {
      try {
        return { ok: [...pyB64Decode(s)] };
      } catch {
        return { error: true };
      }
    });
    expect(ours).toEqual(real);
  });

  it('JSON fails with the messages of json.loads', () => {
    const inputs = ['{bad', '["a"', '', ' ', '{"a" 1}', '{"a": }', '[1,]', '{"a": "b"} x', '{\n  "a": "b",\n}', '"abc', '"a\\qb"', '{"a":1,}', '[1 2]', 'nul', '-', '1.', '01', '"\\u12"', '\ufeff{}', '{"a": [1, {"b": tru}]}', '"a\tb"'];
    const real = runPython<unknown[]>(
      'import json, sys\nout = []\nfor s in json.load(sys.stdin):\n    try: json.loads(s); out.append("ok")\n    except ValueError as e: out.append(str(e))\njson.dump(out, sys.stdout)',
      inputs,
    );
    const ours = inputs.map((s) => {
      try {
        pyJsonLoads(s);
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(ours).toEqual(real);
  });

  it('close matches are those of difflib.get_close_matches', () => {
    const words = ['lst-keys', 'encrpyt', 'decrypt', 'list-key', 'desribe-key', 'kms', 'create-aliases', 'genrate-data-key', 'listkeys', 'tag'];
    const choices = findKmsCommand('encrypt') ? ['encrypt', 'decrypt', 're-encrypt', 'list-keys', 'list-key-policies', 'describe-key', 'create-alias', 'create-key', 'generate-data-key', 'generate-data-key-pair', 'tag-resource'] : [];
    const real = runPython<string[][]>(
      'import json, sys, difflib\nwords, choices = json.load(sys.stdin)\njson.dump([difflib.get_close_matches(w, choices, cutoff=0.8) for w in words], sys.stdout)',
      [words, choices],
    );
    expect(words.map((w) => getCloseMatches(w, choices))).toEqual(real);
  });
});

/** Client-side failures: stderr, stdout and exit status must be byte-identical. */
const ERROR_CASES: string[][] = [
  ['kms', 'encrypt'],
  ['kms', 'encrypt', '--key-id'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'hello world'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'héllo'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'aGk'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://nope'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'file://nope'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://adir'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'file://bin.dat'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'file://secret.txt'],
  ['kms', 'encrypt', '--key-id', '', '--plaintext', ''],
  ['kms', 'encrypt', '--key-id=k', '--plaintext=hello world'],
  ['kms', 'encrypt', '--key', 'k', '--plain', 'hello world'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', '-x'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'dGVzdA==', '--g'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'p', '--bogus', 'val', 'extra'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://secret.txt', '--encryption-context', 'foo'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://secret.txt', '--encryption-context', 'a=b,c'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://secret.txt', '--encryption-context', 'a=b,a=c'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://secret.txt', '--encryption-context', '{bad'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://secret.txt', '--encryption-context', '{"a": 1}'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://secret.txt', '--encryption-context', '{"a":{"b":"c"}}'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://secret.txt', '--encryption-context', '[1]'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://secret.txt', '--encryption-context', 'file://bad.json'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://secret.txt', '--grant-tokens', '["a"'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://secret.txt', '--grant-tokens', 'file://list.json'],
  ['kms', 'encrypt', '--key-id', 'fileb://bin.dat', '--plaintext', 'fileb://secret.txt'],
  ['kms', 'tag-resource', '--key-id', 'k', '--tags', 'foo'],
  ['kms', 'tag-resource', '--key-id', 'k', '--tags', 'TagKey=a,Bogus=b'],
  ['kms', 'tag-resource', '--key-id', 'k', '--tags', 'TagKey=a,TagValue=b,TagKey=c'],
  ['kms', 'create-grant', '--key-id', 'k', '--grantee-principal', 'p'],
  ['kms', 'create-grant', '--key-id', 'k', '--grantee-principal', 'p', '--operations', 'Encrypt', '--constraints', 'EncryptionContextSubset={k=v,k2=[a,b]}'],
  ['kms', 'import-key-material', '--key-id', 'k', '--import-token', 'fileb://bin.dat', '--encrypted-key-material', 'fileb://bin.dat', '--valid-to', 'foo'],
  ['kms', 'generate-random', '--number-of-bytes', '0'],
  ['kms', 'generate-random', '--number-of-bytes', '-5'],
  ['kms', 'generate-random', '--number-of-bytes', '1.5'],
  ['kms', 'generate-random', '--number-of-bytes', 'abc'],
  ['kms', 'list-keys', '--limit', 'abc'],
  ['kms', 'list-keys', '--limit', '0'],
  ['kms', 'list-keys', '--page-size', 'abc'],
  ['kms', 'list-keys', '--max-items', 'abc'],
  ['kms', 'list-keys', '--no-paginate', '--max-items', '2'],
  ['kms', 'list-keys', '--limit', '1', '--max-items', '2', '--starting-token', 'x'],
  ['kms', 'list-keys', 'foo', 'bar'],
  ['kms', 'list-keys', '--bogus', 'x'],
  ['kms', 'list-keys', '--cli-input-json', '{"Limit": 1.0}'],
  ['kms', 'encrypt', '--cli-input-json', '{bad'],
  ['kms', 'encrypt', '--cli-input-json', 'file://bad.json'],
  ['kms', 'encrypt', '--cli-input-json', '[1]'],
  ['kms', 'encrypt', '--cli-input-json', 'file://nope'],
  ['kms', 'encrypt', '--cli-input-json', '{"KeyId": "k", "Plaintext": "hello world"}'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'x', '--cli-input-json', '{"Plaintext": 5}'],
  ['kms', 'encrypt', '--cli-input-json', '{}', '--cli-input-yaml', 'a: 1'],
  ['kms', 'encrypt', '--generate-cli-skeleton', 'bogus'],
  ['kms', 'encrypt', '--generate-cli-skeleton', 'output'],
  ['kms', 'create-alias', '--generate-cli-skeleton'],
  ['kms', 'describe-key', '--generate-cli-skeleton'],
  ['kms', 'list-aliases', '--generate-cli-skeleton'],
  ['kms', 'create-alias', '--alias-name', 'a', '--target-key-id', 'k', '--generate-cli-skeleton', 'output'],
  ['kms', 'list-aliases', '--generate-cli-skeleton', 'output'],
  ['kms', 'cancel-key-deletion', '--key-id', 'k', '--generate-cli-skeleton', 'output'],
  ['kms', 'create-alias', '--generate-cli-skeleton', 'output', '--alias-name', 'a', '--target-key-id', 'k', '--output', 'text'],
];

/** Successful parses: the request body the real CLI would send, as read from its --debug log. */
const BODY_CASES: string[][] = [
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'test'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://secret.txt', '--encryption-context', 'purpose=test,team=blue'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'hello world', '--cli-binary-format', 'raw-in-base64-out'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'file://crlf.txt'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'aGk', '--cli-binary-format', 'raw-in-base64-out', '--grant-tokens', 't1', 't2', '--encryption-context', 'file://ctx.json'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'YQ==\n  Yg==', '--encryption-context', 'a="x,y",b=c\\,d'],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'ab=c='],
  ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'ab*&^cd'],
  ['kms', 'encrypt', '--cli-input-json', 'file://in.json', '--key-id', 'override'],
  ['kms', 'decrypt', '--ciphertext-blob', 'fileb://bin.dat', '--encryption-context', '{"k": "v", "k2": "v2"}'],
  ['kms', 're-encrypt', '--destination-key-id', 'k', '--ciphertext-blob', 'fileb://bin.dat'],
  ['kms', 'generate-data-key', '--key-id', 'k', '--key-spec', 'AES_256'],
  ['kms', 'tag-resource', '--key-id', 'k', '--tags', 'TagKey=a,TagValue=b', 'TagKey=c,TagValue=d'],
  ['kms', 'tag-resource', '--key-id', 'k', '--tags', 'file://tags.json'],
  ['kms', 'untag-resource', '--key-id', 'k', '--tag-keys', 'a', 'b'],
  ['kms', 'create-grant', '--key-id', 'k', '--grantee-principal', 'p', '--operations', 'Encrypt', 'Decrypt', '--constraints', 'EncryptionContextSubset={k=v}'],
  ['kms', 'create-grant', '--key-id', 'k', '--grantee-principal', 'p', '--operations', 'Encrypt', '--constraints', '{"EncryptionContextEquals": {"a": "b"}}'],
  ['kms', 'generate-random', '--number-of-bytes', 'file://n.txt'],
  ['kms', 'create-key', '--bypass-policy-lockout-safety-check', '--no-multi-region', '--tags', 'TagKey=x,TagValue=', '--description', 'd'],
  ['kms', 'import-key-material', '--key-id', 'k', '--import-token', 'fileb://bin.dat', '--encrypted-key-material', 'fileb://bin.dat', '--valid-to', '2030-01-02T03:04:05Z'],
  ['kms', 'import-key-material', '--key-id', 'k', '--import-token', 'fileb://bin.dat', '--encrypted-key-material', 'fileb://bin.dat', '--valid-to', '2030-01-02'],
  ['kms', 'import-key-material', '--key-id', 'k', '--import-token', 'fileb://bin.dat', '--encrypted-key-material', 'fileb://bin.dat', '--valid-to', '1900000000.5'],
  ['kms', 'put-key-policy', '--key-id', 'k', '--policy', 'file://policy.json', '--policy-name', 'default'],
  ['kms', 'list-keys', '--limit', '5'],
  ['kms', 'list-keys', '--page-size', '7'],
  ['kms', 'list-keys', '--starting-token', 'eyJNYXJrZXIiOiAiYWJjIiwgImJvdG9fdHJ1bmNhdGVfYW1vdW50IjogMX0='],
  ['kms', 'schedule-key-deletion', '--key-id', 'k', '--pending-window-in-days', '7'],
];

describe.skipIf(!realAwsAvailable)('client-side errors are those of aws-cli 2.9.19', () => {
  let real: RealResult[];
  beforeAll(async () => {
    real = await runRealAwsBatch(ERROR_CASES.map((args) => ({ args, files: FILES })));
  }, 300_000);

  it.each(ERROR_CASES.map((args, i) => [args.join(' '), i] as const))('aws %s', async (_, i) => {
    const ours = await runOurAws(ERROR_CASES[i]!, FILES);
    expect({ stdout: ours.stdout, stderr: ours.stderr, exitCode: ours.exitCode }).toEqual(real[i]);
  });

  it('the batch runner behaves as /usr/bin/aws run as a process', async () => {
    const args = ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'hello world'];
    const [batch] = await runRealAwsBatch([{ args }]);
    expect(await runRealAws(args)).toEqual(batch);
  }, 60_000);
});

describe.skipIf(!realAwsAvailable)('request bodies are those aws-cli 2.9.19 would send', () => {
  let real: RealResult[];
  beforeAll(async () => {
    real = await runRealAwsBatch(BODY_CASES.map((args) => ({ args: [...args, '--debug'], files: FILES })));
  }, 300_000);

  it.each(BODY_CASES.map((args, i) => [args.join(' '), i] as const))('aws %s', async (_, i) => {
    const ours = await runOurAws([...BODY_CASES[i]!, '--debug'], FILES);
    const expected = realRequestBody(real[i]!.stderr);
    const actual = ourRequestBody(ours.stderr);
    expect(isDeepStrictEqual(actual, expected) ? actual : { ours: actual, real: expected }).toEqual(expected);
  });
});
