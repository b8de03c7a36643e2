/**
 * `aws help`, `aws kms help`, `aws kms <command> help`: KMS Lab's own help
 * pages, laid out like the CLI's (NAME, DESCRIPTION, SYNOPSIS, OPTIONS,
 * EXAMPLE, OUTPUT) but written for this sandbox. Option names, types,
 * required flags and allowed values come from the API model; the prose is ours.
 */
import { API_MODEL } from '../kms/api-model.ts';
import type { ShapeDef } from '../kms/api-model-types.ts';
import { argumentTable, type ArgEntry } from './args.ts';
import { KMS_COMMANDS, type CliCommand } from './model.ts';

/** One line per operation, in our words. */
const SUMMARIES: Record<string, string> = {
  CancelKeyDeletion: 'Stops a scheduled key deletion; the key comes back disabled.',
  ConnectCustomKeyStore: 'Connects a custom key store (CloudHSM or external) to KMS.',
  CreateAlias: 'Gives a KMS key a friendly name such as alias/my-app.',
  CreateCustomKeyStore: 'Creates a key store backed by your own CloudHSM cluster or external key manager.',
  CreateGrant: 'Lets another principal use a key for chosen operations, without editing the key policy.',
  CreateKey: 'Creates a KMS key (by default a symmetric AES-256 key for encrypt and decrypt).',
  Decrypt: 'Turns a ciphertext blob back into plaintext; KMS finds the key from the blob.',
  DeleteAlias: 'Removes an alias; the key it pointed to is not affected.',
  DeleteCustomKeyStore: 'Deletes a custom key store that holds no keys.',
  DeleteImportedKeyMaterial: 'Deletes imported key material; the key waits for new material.',
  DeriveSharedSecret: 'Derives a shared secret with an ECC key-agreement key.',
  DescribeCustomKeyStores: 'Lists custom key stores and their connection state.',
  DescribeKey: 'Shows a key\'s metadata: ARN, state, usage, spec, origin, dates.',
  DisableKey: 'Disables a key: cryptographic operations with it fail until it is enabled again.',
  DisableKeyRotation: 'Turns off automatic yearly rotation of a key\'s material.',
  DisconnectCustomKeyStore: 'Takes a custom key store offline: its keys cannot be used until it is connected again.',
  EnableKey: 'Enables a disabled key.',
  EnableKeyRotation: 'Turns on automatic rotation of a symmetric key\'s material.',
  Encrypt: 'Encrypts up to 4 KB of data directly under a KMS key.',
  GenerateDataKey: 'Returns a fresh data key twice: in plaintext, and encrypted under a KMS key (envelope encryption).',
  GenerateDataKeyPair: 'Returns an asymmetric data key pair, the private key also encrypted under a KMS key.',
  GenerateDataKeyPairWithoutPlaintext: 'Like generate-data-key-pair, without the plaintext private key.',
  GenerateDataKeyWithoutPlaintext: 'Returns only the encrypted copy of a new data key, for later use.',
  GenerateMac: 'Computes an HMAC of a message with an HMAC KMS key.',
  GenerateRandom: 'Returns random bytes from KMS.',
  GetKeyLastUsage: 'Shows when a key was last used.',
  GetKeyPolicy: 'Prints the key policy of a key.',
  GetKeyRotationStatus: 'Tells whether automatic rotation is on, and when the next rotation is due.',
  GetParametersForImport: 'Hands out what an import needs: a public key to wrap the key material with, and an import token.',
  GetPublicKey: 'Downloads the public half of an asymmetric KMS key.',
  ImportKeyMaterial: 'Imports your own (wrapped) key material into a key whose origin is EXTERNAL.',
  ListAliases: 'Lists aliases in the account, or those of one key.',
  ListGrants: 'Lists the grants on a key.',
  ListKeyPolicies: 'Lists the names of a key\'s policies (always "default").',
  ListKeyRotations: 'Lists the rotations a key\'s material has gone through.',
  ListKeys: 'Lists the ID and ARN of every KMS key in this account and Region.',
  ListResourceTags: 'Lists the tags on a key.',
  ListRetirableGrants: 'Lists grants that a given principal may retire.',
  PutKeyPolicy: 'Replaces a key\'s key policy.',
  ReEncrypt: 'Decrypts a ciphertext and encrypts it again under another key or context, inside KMS.',
  ReplicateKey: 'Copies a multi-Region primary key to another Region.',
  RetireGrant: 'Retires a grant (done by its retiring principal or grantee).',
  RevokeGrant: 'Revokes a grant (done by a key administrator).',
  RotateKeyOnDemand: 'Rotates a symmetric key\'s material right now.',
  ScheduleKeyDeletion: 'Schedules a key for deletion after a waiting period of 7 to 30 days.',
  Sign: 'Signs a message or digest with an asymmetric signing key.',
  TagResource: 'Adds or overwrites tags on a key.',
  UntagResource: 'Removes tags from a key.',
  UpdateAlias: 'Points an existing alias at a different key.',
  UpdateCustomKeyStore: 'Changes the settings of a custom key store.',
  UpdateKeyDescription: 'Changes a key\'s description.',
  UpdatePrimaryRegion: 'Makes a replica of a multi-Region key the primary key.',
  Verify: 'Checks a signature made with an asymmetric signing key.',
  VerifyMac: 'Checks an HMAC made with an HMAC KMS key.',
};

/** Hand-written examples for the commands lessons use; others get one built from their required options. */
const EXAMPLES: Record<string, string[]> = {
  CreateKey: ['aws kms create-key --description "lesson key"'],
  DescribeKey: ['aws kms describe-key --key-id alias/my-key'],
  ListKeys: ['aws kms list-keys --query "Keys[].KeyId" --output text'],
  CreateAlias: ['aws kms create-alias --alias-name alias/my-key --target-key-id $KEY_ID'],
  ListAliases: ['aws kms list-aliases --key-id $KEY_ID --output table'],
  Encrypt: ['aws kms encrypt --key-id alias/my-key --plaintext fileb://secret.txt \\', '    --output text --query CiphertextBlob | base64 --decode > secret.enc'],
  Decrypt: ['aws kms decrypt --ciphertext-blob fileb://secret.enc --output text --query Plaintext | base64 --decode'],
  ReEncrypt: ['aws kms re-encrypt --ciphertext-blob fileb://secret.enc --destination-key-id alias/other-key'],
  GenerateDataKey: ['aws kms generate-data-key --key-id alias/my-key --key-spec AES_256'],
  GenerateDataKeyWithoutPlaintext: ['aws kms generate-data-key-without-plaintext --key-id alias/my-key --key-spec AES_256'],
  GenerateRandom: ['aws kms generate-random --number-of-bytes 32 --output text --query Plaintext'],
  EnableKeyRotation: ['aws kms enable-key-rotation --key-id $KEY_ID'],
  GetKeyRotationStatus: ['aws kms get-key-rotation-status --key-id $KEY_ID'],
  ScheduleKeyDeletion: ['aws kms schedule-key-deletion --key-id $KEY_ID --pending-window-in-days 7'],
  CreateGrant: ['aws kms create-grant --key-id $KEY_ID --grantee-principal arn:aws:iam::111122223333:role/AppRole \\', '    --operations Encrypt Decrypt --constraints EncryptionContextSubset={team=blue}'],
  TagResource: ['aws kms tag-resource --key-id $KEY_ID --tags TagKey=team,TagValue=blue TagKey=env,TagValue=lab'],
  GetKeyPolicy: ['aws kms get-key-policy --key-id $KEY_ID --output text --query Policy'],
  PutKeyPolicy: ['aws kms put-key-policy --key-id $KEY_ID --policy file://policy.json'],
};

/** What each type means on this command line, in our words. */
function typeNotes(shapeName: string): string[] {
  const shape = API_MODEL.shapes[shapeName]!;
  switch (shape.type) {
    case 'blob':
      return [
        'Binary. fileb://path sends the file\'s bytes. A plain value is read as base64',
        '(the AWS CLI v2 default); add --cli-binary-format raw-in-base64-out to send text as-is.',
      ];
    case 'boolean':
      return ['A flag: give it to send true, its --no- form to send false.'];
    case 'integer':
    case 'long':
      return ['A whole number.'];
    case 'timestamp':
      return ['A date: 2030-01-31T12:00:00Z, 2030-01-31, or seconds since 1970.'];
    case 'map':
      return [`Shorthand: ${shorthand(shapeName, [])}`, 'JSON: {"string": "string", ...}'];
    case 'list': {
      const item = API_MODEL.shapes[shape.member!]!;
      if (item.type === 'structure') return [`Shorthand: ${shorthand(shape.member!, [])} ...`, 'JSON: [{...}, ...]'];
      return ['One or more values separated by spaces, or a JSON list.', ...enumNote(item)];
    }
    case 'structure':
      return [`Shorthand: ${shorthand(shapeName, [])}`, 'JSON: {...}'];
    default:
      return enumNote(shape);
  }
}

function enumNote(shape: ShapeDef): string[] {
  return shape.enum ? [`Possible values: ${shape.enum.join(', ')}`] : [];
}

/** The shorthand pattern for a map, structure or list item (as the CLI's docs generate it). */
function shorthand(shapeName: string, stack: string[]): string {
  const shape = API_MODEL.shapes[shapeName]!;
  if (stack.length > 3) return '...';
  if (shape.type === 'map') {
    const v = shorthand(shape.value!, [...stack, shapeName]);
    const inner = `KeyName1=${v},KeyName2=${v}`;
    return stack.length > 0 ? `{${inner}}` : inner;
  }
  if (shape.type === 'structure') {
    const inner = Object.entries(shape.members ?? {})
      .map(([m, s]) => `${m}=${shorthand(s, [...stack, shapeName])}`)
      .join(',');
    return stack.length > 0 ? `{${inner}}` : inner;
  }
  if (shape.type === 'list') {
    const item = shorthand(shape.member!, [...stack, shapeName]);
    return `[${item},${item}]`;
  }
  return shape.type;
}

const MEMBER_NOTES: Record<string, string> = {
  KeyId: 'Which KMS key: a key ID, a key ARN, an alias name (alias/...) or an alias ARN (management commands take only the ID or key ARN).',
  TargetKeyId: 'The key the alias points to: a key ID or a key ARN.',
  AliasName: 'The alias, starting with alias/ (alias/aws/ is reserved for AWS managed keys).',
  EncryptionContext: 'Non-secret key=value pairs bound to the ciphertext; decrypt must give exactly the same pairs.',
  GrantTokens: 'Grant tokens from create-grant, for grants that are not yet visible everywhere.',
  DryRun: 'Checks permissions and parameters without doing the operation.',
  Plaintext: 'The data to encrypt (at most 4096 bytes).',
  CiphertextBlob: 'The ciphertext as KMS returned it: raw bytes, so use fileb:// on a file that holds them.',
  Policy: 'A JSON document of policy statements; file://policy.json reads it from a file.',
  NumberOfBytes: 'How many bytes: 1 to 1024.',
  KeySpec: 'The kind of key.',
  PendingWindowInDays: 'Days to wait before deleting: 7 to 30 (default 30).',
};

const GLOBAL_OPTIONS: [string, string][] = [
  ['--output (string)', 'json (default), text, table, yaml or yaml-stream. Also AWS_DEFAULT_OUTPUT.'],
  ['--query (string)', 'A JMESPath expression that picks parts of the result, e.g. KeyMetadata.Arn.'],
  ['--profile (string)', 'Which simulated principal calls: default or root, admin, app, auditor. Also AWS_PROFILE.'],
  ['--region (string)', 'The Region; KMS Lab simulates one. Also AWS_REGION / AWS_DEFAULT_REGION.'],
  ['--cli-binary-format (string)', 'base64 (default) or raw-in-base64-out, for blob parameters given as text.'],
  ['--debug (boolean)', 'Also prints each request and response as it would go over the wire.'],
  ['--no-paginate (boolean)', 'List commands return one page (with NextMarker/Truncated) instead of all.'],
  ['--endpoint-url, --no-verify-ssl, --no-cli-pager, --color, --cli-read-timeout, ...', 'Accepted; they change nothing in the sandbox.'],
];

const wrap = (lines: string[], indent: string) => lines.map((l) => (l ? indent + l : '')).join('\n');

function synopsis(entries: ArgEntry[], command: CliCommand): string[] {
  const lines = [command.name];
  const visible = entries.filter((e) => !e.hidden);
  for (const entry of visible) {
    if (entry.kind === 'negative' || entry.kind === 'cli-input-yaml') continue;
    if (entry.kind === 'cli-input-json') {
      lines.push('[--cli-input-json | --cli-input-yaml]');
      continue;
    }
    if (entry.param?.type === 'boolean') {
      lines.push(`[--${entry.name} | --no-${entry.name}]`);
      continue;
    }
    const text = `--${entry.name} <value>`;
    lines.push(entry.required ? text : `[${text}]`);
  }
  return lines;
}

/** `aws kms <command> help` */
export function operationHelp(command: CliCommand): string {
  const entries = argumentTable(command);
  const out: string[] = [];
  out.push('NAME', `       ${command.name} - ${SUMMARIES[command.operation] ?? command.operation}`, '');
  out.push('DESCRIPTION');
  out.push(`       Calls the KMS ${command.operation} operation.`);
  if (!command.implemented) {
    out.push(
      '       KMS Lab\'s simulator does not run this operation: its arguments are',
      '       checked as the real CLI checks them, but the request cannot be sent.',
    );
  }
  if (command.paginator) {
    out.push(
      `       ${command.name} pages through all results by itself; --no-paginate, --max-items,`,
      `       --page-size and --starting-token control that. Results: ${command.paginator.resultKey}.`,
    );
  }
  out.push('', 'SYNOPSIS', wrap(synopsis(entries, command), '          '), '');
  out.push('OPTIONS');
  for (const entry of entries) {
    if (entry.hidden || entry.kind === 'negative') continue;
    if (entry.param) {
      const p = entry.param;
      const name = p.type === 'boolean' ? `--${entry.name} | --no-${entry.name}` : `--${entry.name}`;
      out.push(`       ${name} (${p.type})${p.required ? '  [required]' : ''}`);
      const notes = [MEMBER_NOTES[p.member] ?? '', ...typeNotes(p.shape)].filter(Boolean);
      out.push(wrap(notes, '          '), '');
      continue;
    }
    const text: Record<string, string> = {
      'cli-input-json': 'Reads the parameters from a JSON document (a string or file://path); options on the command line win.',
      'cli-input-yaml': 'The same in YAML (not supported in KMS Lab).',
      'starting-token': 'Resumes a listing from the NextToken an earlier --max-items run printed.',
      'page-size': 'How many items each request asks for; the output still holds all of them.',
      'max-items': 'Stops after this many items and prints a NextToken to resume from.',
      'generate-cli-skeleton': 'Prints a JSON template of the parameters (input, yaml-input) or of the output (output) instead of calling.',
    };
    const type = entry.kind === 'page-size' || entry.kind === 'max-items' ? 'integer' : 'string';
    out.push(`       --${entry.name} (${type})`, `          ${text[entry.kind] ?? ''}`, '');
  }
  out.push('GLOBAL OPTIONS', '       See aws help.', '');
  out.push('EXAMPLE');
  out.push(wrap(EXAMPLES[command.operation] ?? [exampleFor(command)], '       '), '');
  out.push('OUTPUT');
  const output = command.output ? API_MODEL.shapes[command.output] : undefined;
  const members = Object.entries(output?.members ?? {});
  if (members.length === 0) out.push('       None: the command prints nothing when it succeeds.');
  for (const [member, shape] of members) out.push(`       ${member} (${API_MODEL.shapes[shape]!.type})`);
  return `${out.join('\n')}\n`;
}

function exampleFor(command: CliCommand): string {
  const args = command.params
    .filter((p) => p.required)
    .map((p) => {
      if (p.type === 'blob') return `${p.option} fileb://data.bin`;
      if (p.type === 'list') return `${p.option} ${API_MODEL.shapes[API_MODEL.shapes[p.shape]!.member!]!.enum?.[0] ?? 'value'}`;
      if (p.member.endsWith('KeyId') || p.member === 'KeyId') return `${p.option} $KEY_ID`;
      return `${p.option} ${API_MODEL.shapes[p.shape]!.enum?.[0] ?? 'value'}`;
    });
  return ['aws kms', command.name, ...args].join(' ');
}

/** `aws kms help` */
export function kmsHelp(): string {
  const runs = KMS_COMMANDS.filter((c) => c.implemented);
  const others = KMS_COMMANDS.filter((c) => !c.implemented);
  const row = (c: CliCommand) => `       o ${c.name.padEnd(42)}${SUMMARIES[c.operation] ?? ''}`;
  return `${[
    'NAME',
    '       kms - AWS Key Management Service, simulated by KMS Lab',
    '',
    'DESCRIPTION',
    '       KMS creates and guards cryptographic keys: the key material never leaves',
    '       the service, and every use of a key is checked against its key policy',
    '       and grants. In this sandbox the service is a simulator running in your',
    '       browser, with the same operations, parameters, outputs and errors.',
    '',
    'SYNOPSIS',
    '          aws kms <command> [parameters]',
    '          aws kms <command> help',
    '',
    'AVAILABLE COMMANDS (simulated)',
    ...runs.map(row),
    '',
    'RECOGNISED BUT NOT SIMULATED',
    ...others.map(row),
    '',
    'EXAMPLE',
    '       aws kms create-key --description "my first key"',
  ].join('\n')}\n`;
}

/** `aws help` */
export function mainHelp(profiles: readonly { name: string; description: string }[]): string {
  return `${[
    'NAME',
    '       aws - KMS Lab\'s emulation of the AWS Command Line Interface v2',
    '',
    'DESCRIPTION',
    '       This aws command answers like AWS CLI 2.9 does, but runs in your browser',
    '       against KMS Lab\'s simulated KMS: nothing reaches AWS and no credentials',
    '       are needed. Messages, exit codes and output formats follow the real CLI;',
    '       hints marked "KMS Lab hint" are the sandbox\'s own advice.',
    '',
    'SYNOPSIS',
    '          aws [options] <command> <subcommand> [parameters]',
    '',
    'COMMANDS',
    '       kms                        the Key Management Service (aws kms help)',
    '       sts get-caller-identity    who you are calling as',
    '       configure list-profiles    the profiles you can pass to --profile',
    '',
    'PROFILES',
    ...profiles.map((p) => `       ${p.name.padEnd(10)} ${p.description}`),
    '',
    'GLOBAL OPTIONS',
    ...GLOBAL_OPTIONS.flatMap(([name, text]) => [`       ${name}`, `          ${text}`, '']),
    'EXIT STATUS',
    '       0 success, 252 bad command line or parameters, 253 configuration,',
    '       254 an error from the service, 255 anything else.',
    '',
    'EXAMPLE',
    '       aws kms list-keys --output table',
  ].join('\n')}\n`;
}

/** `aws sts help` and `aws configure help`. */
export function stsHelp(): string {
  return `${[
    'NAME',
    '       sts - AWS Security Token Service (only get-caller-identity in KMS Lab)',
    '',
    'SYNOPSIS',
    '          aws sts get-caller-identity',
    '',
    'DESCRIPTION',
    '       get-caller-identity prints the account, ARN and user ID of the principal',
    '       your commands run as; switch with --profile or AWS_PROFILE.',
  ].join('\n')}\n`;
}

export function configureHelp(): string {
  return `${[
    'NAME',
    '       configure - profiles and settings (only list-profiles in KMS Lab)',
    '',
    'SYNOPSIS',
    '          aws configure list-profiles',
    '',
    'DESCRIPTION',
    '       KMS Lab has fixed profiles, one per simulated principal; there are no',
    '       credential files to edit. list-profiles prints their names.',
  ].join('\n')}\n`;
}
