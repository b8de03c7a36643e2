import type { Kms } from '../kms/kms.ts';
import type { AwsInvocation } from './invocation.ts';

/** What the AWS CLI emulation needs from the shell around it. */
export interface CliContext {
  kms: Kms;
  /** Environment variables: AWS_PROFILE, AWS_DEFAULT_OUTPUT, AWS_DEFAULT_REGION, AWS_REGION, … */
  env: Record<string, string | undefined>;
  /**
   * Reads a file for fileb:// and file:// parameters, relative to the
   * working directory. Throws an Error whose `code` is 'ENOENT' or 'EISDIR'.
   */
  readFile(path: string): Uint8Array;
}

/** One `aws …` invocation's outcome, as the real CLI would print it. */
export interface CliResult {
  stdout: string;
  stderr: string;
  /** 0 ok, 252 usage or client-side validation, 253 configuration, 254 service error, 255 other (AWS CLI v2). */
  exitCode: number;
  /**
   * A one-line explanation from KMS Lab (not from the AWS CLI) of how to fix
   * a common mistake; the shell shows it dimmed after stderr.
   */
  hint?: string;
  /** What the run did (operation, inputs, outcome, what the output kept), for the shell to publish. */
  invocation?: AwsInvocation;
}
