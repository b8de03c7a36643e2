/**
 * How the CLI reports a failure (awscli/errorhandler.py): every handler writes
 * a blank line, the message, and a newline to stderr; argparse errors carry
 * the usage text first. The exit status says which kind of failure it was.
 */

/** The usage text every CLI parser shares (awscli/argparser.py USAGE). */
export const USAGE =
  'aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n' +
  'To see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n';

/** The first-pass parser's own usage line (it only knows --profile and --debug). */
export const FIRST_PASS_USAGE = 'usage: aws [-h] [--profile PROFILE] [--debug]\n';

export const PARAM_VALIDATION_ERROR = 252;
export const CONFIGURATION_ERROR = 253;
export const CLIENT_ERROR = 254;
export const GENERAL_ERROR = 255;

export class CliError extends Error {
  readonly exitCode: number;
  readonly stderr: string;
  /** KMS Lab's one-line advice, when the mistake is a common one. */
  hint: string | undefined;

  constructor(stderr: string, exitCode: number, hint?: string) {
    super(stderr.trim());
    this.name = 'CliError';
    this.stderr = stderr;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** argparse's error(): usage, then `aws: error: <message>` (exit 252). */
export function usageError(message: string, usage = `usage: ${USAGE}`): CliError {
  return new CliError(`\n${usage}\naws: error: ${message}\n\n`, PARAM_VALIDATION_ERROR);
}

/** UnknownArgumentError: usage, then `Unknown options: --bogus` (exit 252). */
export function unknownOptionsError(remaining: readonly string[]): CliError {
  return new CliError(`\nusage: ${USAGE}\nUnknown options: ${remaining.join(', ')}\n\n`, PARAM_VALIDATION_ERROR);
}

/** Any other handled exception: `\n<message>\n`. */
export function plainError(message: string, exitCode: number, hint?: string): CliError {
  return new CliError(`\n${message}\n`, exitCode, hint);
}
