/**
 * The builtins that need the shell itself: cd, pwd, export, unset, env, echo, printf, true, false,
 * `:`, history, help, clear, exit. Messages and statuses follow bash 5.2 (and GNU env).
 */
import { decodeEscapes } from './escapes.ts';
import { lazyHelp, printHelp } from './commands/help-page.ts';
import { describeFsError } from './fs-errors.ts';
import { NAME, setVariable, type ShellState } from './state.ts';
import type { CommandContext } from './types.ts';

/** What builtins may use of the interpreter. */
export interface ShellHost {
  /** The state this command runs in (a copy inside pipelines, subshells and `$(…)`). */
  readonly state: ShellState;
  /** Lines typed so far, oldest first; `history -c` empties it. */
  readonly history: string[];
  /** The injected commands (file tools, openssl, aws, sim…), for `help`. */
  readonly commandNames: readonly string[];
  /** Changes the working directory (and PWD); throws a VfsError when it is not a directory. */
  chdir(path: string): void;
  /** Runs a command line already split into words, with extra environment variables (`env A=b cmd`). */
  exec(argv: readonly string[], env: Record<string, string>, ctx: CommandContext): Promise<number>;
  /** Whether a command of that name exists (builtin or injected). */
  hasCommand(name: string): boolean;
}

export type Builtin = (ctx: CommandContext, host: ShellHost) => number | Promise<number>;

/** `exit`: unwinds to the end of the current input (or subshell) with this status. */
export class ExitRequest {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

const cd: Builtin = ({ args, stdout, stderr }, host) => {
  const operands = args.filter((a, i) => !(/^-[LPe@]+$/.test(a) && args.slice(0, i).every((b) => b.startsWith('-'))));
  if (operands[0] === '--') operands.shift();
  if (operands.length > 1) {
    stderr('bash: cd: too many arguments\n');
    return 1;
  }
  const vars = host.state.vars;
  let target = operands[0];
  if (target === undefined) {
    target = vars.get('HOME')?.value;
    if (target === undefined) {
      stderr('bash: cd: HOME not set\n');
      return 1;
    }
  } else if (target === '-') {
    target = vars.get('OLDPWD')?.value;
    if (target === undefined) {
      stderr('bash: cd: OLDPWD not set\n');
      return 1;
    }
  }
  if (target === '') return 0;
  const old = host.state.cwd;
  try {
    host.chdir(target);
  } catch (error) {
    stderr(`bash: cd: ${target}: ${describeFsError(error)}\n`);
    return 1;
  }
  setVariable(host.state, 'OLDPWD', old);
  if (operands[0] === '-') stdout(`${host.state.cwd}\n`);
  return 0;
};

const pwd: Builtin = ({ stdout }, host) => {
  stdout(`${host.state.cwd}\n`);
  return 0;
};

/** `declare -x NAME="value"` with the characters double quotes need escaped. */
function declareLine(name: string, value: string): string {
  return `declare -x ${name}="${value.replace(/[\\"$`]/g, '\\$&')}"\n`;
}

const exportBuiltin: Builtin = ({ args, stdout, stderr }, host) => {
  let unexport = false;
  let i = 0;
  for (; i < args.length && /^-[np]+$/.test(args[i]!); i++) if (args[i]!.includes('n')) unexport = true;
  if (args[i] === '--') i++;
  const names = args.slice(i);
  if (names.length === 0) {
    const exported = [...host.state.vars].filter(([, v]) => v.exported).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, v] of exported) stdout(declareLine(name, v.value));
    return 0;
  }
  let status = 0;
  for (const arg of names) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!NAME.test(name)) {
      stderr(`bash: export: \`${arg}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    const value = eq < 0 ? host.state.vars.get(name)?.value : arg.slice(eq + 1);
    // `export NAME` of an unset variable changes nothing visible here: it has no value to pass on.
    if (value !== undefined) setVariable(host.state, name, value, !unexport);
  }
  return status;
};

const unset: Builtin = ({ args }, host) => {
  for (const name of args) if (NAME.test(name)) setVariable(host.state, name, undefined);
  return 0;
};

const ENV_HELP = lazyHelp('env');

/** GNU coreutils `env`: prints the environment, or runs a command with a changed one. */
const env: Builtin = async (ctx, host) => {
  const { args, stdout, stderr } = ctx;
  let environment = { ...ctx.env };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help') return printHelp(ctx, ENV_HELP);
    if (a === '-i' || a === '-' || a === '--ignore-environment') environment = {};
    else if (a === '-u' || a === '--unset') delete environment[args[++i] ?? ''];
    else if (a === '--') {
      i++;
      break;
    } else if (a.startsWith('-') && a !== '-') {
      stderr(`env: invalid option -- '${a.slice(1, 2)}'\nTry 'env --help' for more information.\n`);
      return 125;
    } else break;
  }
  for (; i < args.length && /^[^=]+=/.test(args[i]!); i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    environment[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const argv = args.slice(i);
  if (argv.length === 0) {
    stdout(Object.entries(environment).map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  if (!host.hasCommand(argv[0]!)) {
    stderr(`env: ‘${argv[0]}’: No such file or directory\n`);
    return 127;
  }
  return host.exec(argv, environment, { ...ctx, env: environment });
};

const echo: Builtin = ({ args, stdout }) => {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]!); i++) {
    for (const flag of args[i]!.slice(1)) {
      if (flag === 'n') newline = false;
      else escapes = flag === 'e';
    }
  }
  const text = args.slice(i).join(' ');
  if (!escapes) {
    stdout(newline ? `${text}\n` : text);
    return 0;
  }
  const decoded = decodeEscapes(text, 'echo');
  stdout(decoded.bytes);
  if (newline && !decoded.stopped) stdout('\n');
  return 0;
};

// The format engine (printf.ts) is fetched on the first printf: a lesson page starts without it.
const printfBuiltin: Builtin = async ({ args, stdout, stderr }, host) => {
  let rest = args;
  let target: string | undefined;
  if (rest[0] === '-v') {
    target = rest[1];
    if (target === undefined || !NAME.test(target)) {
      stderr(target === undefined ? 'bash: printf: -v: option requires an argument\n' : `bash: printf: \`${target}': not a valid identifier\n`);
      return target === undefined ? 2 : 1;
    }
    rest = rest.slice(2);
  }
  if (rest[0] === '--') rest = rest.slice(1);
  const [format, ...values] = rest;
  if (format === undefined) {
    stderr('printf: usage: printf [-v var] format [arguments]\n');
    return 2;
  }
  const { printf } = await import('./printf.ts');
  const result = printf(format, values);
  if (target !== undefined) setVariable(host.state, target, new TextDecoder().decode(result.bytes));
  else stdout(result.bytes);
  for (const message of result.errors) stderr(`bash: printf: ${message}\n`);
  return result.errors.length > 0 ? 1 : 0;
};

const history: Builtin = ({ args, stdout, stderr }, host) => {
  if (args[0] === '-c') {
    host.history.length = 0;
    return 0;
  }
  const count = args[0];
  if (count !== undefined && !/^[0-9]+$/.test(count)) {
    stderr(`bash: history: ${count}: numeric argument required\n`);
    return 1;
  }
  const first = count === undefined ? 0 : Math.max(0, host.history.length - Number(count));
  const lines = host.history.slice(first).map((line, i) => `${String(first + i + 1).padStart(5)}  ${line}\n`);
  stdout(lines.join(''));
  return 0;
};

/** One line per command for `help`; injected commands not listed here still appear, by name. */
const DESCRIPTIONS: Record<string, string> = {
  aws: 'the AWS CLI; its kms commands run against KMS Lab’s simulated KMS',
  sim: 'KMS Lab’s own controls (simulated time, reset, seed); not part of AWS',
  openssl: 'OpenSSL, for the local half of KMS work (enc, rand, dgst, pkeyutl, pkey, genpkey)',
  base64: 'encode or decode base64 (base64 --decode turns CLI output back into bytes)',
  cat: 'print files',
  ls: 'list a directory',
  mkdir: 'make directories',
  rm: 'remove files',
  cp: 'copy files',
  mv: 'move or rename files',
  touch: 'create empty files',
  head: 'print the first lines of files',
  tail: 'print the last lines of files',
  wc: 'count lines, words and bytes',
  xxd: 'hex dump',
  hexdump: 'hex dump',
  diff: 'compare files line by line',
  cmp: 'compare files byte by byte',
  sha256sum: 'SHA-256 checksums',
  cd: 'change the working directory (cd with no argument: home; cd -: back)',
  pwd: 'print the working directory',
  echo: 'print its arguments (-n: no newline, -e: understand \\n, \\t…)',
  printf: 'print formatted text: printf FORMAT [ARG…]',
  export: 'export NAME=value: make a variable visible to commands such as aws',
  unset: 'remove variables',
  env: 'print the exported variables, or run a command with more of them',
  history: 'list the commands typed so far',
  help: 'this list',
  clear: 'clear the screen',
  true: 'do nothing, successfully',
  false: 'do nothing, unsuccessfully',
  exit: 'stop running the rest of the input',
};

const help: Builtin = ({ stdout }, host) => {
  const names = [...new Set([...host.commandNames, ...Object.keys(BUILTINS)])].filter((n) => n !== ':').sort();
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((n) => `  ${n.padEnd(width)}  ${DESCRIPTIONS[n] ?? ''}`.trimEnd());
  stdout(
    'KMS Lab shell: a small bash that runs in your browser. These commands exist here:\n\n' +
      `${lines.join('\n')}\n\n` +
      'It understands quotes, $VAR and ${VAR}, $(command), pipes |, redirections > >> < 2> 2>&1,\n' +
      'here-documents <<EOF, and lists with ; && ||. Tab completes commands and file names.\n' +
      'Most commands explain their options with --help (cat --help, env --help); for aws, type aws help.\n' +
      (host.commandNames.includes('sim') ? "`sim` is KMS Lab's own command, not part of AWS: try `sim help`.\n" : ''),
  );
  return 0;
};

const clear: Builtin = ({ stdout }) => {
  stdout('\x1b[H\x1b[2J');
  return 0;
};

const exit: Builtin = ({ args, stderr }, host) => {
  const arg = args[0];
  if (arg === undefined) throw new ExitRequest(host.state.status);
  if (!/^[+-]?[0-9]+$/.test(arg.trim())) {
    stderr(`bash: exit: ${arg}: numeric argument required\n`);
    throw new ExitRequest(2);
  }
  if (args.length > 1) {
    stderr('bash: exit: too many arguments\n');
    return 1;
  }
  throw new ExitRequest(Number(BigInt.asUintN(8, BigInt(arg.trim()))));
};

export const BUILTINS: Record<string, Builtin> = {
  cd,
  pwd,
  export: exportBuiltin,
  unset,
  env,
  echo,
  printf: printfBuiltin,
  true: () => 0,
  false: () => 1,
  ':': () => 0,
  history,
  help,
  clear,
  exit,
};

