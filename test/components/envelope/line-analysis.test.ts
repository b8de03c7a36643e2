/**
 * How the model reads a command line without running it: execution order, where each command's
 * output ends up, and how a typed relative path is matched to a file it has seen.
 */
import { describe, expect, it } from 'vitest';
import { keptParts } from '../../../src/components/envelope/aws-args.ts';
import { analyzeLine, sinkOf } from '../../../src/components/envelope/line-analysis.ts';
import { emptyWorld, put, resolvePath, storedGroups } from '../../../src/components/envelope/world.ts';

describe('analyzeLine', () => {
  it('puts command substitutions before the command that uses them, and follows output down the pipe', () => {
    const commands = analyzeLine('DK=$(aws kms generate-data-key --key-id $KEY --query "[Plaintext,CiphertextBlob]" --output text) && echo ${DK%% *} | base64 -d > key.bin');
    expect(commands.map((c) => c.name)).toEqual(['aws', '', 'echo', 'base64']);
    expect(sinkOf(commands[0]!)).toEqual({ kind: 'variable', name: 'DK' });
    expect(commands[1]!.assignments).toEqual([{ name: 'DK', captures: true }]);
    expect(sinkOf(commands[2]!)).toEqual({ kind: 'file', path: 'key.bin' });
    expect(commands[2]!.params).toEqual([{ name: 'DK', op: '%%' }]);
    expect(keptParts(commands[0])).toEqual(['Plaintext', 'CiphertextBlob']);
  });

  it('tells a file from the terminal, /dev/null, an argument and a subshell redirection', () => {
    const sinks = (line: string) => analyzeLine(line).map((c) => sinkOf(c).kind);
    expect(sinks('aws kms encrypt --key-id k --plaintext fileb://a')).toEqual(['screen']);
    expect(sinks('aws kms encrypt --key-id k --plaintext fileb://a > /dev/null')).toEqual(['discard']);
    expect(sinks('aws kms create-alias --alias-name alias/x --target-key-id $(aws kms create-key)')).toEqual(['argument', 'screen']);
    expect(sinks('(aws kms decrypt --ciphertext-blob fileb://b) > out')).toEqual(['file']);
    expect(sinks('aws kms decrypt --ciphertext-blob fileb://b &> all.txt')).toEqual(['file']);
  });

  it('fills in variables set to plain text, and gives nothing for a line the shell rejects', () => {
    const commands = analyzeLine('openssl enc -pass file:$F -in "my data.txt"', new Map([['F', 'datakey.bin']]));
    expect(commands[0]!.args).toEqual(['enc', '-pass', 'file:datakey.bin', '-in', 'my data.txt']);
    expect(analyzeLine('echo "unterminated')).toEqual([]);
    expect(analyzeLine('')).toEqual([]);
  });
});

describe('paths and storage', () => {
  it('matches a relative name to a file seen before, whatever the working directory', () => {
    const world = emptyWorld();
    put(world, 'file', '/tmp/work/datakey.enc', [{ kind: 'encrypted-data-key' }]);
    expect(resolvePath('datakey.enc', [], world)).toBe('/tmp/work/datakey.enc');
    expect(resolvePath('./new.bin', ['/home/learner/sub/new.bin'], world)).toBe('/home/learner/sub/new.bin');
    expect(resolvePath('other.bin', [], world)).toBe('/home/learner/other.bin');
    expect(resolvePath('../x', [], world)).toBe('/home/x');
    expect(resolvePath('~/y', [], world)).toBe('/home/learner/y');
  });

  it('stores an encrypted data key only beside data encrypted with that same data key', () => {
    const world = emptyWorld();
    put(world, 'file', '/d/key.enc', [{ kind: 'encrypted-data-key', dataKeyFingerprint: 'aaaa0000' }]);
    put(world, 'file', '/d/other.enc', [{ kind: 'encrypted-data', dataKeyFingerprint: 'bbbb1111' }]);
    put(world, 'file', '/e/data.enc', [{ kind: 'encrypted-data', dataKeyFingerprint: 'aaaa0000' }]);
    expect(storedGroups(world).size).toBe(0);
    put(world, 'file', '/d/data.enc', [{ kind: 'encrypted-data', dataKeyFingerprint: 'aaaa0000' }]);
    expect([...storedGroups(world).keys()].sort()).toEqual(['file:/d/data.enc', 'file:/d/key.enc']);
    // A file that also holds the plaintext data key is never "stored".
    put(world, 'file', '/d/key.enc', [{ kind: 'data-key' }, { kind: 'encrypted-data-key' }]);
    expect(storedGroups(world).size).toBe(0);
  });
});
