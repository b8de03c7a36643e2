/** `sim`: KMS Lab's controls over the simulation (time, principal, reset, seed), plainly not part of AWS. */
import { chosenProfile } from '../../cli/profiles.ts';
import { ClockLimitError, MAX_SIM_TIME } from '../../kms/clock.ts';
import type { Kms } from '../../kms/kms.ts';
import type { CommandFn } from '../types.ts';
import { lazyHelp, printHelp } from './help-page.ts';

/** What `sim` needs from the sandbox that owns the simulator. */
export interface SimControl {
  kms(): Kms;
  /** Replaces the simulator (and the files) with a fresh one; a seed makes it repeatable. */
  reset(seed?: number): Promise<void>;
  /** Asks the learner before everything is deleted (the browser does; scripts and tests do not). */
  confirm?: (question: string) => Promise<boolean>;
}

const RESET_QUESTION = 'Delete every key, alias and file in this sandbox and start a new account?';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 };

const HELP = lazyHelp('sim');

function describeTime(date: Date): string {
  return `${date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')} (simulated)`;
}

/** `sim`: the simulator's controls, plainly not part of AWS. */
export function createSimCommand(control: SimControl): CommandFn {
  return async ({ args, env, stdout, stderr }) => {
    const [sub, ...rest] = args;
    switch (sub) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return printHelp({ stdout, stderr }, HELP, sub === undefined ? 2 : 0);
      case 'time': {
        const kms = control.kms();
        if (rest.length === 0) {
          stdout(`${describeTime(kms.now())}\n`);
          return 0;
        }
        const m = /^\+(\d+)([mhdwy])$/.exec(rest[0] ?? '');
        if (!m || rest.length > 1) {
          stderr(`sim: time: expected an amount like +30d, +12h, +2w or +1y, got '${rest.join(' ')}'\n`);
          return 2;
        }
        const before = kms.auditCount();
        let now: Date;
        try {
          now = await kms.advanceTime(Number(m[1]) * UNITS[m[2]!]!);
        } catch (error) {
          // The clock refuses a jump past its bound whole, before anything moves (clock.ts).
          if (!(error instanceof ClockLimitError)) throw error;
          stderr(
            `sim: time: ${rest[0]} would take the clock past ${describeTime(new Date(MAX_SIM_TIME))}, the latest date the simulation can hold; ` +
              `it stays at ${describeTime(kms.now())}\n`,
          );
          return 1;
        }
        stdout(`${describeTime(now)}\n`);
        // The log keeps only its newest events: a jump that made more than it holds lists those.
        const log = kms.auditLog();
        const added = kms.auditCount() - before;
        if (added > log.length) stdout(`  (${added - log.length} earlier events of this jump are no longer in the audit log)\n`);
        for (const event of log.slice(Math.max(0, log.length - added))) {
          if (event.eventType !== 'AwsServiceEvent') continue;
          const key = event.resources?.[0]?.ARN.split('/').pop() ?? '';
          const what =
            event.eventName === 'RotateKey'
              ? `key ${key} rotated to new key material`
              : event.eventName === 'DeleteKey'
                ? `key ${key} deleted (its waiting period ended)`
                : `key ${key}: imported key material expired`;
          stdout(`  ${event.eventTime}  ${what}\n`);
        }
        return 0;
      }
      case 'whoami': {
        // The principal the next aws command runs as: the profile from AWS_PROFILE, as aws chooses it.
        const { name, profile } = chosenProfile(control.kms(), env);
        if (!profile) {
          stderr(`sim: whoami: AWS_PROFILE names '${name}', which is not one of KMS Lab's profiles (aws configure list-profiles)\n`);
          return 1;
        }
        const { principal } = profile;
        stdout(`${principal.name}\t${principal.arn}\n${principal.description}\n`);
        return 0;
      }
      case 'reset':
        if (rest.length > 0) {
          stderr(`sim: reset: unexpected argument '${rest[0]}'\n`);
          return 2;
        }
        if (control.confirm && !(await control.confirm(RESET_QUESTION))) {
          stderr('sim: reset cancelled; nothing was deleted\n');
          return 1;
        }
        await control.reset();
        stdout('The sandbox is new: a fresh account with only the AWS managed keys, and an empty home directory.\n');
        return 0;
      case 'seed': {
        const seed = Number(rest[0]);
        if (rest.length !== 1 || !Number.isSafeInteger(seed) || seed < 0) {
          stderr(`sim: seed: expected a whole number, got '${rest.join(' ')}'\n`);
          return 2;
        }
        if (control.confirm && !(await control.confirm(RESET_QUESTION))) {
          stderr('sim: seed cancelled; nothing was deleted\n');
          return 1;
        }
        await control.reset(seed);
        stdout(`The sandbox is new and repeatable: seed ${seed} gives the same key IDs, ciphertexts and dates every time.\n`);
        return 0;
      }
      default:
        stderr(`sim: '${sub}' is not a sim command. See 'sim help'.\n`);
        return 2;
    }
  };
}
