/** `xxd`'s entry in the command table; the tool itself (xxd-main.ts) is fetched on its first run. */
import { lazyCommand } from './lazy-command.ts';

export const xxd = lazyCommand(async () => (await import('./xxd-main.ts')).xxd);
