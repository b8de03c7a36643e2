/**
 * What a lesson needs in the sandbox when it opens: its files (never written
 * over the learner's own) and its commands (run once per sandbox, remembered in
 * a hidden file, which a reset clears with everything else). Shared by the
 * browser and the tests that replay lessons.
 */
import { base64Decode } from '../../kms/base64.ts';
import type { SandboxSetup } from '../../lib/content-schema.ts';
import { runText } from '../../shell/run.ts';
import type { Sandbox } from '../../shell/sandbox.ts';
import { HOME } from '../../shell/vfs.ts';

const PREPARED = `${HOME}/.kms-lab-prepared`;

/** Returns the files it created. */
export async function prepareLesson(sandbox: Sandbox, lessonId: string, setup: SandboxSetup): Promise<string[]> {
  const session = sandbox.session;
  const created: string[] = [];
  for (const file of setup.files) {
    const path = session.vfs.resolve(HOME, file.path);
    if (session.vfs.stat(path) !== undefined) continue;
    session.vfs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { parents: true });
    session.vfs.writeFile(path, file.encoding === 'base64' ? base64Decode(file.content) : file.content);
    created.push(file.path);
  }
  const vfs = session.vfs;
  const done = vfs.stat(PREPARED)?.type === 'file' ? new TextDecoder().decode(vfs.readFile(PREPARED)).split('\n').filter(Boolean) : [];
  if (!done.includes(lessonId) && setup.commands.length > 0) {
    // As the account root, whichever profile the learner chose.
    for (const command of setup.commands) await runText(session, `(export AWS_PROFILE=default; ${command})`);
    session.vfs.writeFile(PREPARED, `${[...done, lessonId].join('\n')}\n`);
  }
  return created;
}
