/**
 * The real Python as a black box: one python3 process per batch. The
 * interpreter is the one /usr/bin/aws runs on (AWS CLI v2's own), else python3.
 * Values cross as tagged JSON (see toTagged) so ints, floats, bytes and
 * OrderedDicts arrive as themselves.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isOrdered, PyFloat } from '../../../src/cli/python/values.ts';

function findPython(): string | undefined {
  const shebang = existsSync('/usr/bin/aws') ? /^#!\s*(\S+)/.exec(readFileSync('/usr/bin/aws', 'utf8'))?.[1] : undefined;
  for (const candidate of [shebang, 'python3']) {
    if (candidate && spawnSync(candidate, ['-c', 'import sys; assert sys.version_info[:2] == (3, 11)']).status === 0) return candidate;
  }
  return undefined;
}

const PYTHON = findPython();

/** Python 3.11, the CLI's, is here: tests that need it skip (and say so) otherwise. */
export const pythonAvailable = PYTHON !== undefined;

// Rebuilds tagged values; results go back as JSON with \u escapes, which keeps lone surrogates.
const PRELUDE = String.raw`
import json, sys
from collections import OrderedDict
def untag(t):
    if t is None or isinstance(t, bool): return t
    (kind, v), = t.items()
    if kind == 'int': return int(v)
    if kind == 'float': return float(v)
    if kind == 'str': return v
    if kind == 'bytes': return bytes(v)
    if kind == 'list': return [untag(x) for x in v]
    if kind == 'dict': return {k: untag(x) for k, x in v}
    if kind == 'odict': return OrderedDict((k, untag(x)) for k, x in v)
    raise ValueError(kind)
cases = json.load(sys.stdin)
def answer(out): json.dump(out, sys.stdout, ensure_ascii=True)
`;

/** Runs `script` (which sees `cases`, `untag` and `answer`) on the inputs; returns what it answered. */
export function askPython<T>(script: string, cases: unknown[]): T[] {
  const out = execFileSync(PYTHON!, ['-c', `${PRELUDE}\n${script}`], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8', PYTHONIOENCODING: 'utf-8' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as T[];
}

/** A CLI value in the form `untag` rebuilds. */
export function toTagged(value: unknown): unknown {
  if (value === null || typeof value === 'boolean') return value;
  const float = (n: number) => ({ float: Object.is(n, -0) ? '-0' : String(n) });
  if (typeof value === 'number') return Number.isInteger(value) ? { int: BigInt(value).toString() } : float(value);
  if (value instanceof PyFloat) return float(value.value);
  if (typeof value === 'string') return { str: value };
  if (value instanceof Uint8Array) return { bytes: [...value] };
  if (Array.isArray(value)) return { list: value.map(toTagged) };
  const pairs = Object.entries(value as object).map(([k, v]) => [k, toTagged(v)]);
  return isOrdered(value as object) ? { odict: pairs } : { dict: pairs };
}
