/**
 * Tab completion for `aws`: services, operations, options (global and the
 * operation's own), choices and enum values, key IDs and alias names, profile
 * names. Returns undefined where file names fit (blob values, file://). Enum
 * values come from src/kms/supported.ts, the lists the simulator checks with.
 */
import type { Kms } from '../kms/kms.ts';
import { acceptedValues } from '../kms/supported.ts';
import { argumentTable } from './args.ts';
import { profileList } from './profiles.ts';
import { GLOBAL_SPECS } from './globals.ts';
import { findKmsCommand, KMS_COMMANDS, xformName, type CliParam } from './model.ts';
import { AWS_COMMANDS, CONFIGURE_SUBCOMMANDS, STS_OPERATIONS } from './services.ts';

const SKELETON_CHOICES = ['input', 'output', 'yaml-input'];
/** Members that name a key: offered key IDs and aliases. */
const KEY_MEMBERS = new Set(['KeyId', 'DestinationKeyId', 'TargetKeyId', 'SourceKeyId']);

const GLOBAL_WITH_VALUE = new Map(GLOBAL_SPECS.filter((s) => s.nargs === 'one').map((s) => [s.options[0]!, s]));
const GLOBAL_OPTIONS = GLOBAL_SPECS.flatMap((s) => s.options);

/** `words` are the words before the cursor, `aws` first; `current` is the word being completed. */
export function completeAws(words: readonly string[], current: string, kms: Kms): readonly string[] | undefined {
  const positionals: string[] = [];
  const used = new Set<string>();
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('--')) {
      used.add(word);
      // A global option's value, or the operation's: skip it (an operation option's value is a single word here).
      if (GLOBAL_WITH_VALUE.has(word) || (positionals.length >= 2 && paramOf(positionals, word)?.type !== 'boolean')) i++;
    } else positionals.push(word);
  }
  const previous = words.length > 1 ? words[words.length - 1]! : '';
  const valueFor = previous.startsWith('--') ? valueCandidates(previous, positionals, kms) : null;
  if (valueFor !== null) return valueFor;

  if (current.startsWith('-')) {
    const own = positionals.length >= 2 ? operationOptions(positionals) : [];
    return [...own, ...GLOBAL_OPTIONS].filter((o) => !used.has(o));
  }
  // After the operation, a bare Tab offers its options (and `help` before any), so one Tab never inserts `help` unasked.
  if (current === '' && positionals.length === 2) {
    const own = operationOptions(positionals).filter((o) => !used.has(o));
    return used.size === 0 ? [...own, 'help'] : own;
  }
  const [service, operation] = positionals;
  if (service === undefined) return [...AWS_COMMANDS, 'help'];
  if (operation === undefined) {
    if (service === 'kms') return [...KMS_COMMANDS.map((c) => c.name), 'help'];
    if (service === 'sts') return [...STS_OPERATIONS.map((o) => xformName(o)), 'help'];
    if (service === 'configure') return [...CONFIGURE_SUBCOMMANDS, 'help'];
    return [];
  }
  return positionals.length === 2 ? ['help'] : [];
}

function paramOf(positionals: readonly string[], option: string): CliParam | undefined {
  if (positionals[0] !== 'kms') return undefined;
  return findKmsCommand(positionals[1] ?? '')?.params.find((p) => p.option === option || p.negative === option);
}

function operationOptions(positionals: readonly string[]): string[] {
  const command = positionals[0] === 'kms' ? findKmsCommand(positionals[1] ?? '') : undefined;
  return command ? argumentTable(command).filter((e) => !e.hidden).map((e) => `--${e.name}`) : [];
}

/** What may follow `option`: a list, undefined for file names, or null when it takes no value. */
function valueCandidates(option: string, positionals: readonly string[], kms: Kms): readonly string[] | undefined | null {
  const global = GLOBAL_WITH_VALUE.get(option);
  if (global) {
    if (global.choices) return global.choices;
    if (option === '--profile') return profileList(kms).map((p) => p.name);
    if (option === '--region') return [kms.account.region];
    return [];
  }
  if (option === '--generate-cli-skeleton') return SKELETON_CHOICES;
  if (option === '--cli-input-json' || option === '--cli-input-yaml') return undefined;
  if (['--starting-token', '--page-size', '--max-items'].includes(option)) return [];
  const param = paramOf(positionals, option);
  if (!param || param.type === 'boolean' || param.negative === option) return null;
  const { keyIds, aliasNames } = kms.names();
  if (KEY_MEMBERS.has(param.member)) return [...keyIds, ...aliasNames];
  if (param.member === 'AliasName') return aliasNames;
  const command = findKmsCommand(positionals[1] ?? '')!;
  // Only what would work here: the values the simulator's checks accept, none for an operation it lacks.
  const values = acceptedValues(command.operation, param.member);
  if (values) return command.implemented ? values : [];
  // Blobs and free text: file names (fileb://, file://) are the useful guesses.
  return undefined;
}
