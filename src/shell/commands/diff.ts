/** `diff`'s entry in the command table; the tool and jsdiff (diff-main.ts) are fetched on its first run. */
import { lazyCommand } from './lazy-command.ts';

export const diff = lazyCommand(async () => (await import('./diff-main.ts')).diff);
