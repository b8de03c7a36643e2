/**
 * A real sandbox session that exercises what the panels show: aliases,
 * tags, rotation, a disabled key, a key deleted by the service, failed
 * calls (AccessDenied and NotFound) and scheduled rotations by AWS.
 */
import { parse, type HTMLElement } from 'node-html-parser';
import { expect } from 'vitest';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

export interface Scenario {
  sandbox: Sandbox;
  run(line: string): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  demo: string;
  disabled: string;
}

export async function buildScenario(): Promise<Scenario> {
  const sandbox = await Sandbox.create({ seed: 11 });
  const run = (line: string) => runText(sandbox.session, line);
  const newKey = async (args: string) => {
    const result = await run(`aws kms create-key ${args} --query KeyMetadata.KeyId --output text`);
    expect(result.exitCode, result.stderr).toBe(0);
    return result.stdout.trim();
  };
  const ok = async (line: string) => {
    const result = await run(line);
    expect(result.exitCode, `${line}: ${result.stderr}`).toBe(0);
  };

  const demo = await newKey('--description demo --tags TagKey=team,TagValue=red');
  await ok(`aws kms create-alias --alias-name alias/demo --target-key-id ${demo}`);
  await ok(`aws kms enable-key-rotation --key-id ${demo} --rotation-period-in-days 180`);
  const disabled = await newKey('--description "old app key"');
  await ok(`aws kms disable-key --key-id ${disabled}`);
  const doomed = await newKey('--description doomed');
  await ok(`aws kms schedule-key-deletion --key-id ${doomed} --pending-window-in-days 7`);
  // Fails: the Auditor may read keys, not use them.
  expect((await run('aws kms encrypt --key-id alias/demo --plaintext aGk= --profile auditor')).exitCode).not.toBe(0);
  await ok('sim time +200d'); // the doomed key is deleted, demo and AWS managed keys rotate
  expect((await run('aws kms encrypt --key-id alias/nope --plaintext aGk=')).exitCode).not.toBe(0);
  await ok('aws kms list-aliases --query "length(Aliases)"');
  return { sandbox, run, demo, disabled };
}

/** Parsed markup; <pre> is parsed as elements too (node-html-parser keeps it as raw text by default). */
export function html(markup: string): HTMLElement {
  return parse(markup, { blockTextElements: { script: true, style: true } });
}

/** Visible text of an element with whitespace collapsed. */
export function text(element: HTMLElement | null | undefined): string {
  return (element?.text ?? '').replace(/\s+/g, ' ').trim();
}
