/**
 * Runs the real AWS CLI v2 code (Debian's awscli 2.9.19 under /usr/bin/aws)
 * on given responses, without any network: its output formatters, its
 * `--query` compilation and evaluation, its timestamp parser. Tests compare
 * the emulation byte for byte with what this returns.
 *
 * The interpreter is the one in /usr/bin/aws's shebang: a `python3` earlier
 * on PATH may carry another awscli (v1) or none.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const AWS = '/usr/bin/aws';

function findPython(): string | undefined {
  if (!existsSync(AWS)) return undefined;
  const shebang = /^#!\s*(\S+)/.exec(readFileSync(AWS, 'utf8').split('\n', 1)[0] ?? '');
  const python = shebang?.[1];
  if (python === undefined) return undefined;
  const probe = spawnSync(python, ['-c', 'import awscli, ruamel.yaml, jmespath; print(awscli.__version__)'], {
    encoding: 'utf8',
  });
  return probe.status === 0 && probe.stdout.startsWith('2.') ? python : undefined;
}

const PYTHON = findPython();

/** True when the real CLI's Python package can be run here. */
export const realCliAvailable = PYTHON !== undefined;

const SCRIPT = String.raw`
import io, json, sys
import jmespath
import awscli.table
from awscli.formatter import get_formatter
from awscli.errorhandler import construct_cli_error_handlers_chain
from awscli.customizations.globalargs import _resolve_query
from awscli.customizations.timestampformat import iso_format

class Args:
    def __init__(self, query):
        self.query = query
        self.color = 'off'   # what 'auto' gives when stdout is not a terminal

def handled(e):
    # The CLI's own handler chain: what it writes on stderr and its exit status.
    err = io.StringIO()
    rc = construct_cli_error_handlers_chain().handle_exception(e, io.StringIO(), err)
    return {'error': err.getvalue(), 'exitCode': rc}

def run(job):
    kind = job['kind']
    if kind == 'format':
        width = job.get('width', 80)
        awscli.table.determine_terminal_width = lambda default_width=80: width
        try:
            query = _resolve_query(job['query']) if job.get('query') is not None else None
            formatter = get_formatter(job['format'], Args(query))
            out = io.StringIO()
            formatter(job['command'], job['response'], out)
            return {'stdout': out.getvalue()}
        except Exception as e:
            return handled(e)
    if kind == 'compile':
        try:
            _resolve_query(job['expression'])
            return {'ok': True}
        except Exception as e:
            return handled(e)
    if kind == 'search':
        try:
            return {'result': jmespath.compile(job['expression']).search(job['data'])}
        except Exception as e:
            return handled(e)
    if kind == 'timestamp':
        return {'text': iso_format(job['value'])}
    if kind == 'wide':
        import unicodedata
        ranges, start = [], None
        for cp in range(0x110000):
            wide = unicodedata.east_asian_width(chr(cp)) in 'WFA'
            if wide and start is None:
                start = cp
            elif not wide and start is not None:
                ranges.append([start, cp - 1])
                start = None
        if start is not None:
            ranges.append([start, 0x10FFFF])
        return {'ranges': ranges}
    raise ValueError(kind)

jobs = json.load(sys.stdin)
json.dump([run(job) for job in jobs], sys.stdout)
`;

function runJobs<T>(jobs: object[]): T[] {
  if (PYTHON === undefined) throw new Error('the real AWS CLI v2 is not installed');
  const result = spawnSync(PYTHON, ['-c', SCRIPT], {
    input: JSON.stringify(jobs),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    // UTC so that the CLI's local-time timestamps read +00:00, like the simulator's.
    env: { ...process.env, TZ: 'UTC', PYTHONIOENCODING: 'utf-8', PYTHONWARNINGS: 'ignore' },
  });
  if (result.status !== 0) throw new Error(`real CLI helper failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as T[];
}

export interface FormatJob {
  format: 'json' | 'text' | 'table' | 'yaml' | 'yaml-stream';
  /** Operation name, the table title. */
  command: string;
  /** The parsed response as botocore hands it over (blobs base64, timestamps strings). */
  response: unknown;
  query?: string;
  width?: number;
}

/** stdout on success, or the CLI's stderr text and exit status when it fails. */
export type FormatOutcome = { stdout: string } | { error: string; exitCode: number };

/** The real formatter's output for each job (`formatter(command, response, stream)`). */
export function realFormat(jobs: FormatJob[]): FormatOutcome[] {
  return runJobs<FormatOutcome>(jobs.map((job) => ({ kind: 'format', ...job })));
}

export type CompileOutcome = { ok: true } | { error: string; exitCode: number };

/** What the CLI does with `--query expression` while parsing its options. */
export function realCompile(expressions: string[]): CompileOutcome[] {
  return runJobs<CompileOutcome>(expressions.map((expression) => ({ kind: 'compile', expression })));
}

export type SearchOutcome = { result: unknown } | { error: string; exitCode: number };

/** Python jmespath's result, or the CLI's report of the evaluation error. */
export function realSearch(jobs: { expression: string; data: unknown }[]): SearchOutcome[] {
  return runJobs<SearchOutcome>(jobs.map((job) => ({ kind: 'search', ...job })));
}

/** The CLI's iso8601 text for wire timestamps (epoch seconds), in UTC. */
export function realTimestamps(epochSeconds: number[]): string[] {
  return runJobs<{ text: string }>(epochSeconds.map((value) => ({ kind: 'timestamp', value }))).map((r) => r.text);
}

/** Code point ranges the CLI's table code measures as two columns wide. */
export function realWideRanges(): [number, number][] {
  const [first] = runJobs<{ ranges: [number, number][] }>([{ kind: 'wide' }]);
  return first?.ranges ?? [];
}

/** Runs /usr/bin/aws itself (dummy credentials, no config files). */
export function runAws(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(AWS, args, {
    encoding: 'utf8',
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: '/nonexistent',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'y',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_PAGER: '',
    },
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}
