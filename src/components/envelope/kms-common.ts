/**
 * Pieces the KMS handlers share: finding a trace's steps, the file a request read its ciphertext
 * or plaintext from (as the CLI reports it), where the kept parts of the answer went, and the
 * error step that shows where a request stopped.
 */
import type { AwsInvocation } from '../../cli/invocation.ts';
import type { TraceEvent, TraceStep, TraceStepKind } from '../../kms/trace.ts';
import { deliver, placesOf, recognise, wherePhrase, type Effects } from './effects.ts';
import { explainError, traceKey } from './kms-errors.ts';
import { displayPath, remember, type Content, type Holder } from './world.ts';

export type Handler = (fx: Effects, trace: TraceEvent, invocation: AwsInvocation | undefined) => void;

export function stepOf(trace: TraceEvent, kind: TraceStepKind): TraceStep | undefined {
  return trace.steps.find((s) => s.kind === kind);
}

/** The resolve-key step that read the key and version out of a ciphertext's header. */
export function namedByCiphertext(trace: TraceEvent): TraceStep | undefined {
  return trace.steps.find((s) => s.kind === 'resolve-key' && s.materialVersion !== undefined);
}

export function firstKey(trace: TraceEvent): string | undefined {
  return trace.steps.find((s) => s.keyId !== undefined)?.keyId;
}

/** The file an input came from (`--ciphertext-blob fileb://datakey.enc`), what the model knows of it, and its display name. */
export interface Input {
  path?: string;
  holder?: Holder;
  content?: Content;
  name: string;
  /** Digest of the file's bytes as the CLI read them. */
  digest?: string;
}

const FROM_JSON = 'the value from the --cli-input-json file';

export function inputOf(fx: Effects, invocation: AwsInvocation | undefined, member: string, kinds: readonly Content['kind'][], fallback: string): Input {
  const given = invocation?.inputs.find((i) => i.member === member);
  if (given?.source === 'cli-input-json') return { name: FROM_JSON };
  if (given?.path === undefined) return { name: fallback };
  const holder = fx.b.holder('file', given.path);
  const content = holder?.contents.find((c) => kinds.includes(c.kind));
  return { path: given.path, name: displayPath(given.path), ...defined({ holder, content, digest: given.digest }) };
}

/** `purpose=test,app=demo`: a request's encryption context, as the chip shows it. */
export function contextText(invocation: AwsInvocation | undefined, member: string): string | undefined {
  const pairs = invocation?.contexts[member];
  if (!pairs || Object.keys(pairs).length === 0) return undefined;
  return Object.entries(pairs)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Keeps optional fields out of objects when they are unknown (exactOptionalPropertyTypes). */
export function defined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/**
 * The answer's parts that the printed output kept (the CLI says which), named so the model knows
 * them from now on, and put wherever they turned up. Returns what was kept, where, and the focus.
 */
export function deliverKept(
  fx: Effects,
  invocation: AwsInvocation | undefined,
  parts: readonly { member: string; content: Content }[],
  prefix: string,
): { kept: Content[]; where: string; focus: string[] } {
  const kept: Content[] = [];
  for (const { member, content } of parts) {
    const printed = invocation?.kept.find((k) => k.member === member);
    if (!printed) continue;
    const named: Content = { ...content, ref: printed.bytes };
    remember(fx.b.world, printed.bytes, [named]);
    remember(fx.b.world, printed.text, [named]);
    kept.push(named);
  }
  if (kept.length === 0) return { kept, where: '', focus: [] };
  const refs = new Set(kept.map((c) => c.ref));
  const places = placesOf(fx, fx.segmentStart, (seen) => recognise(fx.b.world, seen).some((c) => refs.has(c.ref)));
  return { kept, where: wherePhrase(places), focus: deliver(fx, places, kept, prefix) };
}

/** The error step: where the request stopped, in the KMS lane, with the trace's code and message. */
export function failStep(fx: Effects, trace: TraceEvent, invocation: AwsInvocation | undefined, input?: Input): void {
  const typed = Object.keys(invocation?.contexts ?? {}).length > 0;
  const { caption, code, message } = explainError(fx, trace, typed || input?.content?.context !== undefined);
  const keyId = traceKey(trace);
  fx.b.step(caption, { lanes: ['kms'], status: 'error', error: { code, message }, focus: keyId === undefined ? [] : [`key:${keyId}`] });
}
