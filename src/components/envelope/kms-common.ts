/**
 * Pieces the KMS handlers share: finding a trace's steps, the file a request reads its ciphertext
 * or plaintext from, and the error step that shows where a request stopped.
 */
import type { TraceEvent, TraceStep, TraceStepKind } from '../../kms/trace.ts';
import { fileArgument, option } from './aws-args.ts';
import { resolve, type Effects } from './effects.ts';
import { explainError, traceKey } from './kms-errors.ts';
import type { LineCommand } from './line-analysis.ts';
import { displayPath, type Content, type Holder } from './world.ts';

export type Handler = (fx: Effects, trace: TraceEvent, command: LineCommand | undefined) => void;

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

/** The file an option names (`--ciphertext-blob fileb://datakey.enc`), what the model knows of it, and its display name. */
export interface Input {
  path?: string;
  holder?: Holder;
  content?: Content;
  name: string;
}

export function inputOf(fx: Effects, command: LineCommand | undefined, name: string, kinds: readonly Content['kind'][], fallback: string): Input {
  const text = command === undefined ? undefined : fileArgument(option(command, name));
  if (text === undefined) return { name: fallback };
  const path = resolve(fx, text);
  const holder = fx.b.holder('file', path);
  const content = holder?.contents.find((c) => kinds.includes(c.kind));
  return { path, name: displayPath(path), ...(holder ? { holder } : {}), ...(content ? { content } : {}) };
}

/** Keeps optional fields out of objects when they are unknown (exactOptionalPropertyTypes). */
export function defined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** The error step: where the request stopped, in the KMS lane, with the trace's code and message. */
export function failStep(fx: Effects, trace: TraceEvent, command: LineCommand | undefined, input?: Input): void {
  const typed = command !== undefined && ['--encryption-context', '--source-encryption-context'].some((o) => option(command, o) !== undefined);
  const { caption, code, message } = explainError(fx, trace, typed || input?.content?.context !== undefined);
  const keyId = traceKey(trace);
  fx.b.step(caption, { lanes: ['kms'], status: 'error', error: { code, message }, focus: keyId === undefined ? [] : [`key:${keyId}`] });
}
