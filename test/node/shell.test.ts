import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SHELL = fileURLToPath(new URL('../../src/node/shell.ts', import.meta.url));

/** `npm run shell` with a script on standard input (not a terminal). */
function pipe(script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [SHELL, ...args], { input: script, encoding: 'utf8', timeout: 30_000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

const DONE_WHEN = `echo "My secret data" > secret.txt
KEYID=$(aws kms create-key --description demo --query KeyMetadata.KeyId --output text)
aws kms encrypt --key-id $KEYID --plaintext fileb://secret.txt --output text --query CiphertextBlob | base64 --decode > encryptedsecret.txt
aws kms decrypt --ciphertext-blob fileb://encryptedsecret.txt --output text --query Plaintext | base64 --decode > decryptedsecret.txt
aws kms re-encrypt --destination-key-id $KEYID --ciphertext-blob fileb://encryptedsecret.txt | base64 > newencryption.txt
aws kms enable-key-rotation --key-id $KEYID
aws kms get-key-rotation-status --key-id $KEYID
aws kms generate-data-key --key-id $KEYID --key-spec AES_256
cat decryptedsecret.txt
`;

describe('npm run shell, with a script piped in', () => {
  it('runs the issue script to the end: the secret comes back, nothing on stderr, status 0', () => {
    const { stdout, stderr, status } = pipe(DONE_WHEN);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.endsWith('}\nMy secret data\n')).toBe(true);
    expect(stdout).toContain('"KeyRotationEnabled": true');
    // No prompt is written in piped mode.
    expect(stdout).not.toContain('$ ');
  });

  it('repeats IDs and ciphertexts exactly with --seed, and differs without it', () => {
    const a = pipe(DONE_WHEN, '--seed', '7');
    const b = pipe(DONE_WHEN, '--seed', '7');
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(pipe(DONE_WHEN, '--seed', '8').stdout).not.toBe(a.stdout);
  });

  it("exits with the last command's status and keeps errors on stderr", () => {
    const failing = pipe('echo before\naws kms describe-key --key-id alias/missing\n');
    expect(failing.status).toBe(254);
    expect(failing.stdout).toBe('before\n');
    expect(failing.stderr).toContain('An error occurred (NotFoundException) when calling the DescribeKey operation');
    expect(pipe('nosuchcommand\ntrue\n').status).toBe(0);
    expect(pipe('true\nnosuchcommand').status).toBe(127);
  });

  it('stops at exit, with its status, as bash running a script does', () => {
    const { stdout, status } = pipe('echo one\nexit 3\necho never\n');
    expect(stdout).toBe('one\n');
    expect(status).toBe(3);
  });

  it('joins a command that continues over several lines, as a paste would', () => {
    const { stdout, status } = pipe('echo "one\ntwo" \\\n  three\necho done\n');
    expect(status).toBe(0);
    expect(stdout).toBe('one\ntwo three\ndone\n');
  });

  it('rejects a bad --seed or option with a usage message and status 2', () => {
    for (const args of [['--seed', 'x'], ['--seed', '-3'], ['--bogus']]) {
      const { status, stderr } = pipe('echo never\n', ...args);
      expect(status, args.join(' ')).toBe(2);
      expect(stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
    expect(pipe('', '--help').stdout).toContain('Usage: npm run shell');
  });
});
