import { loadCli } from '../../cli/cli-loader.ts';
import type { AwsInvocation } from '../../cli/invocation.ts';
import type { Kms } from '../../kms/kms.ts';
import type { CommandFn } from '../types.ts';

/**
 * `aws`: the AWS CLI emulation, reading fileb:// and file:// paths from the sandbox's files.
 * `publish` hears what each run did, with the paths it read made absolute. The CLI itself is
 * fetched on the first run (or earlier, by the browser's prefetch; see cli-loader.ts).
 */
export function createAwsCommand(kms: () => Kms, publish?: (invocation: AwsInvocation) => void): CommandFn {
  return async ({ args, env, cwd, vfs, stdout, stderr, session }) => {
    let cli;
    try {
      cli = await loadCli();
    } catch (error) {
      stderr(`aws: KMS Lab could not download the AWS CLI (${(error as Error)?.message ?? String(error)}). Check the connection and run the command again.\n`);
      return 1;
    }
    const result = await cli.runAws(args, {
      kms: kms(),
      env,
      readFile: (path) => vfs.readFile(vfs.resolve(cwd, path)),
    });
    if (result.stdout) stdout(result.stdout);
    if (result.stderr) stderr(result.stderr);
    if (result.hint) {
      // The hint is KMS Lab's voice, not the CLI's: grey italics where the terminal can show them
      // (grey rather than SGR dim, whose half-transparent text is too faint on a light background).
      stderr(session.ansi ? `\x1b[3;90mKMS Lab hint: ${result.hint}\x1b[0m\n` : `KMS Lab hint: ${result.hint}\n`);
    }
    if (publish && result.invocation) {
      const inputs = result.invocation.inputs.map((i) => (i.path === undefined ? i : { ...i, path: vfs.resolve(cwd, i.path) }));
      publish({ ...result.invocation, inputs });
    }
    return result.exitCode;
  };
}
