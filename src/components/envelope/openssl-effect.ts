/**
 * `openssl enc` (or `openssl aes-256-cbc`): the local half of envelope encryption. The model reads
 * the command line for the input, the output and the key source (`-pass file:datakey.bin`,
 * `-kfile`, or `-K $(xxd -p datakey.bin)`: a data-key file named anywhere on the line), and the
 * exit status and stderr for whether it worked. No KMS event is involved, by design.
 */
import { deliver, destination, firstError, holderFocus, resolve, wherePhrase, type Destination, type Effects } from './effects.ts';
import { defined } from './kms-common.ts';
import { previousMember, type LineCommand } from './line-analysis.ts';
import { displayPath, fileId, varId, type Content } from './world.ts';

interface KeySource {
  phrase: string;
  fingerprint?: string;
  focus: string[];
}

export function opensslEffect(fx: Effects, command: LineCommand): void {
  const [sub, ...rest] = command.args;
  if (sub === undefined) return;
  const isEnc = sub === 'enc';
  if (!isEnc && !/^aes/i.test(sub)) return;
  const args = rest;
  const cipher = (isEnc ? args.find((a) => /^-aes/i.test(a))?.slice(1) : sub)?.toUpperCase() ?? 'AES';
  const value = (name: string) => {
    const at = args.lastIndexOf(name);
    return at < 0 ? undefined : args[at + 1];
  };
  const inText = value('-in') ?? command.stdinFile ?? catSource(previousMember(command));
  const outText = value('-out');
  const out: Destination = outText === undefined ? destination(fx, command) : { type: 'file', path: resolve(fx, outText) };
  const inPath = inText === undefined ? undefined : resolve(fx, inText);
  if (inPath === undefined && out.type !== 'file') return; // nothing the diagram can point at
  const inName = inPath === undefined ? 'its input' : displayPath(inPath);
  const key = keySource(fx, command, value);
  const failed = fx.exitCode !== 0 && firstError(fx) !== '';
  const focus = [...(inPath === undefined ? [] : holderFocus(fx, fileId(inPath))), ...key.focus];
  const prefix = `t:openssl:${command.index}`;
  const { b } = fx;

  if (!args.includes('-d')) {
    if (inPath !== undefined && b.holder('file', inPath) === undefined) b.put('file', inPath, [{ kind: 'plaintext-data' }]);
    b.step(`openssl encrypts ${inName} on your machine with ${key.phrase} (${cipher}); nothing is sent to KMS.`, { lanes: ['machine'], focus });
    if (failed) return opensslFailed(fx, `openssl stops: ${firstError(fx)}.`);
    const made: Content = { kind: 'encrypted-data', cipher, ...defined({ dataKeyFingerprint: key.fingerprint }) };
    const ids = deliver(fx, out, [made], prefix);
    const only = key.fingerprint === undefined ? '' : `, which only data key ${key.fingerprint} can decrypt`;
    b.step(`The ciphertext of ${inName} is ${wherePhrase(out)}${only}.`, { lanes: ['machine'], focus: ids });
    return;
  }

  const held = inPath === undefined ? undefined : b.holder('file', inPath);
  if (inPath !== undefined && !held?.contents.some((c) => c.kind === 'encrypted-data')) {
    b.put('file', inPath, [{ kind: 'encrypted-data', cipher, ...defined({ dataKeyFingerprint: key.fingerprint }) }]);
  }
  b.step(`openssl decrypts ${inName} on your machine with ${key.phrase}; KMS is not involved.`, { lanes: ['machine'], focus });
  if (failed) {
    const message = firstError(fx);
    return opensslFailed(
      fx,
      /bad decrypt/i.test(message)
        ? `openssl stops with "bad decrypt": ${key.phrase} is not the key that encrypted ${inName}.`
        : `openssl stops: ${message}.`,
    );
  }
  const ids = deliver(fx, out, [{ kind: 'plaintext-data' }], prefix);
  b.step(`The plaintext of ${inName} is back, ${wherePhrase(out)}.`, { lanes: ['machine'], focus: ids });
}

function opensslFailed(fx: Effects, caption: string): void {
  fx.b.step(caption, { lanes: ['machine'], status: 'error', error: { code: 'openssl', message: firstError(fx) } });
}

/** `cat data.txt | openssl enc …` reads data.txt. */
function catSource(previous: LineCommand | undefined): string | undefined {
  if (previous?.name !== 'cat') return undefined;
  const files = previous.args.filter((a) => !a.startsWith('-'));
  return files.length === 1 ? files[0] : undefined;
}

function keySource(fx: Effects, command: LineCommand, value: (name: string) => string | undefined): KeySource {
  const pass = value('-pass');
  const named = pass?.startsWith('file:') ? pass.slice(5) : value('-kfile');
  if (named !== undefined) return fromFile(fx, resolve(fx, named));
  if (command.args.includes('-K')) {
    // -K "$(xxd -p -c 64 datakey.bin)": the key file is read by another command on the line.
    for (const other of fx.commands) {
      if (other === command) continue;
      for (const text of [...other.args, ...(other.stdinFile === undefined ? [] : [other.stdinFile])]) {
        const path = resolve(fx, text);
        if (fx.b.holder('file', path)?.contents.some((c) => c.kind === 'data-key')) return fromFile(fx, path);
      }
    }
    for (const p of command.params) {
      const held = fx.b.holder('variable', p.name)?.contents.find((c) => c.kind === 'data-key');
      if (held) return { phrase: `the plaintext data key in $${p.name}`, focus: [`${varId(p.name)}#data-key`], ...defined({ fingerprint: held.fingerprint }) };
    }
    return { phrase: 'a key given in hex (-K)', focus: [] };
  }
  if (pass?.startsWith('pass:')) return { phrase: 'a password typed on the command line', focus: [] };
  if (pass?.startsWith('env:')) return { phrase: `the password in $${pass.slice(4)}`, focus: [] };
  return { phrase: 'a password', focus: [] };
}

function fromFile(fx: Effects, path: string): KeySource {
  const key = fx.b.holder('file', path)?.contents.find((c) => c.kind === 'data-key');
  const name = displayPath(path);
  if (!key) return { phrase: `the key in ${name}`, focus: [] };
  return { phrase: `the plaintext data key from ${name}`, focus: holderFocus(fx, fileId(path)), ...defined({ fingerprint: key.fingerprint }) };
}
