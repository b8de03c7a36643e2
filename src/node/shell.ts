// `npm run shell`: the sandbox's shell in a real terminal, or a script
// piped into it. Same session code as the browser terminal.
import { createInterface } from 'node:readline';
import { needsMoreInput } from '../shell/parse.ts';
import { Sandbox } from '../shell/sandbox.ts';
import { readOptions, seedOption } from './options.ts';

const USAGE = `Usage: npm run shell [-- --seed N]

Opens the KMS Lab sandbox shell: aws kms …, openssl, base64 and friends
against a simulated KMS. With standard input from a pipe or file, runs each
line and exits with the last command's status. --seed N makes key IDs,
ciphertexts and dates repeat.
`;

async function main(): Promise<number> {
  const values = readOptions({ seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (typeof values === 'number') return values;
  const seed = seedOption(values.seed);
  if (seed === null) return 2;
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const sandbox = await Sandbox.create({ ...(seed === undefined ? {} : { seed }), ansi: interactive });
  const { session } = sandbox;

  let exited = false;
  const run = async (text: string): Promise<number> => {
    const result = await session.run(text);
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    exited = result.exited === true;
    return result.exitCode;
  };

  if (!interactive) {
    // A script: run each complete command as it arrives; the status is the last command's.
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    let pending = '';
    let status = 0;
    for await (const line of lines) {
      pending = pending ? `${pending}\n${line}` : line;
      if (needsMoreInput(pending)) continue;
      if (pending.trim() !== '') status = await run(pending);
      pending = '';
      if (exited) break;
    }
    if (pending.trim() !== '' && !exited) status = await run(pending);
    return status;
  }

  process.stdout.write('KMS Lab sandbox shell — a simulated KMS; nothing is sent to AWS. Try `help`, `sim help`, Ctrl-D to leave.\n');
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    historySize: 1000,
    completer: (line: string) => {
      const { candidates, replaceFrom } = session.complete(line, line.length);
      return [candidates, line.slice(replaceFrom)];
    },
  });
  let pending = '';
  let status = 0;
  rl.setPrompt(session.prompt());
  rl.prompt();
  for await (const line of rl) {
    pending = pending ? `${pending}\n${line}` : line;
    if (needsMoreInput(pending)) {
      rl.setPrompt('> ');
      rl.prompt();
      continue;
    }
    if (pending.trim() !== '') status = await run(pending);
    pending = '';
    if (exited) break;
    rl.setPrompt(session.prompt());
    rl.prompt();
  }
  rl.close();
  if (!exited) process.stdout.write('\n');
  return status;
}

process.exitCode = await main();
