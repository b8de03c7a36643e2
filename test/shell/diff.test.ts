/**
 * diff against GNU diff, byte for byte, on files like the lessons' (a plaintext and its decrypted
 * copy, ciphertexts, key policies) and on the ties whose resolution we learned from GNU diff.
 */
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/shell/commands/diff.ts';
import { bothRun, type Case, hasProgram } from './command-harness.ts';

const SECRET = 'My secret data\n';
/** Ciphertext-like bytes: a zero byte makes a file binary. */
const CIPHER_1 = Uint8Array.from([0x01, 0x02, 0x02, 0x00, 0x78, 0x9c, 0x0a, 0xff, 0x10]);
const CIPHER_2 = Uint8Array.from([0x01, 0x02, 0x02, 0x00, 0x78, 0x9d, 0x0a, 0xfe, 0x10]);

const policy = (effect: string, extra = ''): string =>
  [
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {',
    `      "Effect": "${effect}",`,
    '      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},',
    '      "Action": "kms:*",',
    ...(extra ? [extra] : []),
    '      "Resource": "*"',
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');

const lessonFiles = {
  'secret.txt': SECRET,
  'decryptedsecret.txt': SECRET,
  'changed.txt': 'My secret date\n',
  'longer.txt': `${SECRET}and one more line\n`,
  'no-newline.txt': 'My secret data',
  'encryptedsecret.txt': CIPHER_1,
  'newencryption.txt': CIPHER_2,
  'policy.json': policy('Allow'),
  'denied.json': policy('Deny'),
  'conditioned.json': policy('Allow', '      "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}},'),
};

async function expectGnu(c: Case): Promise<void> {
  const { ours, real } = await bothRun(diff, 'diff', c);
  expect(ours).toEqual(real);
}

const title = (c: Case): string => c.args.join(' ');

describe('the real diff is installed', () => {
  it('diff', () => {
    expect(hasProgram('diff')).toBe(true);
  });
});

describe('diff on lesson files, byte for byte as GNU diff', () => {
  const cases: Case[] = [
    { args: ['secret.txt', 'decryptedsecret.txt'] },
    { args: ['-s', 'secret.txt', 'decryptedsecret.txt'] },
    { args: ['encryptedsecret.txt', 'newencryption.txt'] },
    { args: ['encryptedsecret.txt', 'secret.txt'] },
    { args: ['-q', 'encryptedsecret.txt', 'newencryption.txt'] },
    { args: ['secret.txt', 'changed.txt'] },
    { args: ['secret.txt', 'longer.txt'] },
    { args: ['longer.txt', 'secret.txt'] },
    { args: ['secret.txt', 'no-newline.txt'] },
    { args: ['no-newline.txt', 'longer.txt'] },
    { args: ['policy.json', 'denied.json'] },
    { args: ['policy.json', 'conditioned.json'] },
    { args: ['conditioned.json', 'denied.json'] },
    { args: ['-q', 'policy.json', 'denied.json'] },
    { args: ['-', 'secret.txt'], stdin: 'My secret data\nleaked\n' },
  ];
  it.each(cases.map((c) => [title(c), c] as const))('diff %s', async (_, c) => {
    await expectGnu({ ...c, tree: lessonFiles });
  });
});

/** [first file, second file, what the case shows]: lines joined with newlines, each ending in one. */
const TIES: [string, string, string][] = [
  ['x a a y', 'x a y', 'shared first and last lines stay: the later a goes'],
  ['a b a', 'a', 'after the shared beginning, the rest goes'],
  ['d b b', 'x d b', 'in the middle, the first b goes'],
  ['a b', 'b a', 'removal first, then addition'],
  ['a b c', 'c b a', 'one line kept, removals first'],
  ['p b b q', 'r b q', 'a removal joins the change next to it'],
  ['b b', 'r b', 'one c block rather than an addition and a removal'],
  ['c a b a', 'a', 'runs slide together into one block'],
  ['c c c a', 'z y c a', 'removed lines meet the added ones'],
  ['c c c a a', 'z y c a', 'joining runs comes before meeting the added lines'],
  ['aa c a a a a a a a', 'c c a', 'an added run moves back to meet a removal'],
  ['a a', 'c d a d b a', 'additions around a kept line'],
  ['ad d c c', 'c a a', 'a removal slides up to join the one above'],
  ['d a aa', 'c a a c a', 'an addition slides up to join the change above'],
  ['b b', 'd a b a', 'then down as far as it goes, into the change below'],
  ['a a c a', 'd a b d', 'a removal slides down into an addition'],
  ['b b d a c aa', 'a a a c', 'added lines slide back up to meet the removed ones'],
  ['d d a', 'a b d a c b c b', 'a removal slides back up to meet an addition'],
  ['a c c b b', 'a z c b x', 'three blocks'],
  ['a b c d e', 'a x c y e', 'two separate changes'],
  ['one two three', 'zero one two three four', 'added at both ends'],
];

describe('diff settles ties as GNU diff does in common cases', () => {
  const file = (words: string): string => words.split(' ').map((w) => `${w}\n`).join('');
  it.each(TIES)('%s | %s: %s', async (one, two) => {
    await expectGnu({ args: ['one', 'two'], tree: { one: file(one), two: file(two) } });
  });

  it('keeps bytes that are not UTF-8, and carriage returns', async () => {
    await expectGnu({ args: ['one', 'two'], tree: { one: 'caf\xe9\r\nx\n', two: 'caf\xe9\nx\r\n' } });
    await expectGnu({ args: ['one', 'two'], tree: { one: Uint8Array.from([0xc3, 0x0a, 0x80, 0x0a]), two: Uint8Array.from([0xc3, 0x0a]) } });
  });

  it('notes a missing last newline on both sides of a block', async () => {
    await expectGnu({ args: ['one', 'two'], tree: { one: 'a\nb', two: 'a\nc' } });
    await expectGnu({ args: ['one', 'two'], tree: { one: 'a', two: '' } });
    await expectGnu({ args: ['one', 'two'], tree: { one: '', two: 'a\nb' } });
  });
});
