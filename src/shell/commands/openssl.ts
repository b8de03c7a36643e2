/**
 * `openssl`'s entry in the command table. The tool (openssl-main.ts: enc, rand, base64, the ciphers,
 * its MD5 and PBKDF2, dgst, pkeyutl, pkey, rsa, genpkey) is fetched on its first run, so a lesson
 * page's sandbox starts without it.
 */
import type { RandomSource } from '../../kms/random.ts';
import type { CommandFn } from '../types.ts';
import { lazyCommand } from './lazy-command.ts';

export interface OpensslOptions {
  /** Where random bytes come from (rand, salts); the session's seeded source makes runs repeatable. */
  random?: RandomSource;
}

export function createOpensslCommand(options: OpensslOptions = {}): CommandFn {
  return lazyCommand(async () => (await import('./openssl-main.ts')).createOpensslCommand(options));
}

/** `openssl` with the platform's random numbers. */
export const openssl: CommandFn = createOpensslCommand();
