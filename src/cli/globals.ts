/**
 * The CLI's global options (awscli/data/cli.json, in its order) and the two
 * parsers that read them: the first pass (only --profile and --debug, with
 * argparse's own -h/--help) and the main parser (every global option and the
 * command). Both see the whole command line, so globals work anywhere in it.
 */
import type { ArgSpec } from './argparse.ts';

const flag = (name: string, dest: string, value: boolean): ArgSpec => ({
  dest,
  options: [`--${name}`],
  nargs: 'none',
  action: 'const',
  const: value,
  default: !value,
});
const option = (name: string, dest = name.replace(/-/g, '_'), choices?: readonly string[]): ArgSpec => ({
  dest,
  options: [`--${name}`],
  nargs: 'one',
  ...(choices ? { choices } : {}),
});

export const OUTPUT_FORMATS = ['json', 'text', 'table', 'yaml', 'yaml-stream'] as const;

export const GLOBAL_SPECS: readonly ArgSpec[] = [
  flag('debug', 'debug', true),
  option('endpoint-url'),
  flag('no-verify-ssl', 'verify_ssl', false),
  flag('no-paginate', 'paginate', false),
  option('output', 'output', OUTPUT_FORMATS),
  option('query'),
  option('profile'),
  option('region'),
  { ...option('color', 'color', ['on', 'off', 'auto']), default: 'auto' },
  flag('no-sign-request', 'sign_request', false),
  option('ca-bundle'),
  option('cli-read-timeout', 'read_timeout'),
  option('cli-connect-timeout', 'connect_timeout'),
  option('cli-binary-format', 'cli_binary_format', ['base64', 'raw-in-base64-out']),
  flag('no-cli-pager', 'no_cli_pager', true),
  flag('cli-auto-prompt', 'cli_auto_prompt', true),
  flag('no-cli-auto-prompt', 'no_cli_auto_prompt', true),
  { dest: 'version', options: ['--version'], nargs: 'none', action: 'version' },
];

export const FIRST_PASS_SPECS: readonly ArgSpec[] = [
  { dest: 'help', options: ['-h', '--help'], nargs: 'none', action: 'help' },
  option('profile'),
  flag('debug', 'debug', true),
];

/** What argparse prints for -h/--help: the first-pass parser answers before the CLI proper. */
export const FIRST_PASS_HELP =
  'usage: aws [-h] [--profile PROFILE] [--debug]\n\noptions:\n  -h, --help         show this help message and exit\n  --profile PROFILE\n  --debug\n';

/** `aws --version`: the real CLI's first word, then who is answering. */
export const VERSION = 'aws-cli/2.9.19 KMS-Lab (an emulation of AWS CLI v2 that runs in your browser; not the real aws-cli)\n';

/** The global settings a command runs with. */
export interface Globals {
  debug: boolean;
  paginate: boolean;
  output?: string;
  query?: string;
  profile?: string;
  region?: string;
  binaryFormat?: string;
}

export function globalsFrom(values: Record<string, unknown>): Globals {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const g: Globals = { debug: values.debug === true, paginate: values.paginate !== false };
  const output = str(values.output);
  const query = str(values.query);
  const profile = str(values.profile);
  const region = str(values.region);
  const binaryFormat = str(values.cli_binary_format);
  if (output !== undefined) g.output = output;
  if (query !== undefined) g.query = query;
  if (profile !== undefined) g.profile = profile;
  if (region !== undefined) g.region = region;
  if (binaryFormat !== undefined) g.binaryFormat = binaryFormat;
  return g;
}
