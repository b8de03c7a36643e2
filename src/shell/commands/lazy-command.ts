/**
 * A command whose implementation is fetched on its first run. Lesson pages then start the sandbox
 * without downloading tools a learner may never call (openssl, xxd, diff); Node loads them the same
 * way, so `npm run shell`, the endpoint and the tests run the very same code.
 */
import { onDemand } from '../../kms/on-demand.ts';
import type { CommandFn } from '../types.ts';

export function lazyCommand(load: () => Promise<CommandFn>): CommandFn {
  // A failed download (offline) is not remembered, so the next run tries again (on-demand.ts).
  const command = onDemand(load);
  return async (ctx) => (await command.load())(ctx);
}
