/**
 * `openssl enc` (or `openssl aes-256-cbc`): the local half of envelope encryption, drawn from what
 * the command reported when it ended (the files it read and wrote, digests of its input and output,
 * its exit status and first error line). The key is recognised by content: an argument that spells
 * a data key the model has seen (`-K $(xxd -p datakey.bin)`), or a file read that holds one
 * (`-kfile`, `-pass file:`). Only the direction flag and the cipher's name are read off its
 * arguments. No KMS event is involved, by design.
 */
import { observeText } from '../../cli/invocation.ts';
import type { ExecRecord } from '../../shell/exec-events.ts';
import { deliver, holderFocus, placesOf, recognise, shortMessage, wherePhrase, type Effects, type Place } from './effects.ts';
import { defined } from './kms-common.ts';
import { displayPath, fileId, remember, type Content, type Holder } from './world.ts';

interface KeySource {
  phrase: string;
  fingerprint?: string;
  focus: string[];
  /** A file read for the key, not for data. */
  path?: string;
}

const CIPHER = /^(aes|aria|camellia|des|chacha20|sm4|bf|cast|rc2|rc4|seed|id-aes)/i;

/** The cipher an `openssl` run uses, or undefined when it is not a cipher run (rand, base64, version…). */
export function cipherOf(exec: ExecRecord): string | undefined {
  const [sub, ...rest] = exec.args;
  if (sub === undefined) return undefined;
  if (sub !== 'enc') return CIPHER.test(sub) ? sub.toUpperCase() : undefined;
  const named = rest.find((a) => a.startsWith('-') && CIPHER.test(a.slice(1)));
  return named?.slice(1).toUpperCase();
}

export function opensslEffect(fx: Effects, exec: ExecRecord): void {
  const cipher = cipherOf(exec);
  if (cipher === undefined) return;
  const { b } = fx;
  const decrypting = exec.args.includes('-d');
  const reads = [...new Set(exec.reads)];
  const key = keySource(fx, exec, reads);
  const inputPath = reads.find((p) => p !== key.path);
  const fromStdin = inputPath === undefined ? stdinSource(fx, exec) : undefined;
  const inputHolder = inputPath === undefined ? fromStdin : b.holder('file', inputPath);
  const inName = inputPath !== undefined ? displayPath(inputPath) : fromStdin ? displayPath(fromStdin.name) : 'its input';
  const focus = [...(inputHolder ? holderFocus(fx, inputHolder.id) : []), ...key.focus];
  const failed = exec.exitCode !== 0;
  const prefix = `t:openssl:${fx.at}`;

  if (!decrypting) {
    b.step(`openssl ${failed ? 'tries to encrypt' : 'encrypts'} ${inName} on your machine with ${key.phrase} (${cipher}); nothing is sent to KMS.`, { lanes: ['machine'], focus });
    if (failed) return opensslFailed(fx, exec, `openssl stops: ${errorText(exec)}.`);
    if (inputPath !== undefined && !inputHolder) b.put('file', inputPath, [{ kind: 'plaintext-data' }]);
    const made: Content = { kind: 'encrypted-data', cipher, ...defined({ dataKeyFingerprint: key.fingerprint }) };
    const { places, ids } = output(fx, exec, made, prefix);
    const only = key.fingerprint === undefined ? '' : `, which only data key ${key.fingerprint} can decrypt`;
    b.step(`The ciphertext of ${inName} is ${wherePhrase(places).replace(/^but /, 'made, but ')}${only}.`, { lanes: ['machine'], focus: ids });
    return;
  }

  b.step(`openssl ${failed ? 'tries to decrypt' : 'decrypts'} ${inName} on your machine with ${key.phrase}; KMS is not involved.`, { lanes: ['machine'], focus });
  if (failed) {
    const message = errorText(exec);
    return opensslFailed(
      fx,
      exec,
      /bad decrypt/i.test(message) ? `openssl stops with "bad decrypt": ${key.phrase} is not the key that encrypted ${inName}.` : `openssl stops: ${message}.`,
    );
  }
  // It opened: the input was data encrypted locally with that key, whatever the model thought before.
  if (inputPath !== undefined && !inputHolder?.contents.some((c) => c.kind === 'encrypted-data')) {
    b.put('file', inputPath, [{ kind: 'encrypted-data', cipher, ...defined({ dataKeyFingerprint: key.fingerprint }) }]);
  }
  const { places, ids } = output(fx, exec, { kind: 'plaintext-data' }, prefix);
  b.step(`The plaintext of ${inName} is back, ${wherePhrase(places)}.`, { lanes: ['machine'], focus: ids });
}

/** Where openssl's result went: the files it wrote, else wherever its standard output turned up. */
function output(fx: Effects, exec: ExecRecord, made: Content, prefix: string): { places: Place[]; ids: string[] } {
  const { b } = fx;
  const written = [...new Set(exec.writes)].flatMap((path) => {
    const at = lastWrite(fx, path);
    const e = at === undefined ? undefined : fx.events[at];
    return e?.type === 'vfs' && e.seen && e.seen.size > 0 ? [{ type: 'file' as const, path, seen: e.seen, at: at! }] : [];
  });
  let places: Place[] = written;
  const stdout = exec.stdout;
  if (places.length === 0 && stdout) {
    const printed = fx.events.some((e, i) => i >= fx.segmentStart && i < fx.at && e.type === 'output');
    places = placesOf(fx, fx.at + 1, (seen) => seen.digest === stdout.digest);
    if (printed) places = [{ type: 'terminal' }, ...places.filter((p) => p.type !== 'command')];
  }
  for (const p of places) if (p.type === 'file' || p.type === 'variable') remember(b.world, p.seen.digest, [{ ...made, ref: p.seen.digest }]);
  if (stdout) remember(b.world, stdout.digest, [{ ...made, ref: stdout.digest }]);
  const ref = places.find((p) => p.type === 'file' || p.type === 'variable');
  const content: Content = { ...made, ...defined({ ref: ref && 'seen' in ref ? ref.seen.digest : stdout?.digest }) };
  return { places, ids: deliver(fx, places, [content], prefix) };
}

function lastWrite(fx: Effects, path: string): number | undefined {
  let found: number | undefined;
  fx.events.forEach((e, i) => {
    if (e.type === 'vfs' && e.change.kind === 'write' && e.change.path === path) found = i;
  });
  return found;
}

function opensslFailed(fx: Effects, exec: ExecRecord, caption: string): void {
  // Whatever it left behind (an empty or partial output file) holds nothing the model can name.
  for (const path of exec.writes) if (fx.b.holder('file', path)) fx.b.remove(fileId(path));
  fx.b.step(caption, { lanes: ['machine'], status: 'error', error: { code: 'openssl', message: exec.stderr } });
}

function errorText(exec: ExecRecord): string {
  return shortMessage(exec.stderr.replace(/[.:]\s*$/, '')) || `exit status ${exec.exitCode}`;
}

/** `cat data.txt | openssl enc …`: the file whose content came in on standard input. */
function stdinSource(fx: Effects, exec: ExecRecord): Holder | undefined {
  const stdin = exec.stdin;
  if (!stdin) return undefined;
  return [...fx.b.world.holders.values()].find((h) => h.digest === stdin.digest);
}

function keySource(fx: Effects, exec: ExecRecord, reads: readonly string[]): KeySource {
  const { b } = fx;
  // A data key spelled in an argument (hex after -K, most often).
  for (const arg of exec.args) {
    const key = recognise(b.world, observeText(arg)).find((c) => c.kind === 'data-key');
    if (!key) continue;
    const holder = [...b.world.holders.values()].filter((h) => h.contents.some((c) => c.kind === 'data-key' && c.ref === key.ref)).sort((x, y) => y.touched - x.touched)[0];
    const where = holder ? `the plaintext data key from ${holder.type === 'file' ? displayPath(holder.name) : `$${holder.name}`}` : 'the plaintext data key that KMS returned';
    return { phrase: where, focus: holder ? holderFocus(fx, holder.id) : [], ...defined({ fingerprint: key.fingerprint }) };
  }
  // A file read for the key (-kfile, -pass file:): it holds a data key, and the data came from elsewhere.
  if (reads.length > 1 || exec.stdin !== undefined) {
    for (const path of reads) {
      const held = b.holder('file', path)?.contents.find((c) => c.kind === 'data-key');
      if (held) return { phrase: `the plaintext data key from ${displayPath(path)}`, focus: holderFocus(fx, fileId(path)), path, ...defined({ fingerprint: held.fingerprint }) };
    }
  }
  // Two files read and none holds a data key: openssl reads its key or password file before the data.
  if (reads.length > 1) {
    const path = reads.find((p) => !b.holder('file', p)?.contents.some((c) => c.kind === 'encrypted-data')) ?? reads[0]!;
    return { phrase: `the key in ${displayPath(path)}`, focus: [], path };
  }
  return { phrase: 'a key or password this diagram has not seen come from KMS', focus: [] };
}
