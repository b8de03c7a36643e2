/**
 * A command whose implementation is fetched on its first run. Lesson pages then start the sandbox
 * without downloading tools a learner may never call (openssl, xxd, diff); Node loads them the same
 * way, so `npm run shell`, the endpoint and the tests run the very same code.
 */
import type { CommandFn } from '../types.ts';

export function lazyCommand(load: () => Promise<CommandFn>): CommandFn {
  let loaded: Promise<CommandFn> | undefined;
  return async (ctx) => {
    // A failed download (offline) is not remembered, so the next run tries again.
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return (await loaded)(ctx);
  };
}
