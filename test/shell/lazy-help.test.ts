// The shell tools' help pages live in help-pages.ts, fetched on the first --help: each command
// still prints its whole page, and a failed download is said plainly instead of an internal error.
import { describe, expect, it, vi } from 'vitest';
import { renderHelp } from '../../src/shell/commands/help-render.ts';
import { HELP_PAGES, type ShellHelpName } from '../../src/shell/commands/help-pages.ts';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';

/** How each command is asked for its page, and the status it then ends with. */
const ASK: Record<ShellHelpName, [line: string, status: number][]> = Object.fromEntries(
  Object.keys(HELP_PAGES).map((name) => [name, [[`${name} --help`, 0]]]),
) as Record<ShellHelpName, [string, number][]>;
ASK.hexdump.push(['hexdump -h', 0]);
ASK.sim = [
  ['sim help', 0],
  ['sim -h', 0],
  ['sim', 2],
];

describe('help pages fetched on demand', () => {
  it('prints every page whole, for each way of asking', async () => {
    const box = await Sandbox.create({ seed: 1 });
    for (const [name, asks] of Object.entries(ASK)) {
      const page = renderHelp(HELP_PAGES[name as ShellHelpName]);
      expect(page.startsWith(`NAME\n       ${name} - `), name).toBe(true);
      for (const [line, status] of asks) {
        expect(await runText(box.session, line), line).toEqual({ stdout: page, stderr: '', exitCode: status });
      }
    }
  });

  it('says so when the pages cannot be downloaded, and --version still answers', async () => {
    vi.resetModules();
    vi.doMock('../../src/shell/commands/help-pages.ts', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    try {
      const { Sandbox: Fresh } = await import('../../src/shell/sandbox.ts');
      const { runText: run } = await import('../../src/shell/run.ts');
      const box = await Fresh.create({ seed: 1 });
      const failed = await run(box.session, 'wc --help');
      expect(failed.exitCode).toBe(1);
      expect(failed.stdout).toBe('');
      expect(failed.stderr).toMatch(/^wc: KMS Lab could not download this help page \(.+\)\. Check the connection and try again\.\n$/s);
      expect(await run(box.session, 'wc --version')).toEqual({ stdout: 'wc (KMS Lab) modelled on GNU coreutils 9.1\n', stderr: '', exitCode: 0 });
      expect((await run(box.session, 'sim')).exitCode).toBe(1);
    } finally {
      vi.doUnmock('../../src/shell/commands/help-pages.ts');
    }
  });
});
