/**
 * The `aws kms` command table, built from the API model as the CLI builds it
 * from botocore's: one command per operation (kebab-cased by xform_name), one
 * option per input member, in the model's member order. Which commands
 * actually run is decided by the simulator: the operations Kms implements
 * (OPERATIONS) run, the others are recognised and answered by KMS Lab.
 */
import { API_MODEL } from '../kms/api-model.ts';
import type { PaginatorDef, ShapeType } from '../kms/api-model-types.ts';
import { OPERATIONS } from '../kms/kms.ts';

const FIRST_CAP = /(.)([A-Z][a-z]+)/g;
const END_CAP = /([a-z0-9])([A-Z])/g;
const PLURAL_ACRONYM = /[A-Z]{2,}s$/;

/** botocore.xform_name: `GenerateDataKeyWithoutPlaintext` → `generate-data-key-without-plaintext`. */
export function xformName(name: string, sep = '-'): string {
  if (name.includes(sep)) return name;
  let n = name;
  const special = PLURAL_ACRONYM.exec(n);
  // `GatewayARNs` → `gateway_arns`, not `gateway_ar_ns`.
  if (special) n = `${n.slice(0, -special[0].length)}${sep}${special[0].toLowerCase()}`;
  return n.replace(FIRST_CAP, `$1${sep}$2`).replace(END_CAP, `$1${sep}$2`).toLowerCase();
}

/** One input member as a command-line option. */
export interface CliParam {
  /** `--key-id` */
  option: string;
  /** The API member it fills: `KeyId`. */
  member: string;
  /** The member's shape in API_MODEL. */
  shape: string;
  type: ShapeType;
  required: boolean;
  /** Booleans also get `--no-<name>`, which sends false. */
  negative?: string;
  /** Accepted but left out of help: paging members the CLI replaces, deprecated members. */
  hidden: boolean;
}

export interface CliCommand {
  /** `encrypt` */
  name: string;
  /** `Encrypt` */
  operation: string;
  input?: string;
  output?: string;
  params: CliParam[];
  /** List operations the CLI pages through by itself. */
  paginator?: PaginatorDef;
  /** Whether the simulator runs it (a key of OPERATIONS). */
  implemented: boolean;
}

function buildCommand(operation: string): CliCommand {
  const op = API_MODEL.operations[operation]!;
  const inputShape = op.input ? API_MODEL.shapes[op.input] : undefined;
  const paginator = API_MODEL.paginators[operation];
  const pagingMembers = paginator ? [paginator.inputToken, paginator.limitKey] : [];
  const params: CliParam[] = Object.entries(inputShape?.members ?? {}).map(([member, shape]) => {
    const type = API_MODEL.shapes[shape]!.type;
    const option = `--${xformName(member)}`;
    return {
      option,
      member,
      shape,
      type,
      required: inputShape?.required?.includes(member) ?? false,
      ...(type === 'boolean' ? { negative: `--no-${option.slice(2)}` } : {}),
      hidden: pagingMembers.includes(member) || (inputShape?.deprecated?.includes(member) ?? false),
    };
  });
  return {
    name: xformName(operation),
    operation,
    ...(op.input ? { input: op.input } : {}),
    ...(op.output ? { output: op.output } : {}),
    params,
    ...(paginator ? { paginator } : {}),
    implemented: Object.hasOwn(OPERATIONS, operation),
  };
}

/** Every KMS operation as a command, in the model's (alphabetical) order: the order of `Invalid choice` lists. */
export const KMS_COMMANDS: readonly CliCommand[] = Object.keys(API_MODEL.operations).map(buildCommand);

const BY_NAME = new Map(KMS_COMMANDS.map((c) => [c.name, c]));

export function findKmsCommand(name: string): CliCommand | undefined {
  return BY_NAME.get(name);
}

/** The Kms method that runs an operation, if the simulator has one. */
export function kmsMethod(operation: string): (typeof OPERATIONS)[keyof typeof OPERATIONS] | undefined {
  return Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation as keyof typeof OPERATIONS] : undefined;
}
