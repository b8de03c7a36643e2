// Command-line options shared by the Node front doors (npm run shell, npm run endpoint).
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

type Values<T extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ options: T }>>['values'];

/**
 * Parses the options; on a bad option (usage on stderr, status 2) or --help (usage on stdout,
 * status 0) returns the exit status instead.
 */
export function readOptions<T extends ParseArgsOptionsConfig>(options: T, usage: string): Values<T> | number {
  let values: Values<T>;
  try {
    ({ values } = parseArgs({ options }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if ((values as { help?: boolean }).help) {
    process.stdout.write(usage);
    return 0;
  }
  return values;
}

/** `--seed N`: undefined when absent, null (after saying why) when it is not a whole number. */
export function seedOption(raw: string | undefined): number | undefined | null {
  if (raw === undefined) return undefined;
  const seed = Number(raw);
  if (Number.isSafeInteger(seed) && seed >= 0) return seed;
  process.stderr.write(`--seed expects a whole number, got '${raw}'\n`);
  return null;
}
