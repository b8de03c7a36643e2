/**
 * What each command of the sandbox did, published as it ends: its name and arguments, its exit
 * status, the files it read and wrote, and recognisable digests of its input and output (never
 * the bytes). Viewers such as the envelope diagram follow data with this instead of re-reading
 * the command line. Builtins (echo, unset, cd) are the shell's own and publish nothing here.
 */
import { observe, type Observation } from '../cli/invocation.ts';
import type { CommandFn } from './types.ts';
import type { Vfs } from './vfs.ts';

export interface ExecRecord {
  name: string;
  /** The arguments as the command received them (expanded, unquoted). */
  args: string[];
  cwd: string;
  exitCode: number;
  /** Absolute paths the command read and wrote through the file system, in order. */
  reads: string[];
  writes: string[];
  /** What came in on standard input and went out on standard output; absent when empty. */
  stdin?: Observation;
  stdout?: Observation;
  /** The first line the command wrote to standard error ('' when none), for error captions. */
  stderr: string;
}

/** Output kept for digests at most; a command that prints more is followed by its files only. */
const MAX_OUTPUT = 1024 * 1024;

/** `run` as before, and `publish` hears what it did once it returns. */
export function publishingExec(name: string, run: CommandFn, publish: (record: ExecRecord) => void): CommandFn {
  return async (ctx) => {
    const reads: string[] = [];
    const writes: string[] = [];
    const out: Uint8Array[] = [];
    let outSize = 0;
    let errText = '';
    const encoder = new TextEncoder();
    const status = await run({
      ...ctx,
      vfs: watched(ctx.vfs, reads, writes),
      stdout: (data) => {
        const bytes = typeof data === 'string' ? encoder.encode(data) : data;
        outSize += bytes.length;
        if (outSize <= MAX_OUTPUT) out.push(bytes.slice());
        ctx.stdout(data);
      },
      stderr: (data) => {
        if (errText.length < 400) errText += typeof data === 'string' ? data : new TextDecoder().decode(data);
        ctx.stderr(data);
      },
    });
    const stdout = outSize === 0 || outSize > MAX_OUTPUT ? undefined : observe(concat(out, outSize));
    publish({
      name,
      args: [...ctx.args],
      cwd: ctx.cwd,
      exitCode: status,
      reads,
      writes,
      ...(ctx.stdin.length > 0 ? { stdin: observe(ctx.stdin) } : {}),
      ...(stdout ? { stdout } : {}),
      stderr: errText.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '',
    });
    return status;
  };
}

/** The same file system, noting which paths a command reads and writes (a copy does both). */
function watched(vfs: Vfs, reads: string[], writes: string[]): Vfs {
  return new Proxy(vfs, {
    get(target, prop) {
      if (prop === 'readFile') {
        return (path: string) => {
          reads.push(path);
          return target.readFile(path);
        };
      }
      if (prop === 'copyFile') {
        return (from: string, to: string) => {
          reads.push(from);
          writes.push(to);
          target.copyFile(from, to);
        };
      }
      if (prop === 'writeFile') {
        return (...args: Parameters<Vfs['writeFile']>) => {
          writes.push(args[0]);
          target.writeFile(...args);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}
