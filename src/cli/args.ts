/**
 * An operation's command line → the API call's parameters, step by step as
 * AWS CLI v2 takes them (awscli/clidriver.py ServiceOperation and the
 * handlers it fires):
 *
 *  1. parse the arguments against the operation's argument table (argparse);
 *  2. load `file://` (text) and `fileb://` (bytes) values;
 *  3. read shorthand (`k=v,k2=v2`) or JSON for lists, maps and structures,
 *     integers with Python's int();
 *  4. merge `--cli-input-json`, or print `--generate-cli-skeleton` (skeleton.ts);
 *  5. when the call is made: base64-decode blob strings (the v2 default
 *     `--cli-binary-format base64`), then botocore's client-side validation.
 *
 * Values are held as Python would hold them (python.ts) because the CLI's
 * messages print them with Python's repr.
 */
import { API_MODEL } from '../kms/api-model.ts';
import type { ShapeDef } from '../kms/api-model-types.ts';
import { base64Encode } from '../kms/base64.ts';
import { ArgParseError, parseKnownArgs, type ArgSpec } from './argparse.ts';
import { CliError, GENERAL_ERROR, PARAM_VALIDATION_ERROR, plainError, unknownOptionsError, usageError } from './cli-error.ts';
import { xformName, type CliCommand, type CliParam } from './model.ts';
import { Base64Error, pyB64Decode } from './python/base64.ts';
import { pyOsErrorMessage, PyValueError } from './python/errors.ts';
import { pyInt } from './python/int.ts';
import { PyJsonError, pyJsonLoads } from './python/json.ts';
import { pyStr, pyStrRepr, pyTypeRepr } from './python/repr.ts';
import { latin1, pyReadText } from './python/text.ts';
import { isDict, PyFloat, pyTruthy, type PyDict, type PyValue } from './python/values.ts';
import { invalidBase64Hint } from './hints.ts';
import { backCompatVisit, parseShorthand, ShorthandParseError } from './shorthand.ts';
import { parseTimestamp, wireTimestamp } from './timestamp.ts';
import { validateParams, type ShapeTable } from './validate.ts';

export type BinaryFormat = 'base64' | 'raw-in-base64-out';

/** What the arguments need from the outside: files (relative to the working directory) and $HOME. */
export interface ArgsContext {
  readFile(path: string): Uint8Array;
  env: Record<string, string | undefined>;
}

type EntryKind = 'param' | 'negative' | 'cli-input-json' | 'cli-input-yaml' | 'starting-token' | 'page-size' | 'max-items' | 'generate-cli-skeleton';

/** One row of an operation's argument table, in the CLI's order. */
export interface ArgEntry {
  /** Without the dashes: `key-id`, `no-dry-run`, `cli-input-json`. */
  name: string;
  /** Where argparse stores the value (`--no-dry-run` shares `dry_run`). */
  dest: string;
  kind: EntryKind;
  param?: CliParam;
  required: boolean;
  hidden: boolean;
}

const py = (name: string) => name.replace(/-/g, '_');

/**
 * The argument table: the input members (booleans with a `--no-` twin), then
 * what the CLI's customisations add — --cli-input-json/yaml, the paging
 * options of List operations, --generate-cli-skeleton.
 */
export function argumentTable(command: CliCommand): ArgEntry[] {
  const entries: ArgEntry[] = [];
  for (const param of command.params) {
    const name = param.option.slice(2);
    entries.push({ name, dest: py(name), kind: 'param', param, required: param.required, hidden: param.hidden });
    if (param.negative) entries.push({ name: param.negative.slice(2), dest: py(name), kind: 'negative', param, required: false, hidden: param.hidden });
  }
  const extra = (name: string, kind: EntryKind) => entries.push({ name, dest: py(name), kind, required: false, hidden: false });
  extra('cli-input-json', 'cli-input-json');
  extra('cli-input-yaml', 'cli-input-yaml');
  if (command.paginator) {
    extra('starting-token', 'starting-token');
    if (command.paginator.limitKey) extra('page-size', 'page-size');
    extra('max-items', 'max-items');
  }
  extra('generate-cli-skeleton', 'generate-cli-skeleton');
  return entries;
}

function specFor(entry: ArgEntry, required: boolean): ArgSpec {
  const options = [`--${entry.name}`];
  switch (entry.kind) {
    case 'param': {
      const type = entry.param!.type;
      if (type === 'boolean') return { dest: entry.dest, options, nargs: 'none', action: 'const', const: true, default: null };
      return { dest: entry.dest, options, nargs: type === 'list' ? '*' : 'one', required, ...(type === 'long' ? { type: 'int' as const } : {}) };
    }
    case 'negative':
      return { dest: entry.dest, options, nargs: 'none', action: 'const', const: false, default: null };
    case 'page-size':
    case 'max-items':
      return { dest: entry.dest, options, nargs: 'one', type: 'int' };
    case 'generate-cli-skeleton':
      return { dest: entry.dest, options, nargs: '?', const: 'input', choices: ['input', 'output', 'yaml-input'] };
    default:
      return { dest: entry.dest, options, nargs: 'one' };
  }
}

export type ParsedArgs = { help: true } | { help: false; values: Record<string, unknown> };

/** Step 1: argparse over the operation's table; `help` as the only word asks for help. */
export function parseOperationArgs(command: CliCommand, args: readonly string[]): ParsedArgs {
  if (args.length === 1 && args[0] === 'help') return { help: true };
  // OverrideRequiredArgsArgument: these options make every other one optional.
  const skeletonAt = args.indexOf('--generate-cli-skeleton');
  const relaxed =
    args.includes('--cli-input-json') || args.includes('--cli-input-yaml') || (skeletonAt >= 0 && args[skeletonAt + 1] !== 'output');
  const table = argumentTable(command);
  const specs: ArgSpec[] = table.map((e) => specFor(e, e.required && !relaxed));
  specs.push({ dest: 'help', options: [], nargs: '?' });
  let parsed;
  try {
    parsed = parseKnownArgs(specs, args);
  } catch (e) {
    if (e instanceof ArgParseError) throw usageError(e.message);
    throw e;
  }
  const { values, extras } = parsed;
  if (values.help === 'help') return { help: true };
  if (typeof values.help === 'string') extras.push(values.help);
  if (extras.length > 0) throw unknownOptionsError(extras);
  return { help: false, values };
}

/** How a blob parameter was given: what the hints talk about. */
export type BlobSource = 'fileb' | 'file' | 'inline' | 'cli-input-json';

export interface PagingConfig {
  startingToken?: string;
  pageSize?: number;
  maxItems?: number;
}

export interface CallPlan {
  params: PyDict;
  paginate: boolean;
  paging: PagingConfig;
  skeleton?: 'input' | 'output' | 'yaml-input';
  /** For each top-level member, how it was given. */
  sources: Record<string, BlobSource>;
}

/** Steps 2–4: from parsed arguments to the call's parameters. */
export function prepareCall(command: CliCommand, values: Record<string, unknown>, paginate: boolean, ctx: ArgsContext): CallPlan {
  const paginator = command.paginator;
  // operation-args-parsed: a hand-written --marker/--limit means the user pages by hand.
  if (paginator) {
    const tokens = [paginator.inputToken, ...(paginator.limitKey ? [paginator.limitKey] : [])].map((t) => py(xformName(t)));
    if (tokens.some((t) => values[t] !== null && values[t] !== undefined)) paginate = false;
    if (!paginate) {
      const used = ['starting_token', 'page_size', 'max_items'].filter((p) => pyTruthy(values[p]));
      if (used.length > 0) {
        throw plainError(`Cannot specify --no-paginate along with pagination arguments: ${used.map((p) => `--${p.replace(/_/g, '-')}`).join(', ')}`, PARAM_VALIDATION_ERROR);
      }
    }
  }

  const params: PyDict = {};
  const paging: PagingConfig = {};
  const sources: Record<string, BlobSource> = {};
  for (const entry of argumentTable(command)) {
    if (entry.kind === 'negative') continue;
    const raw = values[entry.dest];
    if (raw === null || raw === undefined) continue;
    const loaded = loadParamFile(`--${entry.name}`, raw, ctx);
    const value = loaded?.value ?? raw;
    switch (entry.kind) {
      case 'param': {
        const param = entry.param!;
        if (param.type === 'boolean') params[param.member] = value as boolean;
        else params[param.member] = unpackParam(param, value as PyValue);
        sources[param.member] = loaded?.source ?? 'inline';
        break;
      }
      case 'starting-token':
        paging.startingToken = String(value);
        break;
      case 'page-size':
        paging.pageSize = value as number;
        break;
      case 'max-items':
        paging.maxItems = value as number;
        break;
      default:
        break;
    }
  }
  if (Object.keys(paging).length > 0) params.PaginationConfig = { ...paging } as PyDict;

  // calling-command: --cli-input-json fills what the command line left out.
  const jsonInput = values.cli_input_json;
  const yamlInput = values.cli_input_yaml;
  if (jsonInput !== null || yamlInput !== null) {
    if (jsonInput !== null && yamlInput !== null) throw plainError('Only one --cli-input- parameter may be specified.', PARAM_VALIDATION_ERROR);
    if (yamlInput !== null) {
      throw plainError(
        "KMS Lab does not read YAML: --cli-input-yaml is not supported here. Give the same parameters as JSON with --cli-input-json.",
        GENERAL_ERROR,
      );
    }
    const text = loadParamFile('--cli-input-json', jsonInput, ctx)?.value ?? jsonInput;
    let loaded: PyValue;
    try {
      loaded = pyJsonLoads(typeof text === 'string' ? text : new TextDecoder().decode(text as Uint8Array));
    } catch (e) {
      if (e instanceof PyJsonError) throw plainError("Error parsing parameter 'cli-input-json': Invalid JSON received.", PARAM_VALIDATION_ERROR);
      throw e;
    }
    if (!isDict(loaded)) {
      throw plainError(`Error parsing parameter '--cli-input-json': Invalid type: expecting map, received ${pyTypeRepr(loaded)}`, PARAM_VALIDATION_ERROR);
    }
    for (const [key, v] of Object.entries(loaded)) {
      if (!Object.hasOwn(params, key)) {
        params[key] = v;
        sources[key] = 'cli-input-json';
      }
    }
  }
  if (paginator && (Object.hasOwn(params, paginator.inputToken) || (paginator.limitKey && Object.hasOwn(params, paginator.limitKey)))) {
    paginate = false;
  }
  const skeleton = values.generate_cli_skeleton;
  return {
    params,
    paginate,
    paging,
    sources,
    ...(typeof skeleton === 'string' ? { skeleton: skeleton as 'input' | 'output' | 'yaml-input' } : {}),
  };
}

// ---------------------------------------------------------------------------
// Step 2: file:// and fileb://

function paramError(option: string, message: string, hint?: string): CliError {
  return plainError(`Error parsing parameter '${option}': ${message}`, PARAM_VALIDATION_ERROR, hint);
}

/** awscli/paramfile.py: a value (or a single list item) naming a local file is replaced by its contents. */
function loadParamFile(option: string, value: unknown, ctx: ArgsContext): { value: string | Uint8Array; source: 'file' | 'fileb' } | undefined {
  const single = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (typeof single !== 'string') return undefined;
  const prefix = single.startsWith('file://') ? 'file://' : single.startsWith('fileb://') ? 'fileb://' : undefined;
  if (!prefix) return undefined;
  let path = single.slice(prefix.length);
  const home = ctx.env.HOME;
  if (home && (path === '~' || path.startsWith('~/'))) path = home + path.slice(1);
  let bytes: Uint8Array;
  try {
    bytes = ctx.readFile(path);
  } catch (e) {
    throw paramError(option, `Unable to load paramfile ${single}: ${pyOsErrorMessage(e, path)}`, fileHint(e, path));
  }
  if (prefix === 'fileb://') return { value: bytes, source: 'fileb' };
  try {
    return { value: pyReadText(bytes), source: 'file' };
  } catch {
    throw paramError(
      option,
      `Unable to load paramfile (${path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.`,
      `${path} holds binary data: file:// reads text, fileb:// reads raw bytes.`,
    );
  }
}

function fileHint(error: unknown, path: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EISDIR') return `${path} is a directory: give the path of a file inside it.`;
  return `There is no file ${path} here: paths after file:// and fileb:// are relative to the current directory (try ls).`;
}

// ---------------------------------------------------------------------------
// Step 3: shorthand, JSON, scalars

const SCALARS = new Set(['string', 'integer', 'long', 'float', 'double', 'boolean', 'timestamp', 'blob']);

function shapeOf(name: string, shapes: ShapeTable = API_MODEL.shapes): ShapeDef {
  return shapes[name]!;
}

function supportsShorthand(shape: ShapeDef): boolean {
  if (shape.type === 'structure' || shape.type === 'map') return true;
  return shape.type === 'list' && ['structure', 'list', 'map'].includes(shapeOf(shape.member!).type);
}

function unpackParam(param: CliParam, value: PyValue): PyValue {
  const shape = shapeOf(param.shape);
  const first = Array.isArray(value) && value.length > 0 ? value[0] : value;
  const looksLikeJson = typeof first === 'string' && /^[[{]/.test(first.trim());
  if (!looksLikeJson && supportsShorthand(shape) && !(first instanceof Uint8Array)) {
    try {
      const parsed: PyValue = Array.isArray(value) ? value.map((v) => parseShorthand(String(v))) : parseShorthand(String(value));
      backCompatVisit(parsed, param.shape);
      return parsed;
    } catch (e) {
      if (e instanceof ShorthandParseError) throw paramError(param.option, e.message, shorthandHint(param));
      throw e;
    }
  }
  return unpackValue(param.shape, value, param.option);
}

function shorthandHint(param: CliParam): string | undefined {
  const shape = shapeOf(param.shape);
  if (shape.type === 'map') return `${param.option} takes key=value pairs separated by commas (purpose=test,team=blue), or JSON ('{"purpose":"test"}').`;
  if (param.member === 'Tags') return `Each tag is TagKey=k,TagValue=v; separate tags with spaces: --tags TagKey=a,TagValue=b TagKey=c,TagValue=d.`;
  return undefined;
}

function parseJsonParam(value: string, option: string): PyValue {
  try {
    return pyJsonLoads(value, { ordered: true });
  } catch (e) {
    if (e instanceof PyJsonError) throw paramError(option, `Invalid JSON: ${e.message}\nJSON received: ${value}`);
    throw e;
  }
}

/** The CLI's argprocess module, _unpack_cli_arg: JSON for lists, maps and structures; scalars as they are. */
function unpackValue(shapeName: string, value: PyValue, option: string): PyValue {
  const shape = shapeOf(shapeName);
  if (SCALARS.has(shape.type)) return unpackScalar(shape, value);
  if (shape.type === 'structure' || shape.type === 'map') {
    const text = typeof value === 'string' ? value : pyStr(value);
    const trimmed = text.replace(/^\s+/u, '');
    if (trimmed.length === 0) throw new PyValueError('string index out of range');
    if (trimmed[0] === '{' && typeof value === 'string') return parseJsonParam(value, option);
    throw paramError(option, `Invalid JSON:\n${text}`);
  }
  // list
  if (typeof value === 'string') {
    const trimmed = value.replace(/^\s+/u, '');
    if (trimmed.length === 0) throw new PyValueError('string index out of range');
    if (trimmed[0] === '[') return parseJsonParam(value, option);
  } else if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' && value[0].trim().startsWith('[')) {
    return parseJsonParam(value[0], option);
  }
  const items: PyValue[] = typeof value === 'string' ? [...value] : Array.isArray(value) ? value : [];
  try {
    return items.map((v) => unpackValue(shape.member!, v, option));
  } catch (e) {
    if (e instanceof PyValueError) throw paramError(option, pyStr(items[0]));
    throw e;
  }
}

function unpackScalar(shape: ShapeDef, value: PyValue): PyValue {
  const text = () => (value instanceof Uint8Array ? latin1(value) : pyStr(value));
  switch (shape.type) {
    case 'integer':
    case 'long':
      return pyInt(text());
    case 'float':
    case 'double': {
      const n = Number(text().trim());
      if (text().trim() === '' || Number.isNaN(n)) throw new PyValueError(`could not convert string to float: ${pyStrRepr(text())}`);
      return new PyFloat(n);
    }
    case 'boolean':
      return typeof value === 'string' ? value.toLowerCase() !== 'false' && value !== '' : Boolean(value);
    default:
      return value;
  }
}

// ---------------------------------------------------------------------------
// Step 5: blobs and validation, when the request is made

export interface DecodedBlob {
  /** Top-level member the blob belongs to. */
  member: string;
  text: string;
  bytes: Uint8Array;
}

/**
 * binaryformat.Base64DecodeVisitor (`--cli-binary-format base64`, the v2
 * default): every blob given as text is base64-decoded, wherever it sits.
 * Returns what was decoded, for KMS Lab's hints.
 */
export function decodeBlobs(
  params: PyDict,
  shapeName: string | undefined,
  sources: Record<string, BlobSource> = {},
  shapes: ShapeTable = API_MODEL.shapes,
): DecodedBlob[] {
  const decoded: DecodedBlob[] = [];
  if (!shapeName) return decoded;
  const visit = (container: PyDict | PyValue[], key: string | number, value: PyValue | undefined, name: string, member: string) => {
    const shape = shapes[name]!;
    if (value === undefined || value === null) return;
    if (shape.type === 'structure' && isDict(value)) {
      for (const [m, s] of Object.entries(shape.members ?? {})) visit(value, m, value[m], s, member || m);
    } else if (shape.type === 'list' && Array.isArray(value)) {
      value.forEach((v, i) => visit(value, i, v, shape.member!, member));
    } else if (shape.type === 'map' && isDict(value)) {
      for (const [k, v] of Object.entries(value)) visit(value, k, v, shape.value!, member);
    } else if (shape.type === 'blob' && typeof value === 'string') {
      let bytes: Uint8Array;
      try {
        bytes = pyB64Decode(value);
      } catch (e) {
        const hint = invalidBase64Hint(member, sources[member]);
        if (e instanceof Base64Error) throw plainError(`Invalid base64: "${value}"`, GENERAL_ERROR, hint);
        if (e instanceof PyValueError) throw plainError(e.message, GENERAL_ERROR, hint);
        throw e;
      }
      (container as Record<string | number, PyValue>)[key] = bytes;
      decoded.push({ member, text: value, bytes });
    }
  };
  visit({ root: params }, 'root', params, shapeName, '');
  return decoded;
}

/** botocore's ParamValidationError, as the CLI prints it. */
export function checkParams(params: PyDict, shapeName: string | undefined, shapes: ShapeTable = API_MODEL.shapes): void {
  if (!shapeName) {
    if (Object.keys(params).length > 0) {
      const lines = Object.keys(params).map((k) => `Unknown parameter in input: "${k}", must be one of: `);
      throw plainError(`Parameter validation failed:\n${lines.join('\n')}`, PARAM_VALIDATION_ERROR);
    }
    return;
  }
  const problems = validateParams(params, shapeName, shapes);
  if (problems.length > 0) throw plainError(`Parameter validation failed:\n${problems.join('\n')}`, PARAM_VALIDATION_ERROR);
}

/**
 * The validated parameters, serialized: `call` is what the simulator takes
 * (blobs as bytes, timestamps as Date), `wire` what the JSON protocol would
 * carry (blobs base64, timestamps epoch seconds) for --debug.
 */
export function serializeParams(params: PyDict, shapeName: string | undefined, shapes: ShapeTable = API_MODEL.shapes): { call: Record<string, unknown>; wire: unknown } {
  const convert = (value: PyValue, name: string): { call: unknown; wire: unknown } => {
    const shape = shapes[name]!;
    switch (shape.type) {
      case 'structure': {
        const call: Record<string, unknown> = {};
        const wire: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as PyDict)) {
          const member = shape.members?.[k];
          if (!member) continue;
          const c = convert(v, member);
          call[k] = c.call;
          wire[k] = c.wire;
        }
        return { call, wire };
      }
      case 'list': {
        const items = (value as PyValue[]).map((v) => convert(v, shape.member!));
        return { call: items.map((i) => i.call), wire: items.map((i) => i.wire) };
      }
      case 'map': {
        const call: Record<string, unknown> = {};
        const wire: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as PyDict)) {
          const c = convert(v, shape.value!);
          call[k] = c.call;
          wire[k] = c.wire;
        }
        return { call, wire };
      }
      case 'blob': {
        // raw-in-base64-out: text is sent as its UTF-8 bytes.
        const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : (value as Uint8Array);
        return { call: bytes, wire: base64Encode(bytes) };
      }
      case 'timestamp': {
        // The JSON protocol sends whole epoch seconds (botocore drops the fraction).
        const seconds = wireTimestamp(parseTimestamp(value)!);
        return { call: new Date(seconds * 1000), wire: seconds };
      }
      default: {
        const v = value instanceof PyFloat ? value.value : value;
        return { call: v, wire: v };
      }
    }
  };
  if (!shapeName) return { call: {}, wire: {} };
  const { call, wire } = convert(params, shapeName);
  return { call: call as Record<string, unknown>, wire };
}
