/**
 * `aws …` in the sandbox: AWS CLI v2 (2.9.19) as far as KMS goes, running the
 * simulated KMS instead of sending requests. The stages follow the real CLI
 * (awscli/clidriver.py), because the order decides which error a learner
 * sees first:
 *
 *   first pass (--profile, --debug, -h) → global options and the command →
 *   --query / --endpoint-url checks → service → operation arguments →
 *   files, shorthand, JSON → --cli-input-json / --generate-cli-skeleton →
 *   profile and Region → base64 blobs → parameter validation → the call →
 *   pages → --query → output format.
 */
import { KmsError } from '../kms/errors.ts';
import { checkParams, decodeBlobs, parseOperationArgs, prepareCall, serializeParams, type CallPlan, type DecodedBlob } from './args.ts';
import { ArgParseError, parseKnownArgs, ParseExit, type ArgSpec } from './argparse.ts';
import {
  CLIENT_ERROR,
  CliError,
  CONFIGURATION_ERROR,
  FIRST_PASS_USAGE,
  GENERAL_ERROR,
  PARAM_VALIDATION_ERROR,
  plainError,
  usageError,
} from './cli-error.ts';
import { FIRST_PASS_HELP, FIRST_PASS_SPECS, GLOBAL_SPECS, globalsFrom, OUTPUT_FORMATS, VERSION, type Globals } from './globals.ts';
import { serviceErrorHint, silentDecodeHint } from './hints.ts';
import { findKmsCommand, KMS_COMMANDS, kmsMethod, xformName, type CliCommand } from './model.ts';
import { chosenProfile, profileList, type Profile } from './profiles.ts';
import { formatOutput, loadFormatter, OutputError, toCliValue, type OutputFormat } from './output.ts';
import { buildFullResult, paginate, type Page } from './paginate.ts';
import { PyValueError } from './python/errors.ts';
import { pyInt } from './python/int.ts';
import { compileQuery, loadQueryEngine, QueryError } from './query.ts';
import { AWS_COMMANDS, CONFIGURE_SUBCOMMANDS, STS_OPERATIONS } from './services.ts';
import { callerIdentity, GET_CALLER_IDENTITY, STS_SHAPES } from './sts.ts';
import type { CliContext, CliResult } from './types.ts';
import type { ShapeTable } from './validate.ts';
import { API_MODEL } from '../kms/api-model.ts';
import { contextsOf, digest, emptyInvocation, inputsOf, keptMembers, type AwsInvocation, type FileRead } from './invocation.ts';

/** Output gathered while a command runs. */
interface Session {
  ctx: CliContext;
  globals: Globals;
  stdout: string;
  stderr: string;
  hint?: string;
  /** What this run did, published for viewers (see invocation.ts). */
  invocation: AwsInvocation;
  /** Files given to ctx.readFile, in order: which file each fileb:// value came from. */
  reads: FileRead[];
}

export async function runAws(argv: string[], ctx: CliContext): Promise<CliResult> {
  const reads: FileRead[] = [];
  const reading: CliContext = {
    ...ctx,
    readFile: (path) => {
      const read: FileRead = { path };
      reads.push(read);
      const bytes = ctx.readFile(path);
      read.digest = digest(bytes);
      return bytes;
    },
  };
  const invocation = emptyInvocation();
  const session: Session = { ctx: reading, globals: { debug: false, paginate: true }, stdout: '', stderr: '', invocation, reads };
  let exitCode: number;
  try {
    exitCode = await main(argv, session);
  } catch (e) {
    exitCode = report(e, session);
    invocation.error ??= { stage: 'cli', code: 'AWS CLI', message: firstLine(e instanceof CliError ? e.stderr : e instanceof Error ? e.message : String(e)) };
  }
  invocation.exitCode = exitCode;
  return {
    stdout: session.stdout,
    stderr: session.stderr,
    exitCode,
    ...(session.hint !== undefined ? { hint: session.hint } : {}),
    invocation,
  };
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
}

/** The CLI's error handlers: each kind of failure has its text and exit status. */
function report(e: unknown, session: Session): number {
  if (e instanceof CliError) {
    session.stderr += e.stderr;
    if (e.hint !== undefined) session.hint = e.hint;
    return e.exitCode;
  }
  if (e instanceof QueryError || e instanceof OutputError) {
    session.stderr += `\n${e.message}\n`;
    return e.exitCode;
  }
  if (e instanceof PyValueError) {
    session.stderr += `\n${e.message}\n`;
    return GENERAL_ERROR;
  }
  // A bug in KMS Lab: still answer like the CLI's catch-all does.
  session.stderr += `\n${e instanceof Error ? e.message : String(e)}\n`;
  return GENERAL_ERROR;
}

function parse(specs: readonly ArgSpec[], args: readonly string[], usage?: string) {
  try {
    return parseKnownArgs(specs, args);
  } catch (e) {
    if (e instanceof ArgParseError) throw usage === undefined ? usageError(e.message) : usageError(e.message, usage);
    throw e;
  }
}

/**
 * A part of the CLI fetched on first use (skeletons, --debug, the table and yaml formatters,
 * the npm JMESPath evaluator); a failed download (offline) is said plainly, and the next run tries again.
 */
async function fetchPart<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw plainError(`KMS Lab could not download part of the AWS CLI (${why}). Check the connection and run the command again.`, GENERAL_ERROR);
  }
}

/** Help pages are fetched when asked for (help.ts is large and seldom read), so the sandbox starts without them. */
async function showHelp(session: Session, page: (help: typeof import('./help.ts')) => string): Promise<number> {
  const text = page(await import('./help.ts'));
  session.stdout += text;
  return 0;
}

async function main(argv: string[], session: Session): Promise<number> {
  // The first pass only looks for --profile and --debug, but argparse gives it -h/--help.
  try {
    parse(FIRST_PASS_SPECS, argv, FIRST_PASS_USAGE);
  } catch (e) {
    if (e instanceof ParseExit) {
      session.stdout += FIRST_PASS_HELP;
      return 0;
    }
    throw e;
  }

  const commandSpec: ArgSpec = { dest: 'command', options: [], nargs: 'one', choices: AWS_COMMANDS };
  let parsed;
  try {
    parsed = parse([...GLOBAL_SPECS, commandSpec], argv);
  } catch (e) {
    if (e instanceof ParseExit) {
      session.stdout += VERSION;
      return 0;
    }
    throw e;
  }
  const globals = globalsFrom(parsed.values);
  session.globals = globals;
  checkTopLevel(parsed.values, globals);

  const command = String(parsed.values.command);
  const rest = parsed.extras;
  switch (command) {
    case 'help':
      return showHelp(session, (h) => h.mainHelp(profileList(session.ctx.kms)));
    case 'kms':
      return runKms(rest, session);
    case 'sts':
      return runSts(rest, session);
    case 'configure':
      return runConfigure(rest, session);
    default:
      throw plainError(
        `KMS Lab: \`aws ${command}\` is a real AWS CLI command, but this sandbox only simulates KMS. ` +
          'Available here: aws kms …, aws sts get-caller-identity, aws configure list-profiles.',
        GENERAL_ERROR,
      );
  }
}

/** top-level-args-parsed: --query is compiled and --endpoint-url checked before anything runs. */
function checkTopLevel(values: Record<string, unknown>, globals: Globals): void {
  if (globals.query !== undefined) {
    try {
      compileQuery(globals.query);
    } catch (e) {
      if (e instanceof QueryError) throw plainError(e.message, e.exitCode, 'JMESPath names are case-sensitive and need quotes around the whole expression in the shell, e.g. --query "KeyMetadata.Arn".');
      throw e;
    }
  }
  const endpoint = values.endpoint_url;
  if (typeof endpoint === 'string' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(endpoint)) {
    throw plainError(
      `Bad value for --endpoint-url "${endpoint}": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`,
      PARAM_VALIDATION_ERROR,
    );
  }
  for (const name of ['read_timeout', 'connect_timeout']) {
    const v = values[name];
    if (typeof v === 'string') pyInt(v);
  }
}

// ---------------------------------------------------------------------------
// Services

function parseSubcommand(rest: readonly string[], dest: string, choices: readonly string[]) {
  return parse([{ dest, options: [], nargs: 'one', choices }], rest);
}

async function runKms(rest: string[], session: Session): Promise<number> {
  const { values, extras } = parseSubcommand(rest, 'operation', [...KMS_COMMANDS.map((c) => c.name), 'help']);
  const name = String(values.operation);
  if (name === 'help') {
    return showHelp(session, (h) => h.kmsHelp());
  }
  return runOperation(findKmsCommand(name)!, extras, session, API_MODEL.shapes, 'kms');
}

async function runSts(rest: string[], session: Session): Promise<number> {
  const { values, extras } = parseSubcommand(rest, 'operation', [...STS_OPERATIONS.map((o) => xformName(o)), 'help']);
  const name = String(values.operation);
  if (name === 'help') {
    return showHelp(session, (h) => h.stsHelp());
  }
  if (name !== GET_CALLER_IDENTITY.name) {
    if (extras.length === 1 && extras[0] === 'help') {
      return showHelp(session, (h) => h.stsHelp());
    }
    throw plainError(`KMS Lab: \`aws sts ${name}\` is not available in this sandbox; of STS it only answers get-caller-identity.`, GENERAL_ERROR);
  }
  return runOperation(GET_CALLER_IDENTITY, extras, session, STS_SHAPES, 'sts');
}

async function runConfigure(rest: string[], session: Session): Promise<number> {
  if (rest.length === 0) {
    throw plainError(
      'KMS Lab: `aws configure` asks for access keys, which this sandbox does not use. Its profiles are fixed: aws configure list-profiles.',
      GENERAL_ERROR,
    );
  }
  if (rest[0] === 'help') {
    return showHelp(session, (h) => h.configureHelp());
  }
  const { values, extras } = parse([{ dest: 'subcommand', options: [], nargs: 'one', choices: CONFIGURE_SUBCOMMANDS }], rest);
  const sub = String(values.subcommand);
  if (sub !== 'list-profiles') {
    throw plainError(`KMS Lab: \`aws configure ${sub}\` is not available in this sandbox; its profiles are fixed (aws configure list-profiles).`, GENERAL_ERROR);
  }
  if (extras.length === 1 && extras[0] === 'help') {
    return showHelp(session, (h) => h.configureHelp());
  }
  // A BasicCommand: unknown words are a parameter error without the usage text.
  if (extras.length > 0) throw plainError(`Unknown options: ${extras.join(', ')}`, PARAM_VALIDATION_ERROR);
  session.stdout += profileList(session.ctx.kms)
    .map((p) => `${p.name}\n`)
    .join('');
  return 0;
}

// ---------------------------------------------------------------------------
// Profiles and Regions

function resolveProfile(session: Session): Profile {
  const { env, kms } = session.ctx;
  const { name, profile } = chosenProfile(kms, env, session.globals.profile);
  if (!profile) {
    throw plainError(
      `The config profile (${name}) could not be found`,
      GENERAL_ERROR,
      `KMS Lab's profiles are ${profileList(kms)
        .map((p) => p.name)
        .join(', ')} (aws configure list-profiles).`,
    );
  }
  return profile;
}

function checkRegion(session: Session): void {
  const { env, kms } = session.ctx;
  const region = session.globals.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || kms.account.region;
  if (region !== kms.account.region) {
    throw plainError(
      `KMS Lab: this sandbox simulates one Region, ${kms.account.region}; requests for ${region} cannot be answered.`,
      CONFIGURATION_ERROR,
      `Drop --region (or set it to ${kms.account.region}); check AWS_REGION and AWS_DEFAULT_REGION too.`,
    );
  }
}

// ---------------------------------------------------------------------------
// Operations

async function runOperation(command: CliCommand, args: string[], session: Session, shapes: ShapeTable, service: 'kms' | 'sts'): Promise<number> {
  const invocation = session.invocation;
  invocation.service = service;
  invocation.operation = command.operation;
  let parsed;
  try {
    parsed = parseOperationArgs(command, args);
  } catch (e) {
    if (e instanceof CliError && e.stderr.includes('\nUnknown options: ')) e.hint = `aws ${service} ${command.name} help lists the options this command takes.`;
    const noValue = e instanceof CliError ? /argument (--[\w-]+): expected one argument/.exec(e.stderr) : null;
    if (noValue && e instanceof CliError) {
      e.hint = `${noValue[1]} needs a value. If you gave a shell variable ($KEY_ID), check that it is set: echo "$KEY_ID".`;
    }
    throw e;
  }
  if (parsed.help) {
    return showHelp(session, (h) => service === 'kms' ? h.operationHelp(command) : h.stsHelp());
  }
  const plan = prepareCall(command, parsed.values, session.globals.paginate, session.ctx);
  const { values } = parsed;
  const namesFile = (v: unknown) => {
    const single = Array.isArray(v) && v.length === 1 ? v[0] : v;
    return typeof single === 'string' && /^fileb?:\/\//.test(single);
  };
  const fileValued = command.params.filter((p) => namesFile(values[p.option.slice(2).replace(/-/g, '_')])).map((p) => p.member);
  invocation.inputs = inputsOf(plan.sources, fileValued, session.reads, namesFile(values.cli_input_json));
  invocation.contexts = contextsOf(plan.params);
  if (plan.skeleton === 'input' || plan.skeleton === 'yaml-input') {
    const { inputSkeleton, yamlInputSkeleton } = await fetchPart(() => import('./skeleton.ts'));
    session.stdout += plan.skeleton === 'input' ? inputSkeleton(command.input, shapes) : yamlInputSkeleton(command.input, shapes);
    return 0;
  }

  // Creating the client: the profile must exist and the Region must be known.
  const profile = resolveProfile(session);
  invocation.profile = profile.name;
  if (service === 'kms') checkRegion(session);

  const debug = await fetchOnDemandParts(session);
  if (plan.skeleton === 'output') return outputSkeleton(command, plan, session, shapes);

  const paginator = plan.paginate ? command.paginator : undefined;
  // For List operations the formatter is created before the first page is fetched.
  const format = paginator ? outputFormat(session) : undefined;
  const params = { ...plan.params };
  if (paginator) delete params.PaginationConfig;

  let requestCount = 0;
  const decodedBlobs: DecodedBlob[] = [];
  const send = async (callParams: Record<string, unknown>): Promise<Page> => {
    const p = callParams as CallPlan['params'];
    if ((session.globals.binaryFormat ?? 'base64') === 'base64') decodedBlobs.push(...decodeBlobs(p, command.input, plan.sources, shapes));
    try {
      checkParams(p, command.input, shapes);
    } catch (e) {
      if (e instanceof CliError) e.hint = validationHint(e.stderr);
      throw e;
    }
    const { call, wire } = serializeParams(p, command.input, shapes);
    const method = kmsMethod(command.operation);
    if (service === 'kms' && !method) {
      throw plainError(
        `KMS Lab: \`aws kms ${command.name}\` is a real AWS CLI command, but the simulator does not implement ${command.operation}, so the request was not sent. See aws kms help for the commands that run here.`,
        GENERAL_ERROR,
      );
    }
    requestCount++;
    invocation.requests = requestCount;
    if (debug) session.stderr += debug.debugRequest(service, command.operation, wire, profile.name, profile.principal, session.ctx.kms.account.region, requestCount);
    if (service === 'sts') {
      const identity = callerIdentity(profile.principal, session.ctx.kms.account.accountId);
      if (debug) session.stderr += debug.debugResponse('sts', identity, requestCount);
      return identity;
    }
    const kms = session.ctx.kms;
    kms.setCaller(profile.principal.name);
    let result: unknown;
    try {
      result = await (kms[method!] as (input: unknown) => Promise<unknown>).call(kms, call);
    } catch (e) {
      if (!(e instanceof KmsError)) throw e;
      if (debug) session.stderr += debug.debugResponse('kms', { __type: e.name, message: e.message }, requestCount, e.status);
      const retries = e.status >= 500 ? ' (reached max retries: 2)' : '';
      invocation.error = { stage: 'service', code: e.name, message: e.message };
      throw new CliError(
        `\nAn error occurred (${e.name}) when calling the ${command.operation} operation${retries}: ${e.message}\n`,
        CLIENT_ERROR,
        await serviceErrorHint({ code: e.name, message: e.message, operation: command.operation, profile: profile.name, principal: profile.principal, params: call, sources: plan.sources, kms }),
      );
    }
    const page = (result ?? {}) as Page;
    if (debug) session.stderr += debug.debugResponse('kms', page, requestCount);
    return page;
  };

  if (paginator) {
    const pages = await paginate(send, params, paginator, plan.paging);
    session.stdout += renderPages(pages, paginator, format!, session, command.operation);
  } else {
    const response = await send(params);
    const printed = render(response, outputFormat(session), session, command.operation);
    session.stdout += printed;
    invocation.kept = keptMembers(response, printed);
  }
  const query = session.globals.query;
  invocation.output = { format: outputFormat(session), ...(query === undefined ? {} : { query }) };
  const hint = silentDecodeHint(decodedBlobs, plan.sources);
  if (hint !== undefined) session.hint = hint;
  return 0;
}

/**
 * What the sandbox fetches before the call, when this command needs it: the --debug log, the
 * table or yaml formatter, the npm JMESPath evaluator. Before, so a failed download sends nothing;
 * an unknown --output name still fails where the CLI fails, when the formatter is made.
 */
async function fetchOnDemandParts(session: Session): Promise<typeof import('./debug.ts') | undefined> {
  const { debug, query } = session.globals;
  const name = outputName(session);
  const [log] = await Promise.all([
    debug ? fetchPart(() => import('./debug.ts')) : undefined,
    (OUTPUT_FORMATS as readonly string[]).includes(name) ? fetchPart(() => loadFormatter(name as OutputFormat)) : undefined,
    query !== undefined && compileQuery(query).needsEngine ? fetchPart(loadQueryEngine) : undefined,
  ]);
  return log;
}

function validationHint(stderr: string): string | undefined {
  const comma = /Invalid type for parameter (\w*EncryptionContext)\.([^,]+), value: \[/.exec(stderr);
  if (comma) {
    return `In --${xformName(comma[1]!)} a comma separates key=value pairs, so "${comma[2]}=" got a list. A value containing a comma needs JSON: '{"${comma[2]}": "a,b"}'.`;
  }
  if (/Invalid length for parameter \w+, value: 0/.test(stderr)) return 'An empty value: check that the shell variable you used is set (echo $KEY_ID).';
  return undefined;
}

/** `--generate-cli-skeleton output`: a response made of member names, checked as botocore's Stubber checks it. */
async function outputSkeleton(command: CliCommand, plan: CallPlan, session: Session, shapes: ShapeTable): Promise<number> {
  const { skeletonValue } = await fetchPart(() => import('./skeleton.ts'));
  const fake = command.output ? skeletonValue(command.output, shapes, true) : {};
  if (command.output) checkParams(fake as CallPlan['params'], command.output, shapes);
  const params = { ...plan.params };
  delete params.PaginationConfig;
  if ((session.globals.binaryFormat ?? 'base64') === 'base64') decodeBlobs(params, command.input, plan.sources, shapes);
  checkParams(params, command.input, shapes);
  session.stdout += render(fake as Page, outputFormat(session), session, command.operation);
  return 0;
}

/** --output, else AWS_DEFAULT_OUTPUT, else json. */
function outputName(session: Session): string {
  return session.globals.output ?? session.ctx.env.AWS_DEFAULT_OUTPUT ?? 'json';
}

/** The output format; an unknown name fails when the formatter is made. */
function outputFormat(session: Session): OutputFormat {
  const name = outputName(session);
  if (!(OUTPUT_FORMATS as readonly string[]).includes(name)) {
    throw plainError(`Unknown output type: ${name}`, GENERAL_ERROR, 'Output formats are json, text, table, yaml and yaml-stream (check AWS_DEFAULT_OUTPUT).');
  }
  return name as OutputFormat;
}

function query(value: unknown, session: Session): unknown {
  return session.globals.query === undefined ? value : compileQuery(session.globals.query).search(value);
}

function render(response: Page, format: OutputFormat, session: Session, operation: string): string {
  return formatOutput(query(toCliValue(response), session), { format, operationName: operation });
}

/** Paged output: json/table/yaml print the merged result; text and yaml-stream print page by page, as the CLI does. */
function renderPages(result: Awaited<ReturnType<typeof paginate>>, paginator: NonNullable<CliCommand['paginator']>, format: OutputFormat, session: Session, operation: string): string {
  if (format === 'text') {
    let out = result.pages.map((page) => render({ [paginator.resultKey]: page[paginator.resultKey] ?? null }, format, session, operation)).join('');
    if (result.resumeToken !== undefined) out += render({ NextToken: { NextToken: result.resumeToken } }, format, session, operation);
    return out;
  }
  if (format === 'yaml-stream') return result.pages.map((page) => render(page, format, session, operation)).join('');
  return render(buildFullResult(result, paginator), format, session, operation);
}
