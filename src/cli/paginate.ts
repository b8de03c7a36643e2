/**
 * How the CLI pages through a List operation, as its documentation describes
 * and black-box runs of aws-cli 2.9.19 against KMS Lab's endpoint showed:
 * requests follow NextMarker while Truncated, --page-size is each request's
 * Limit, --max-items stops the listing and hands back a NextToken (base64 of
 * `{"Marker": …, "boto_truncate_amount": N}` when the stop fell inside a
 * page), and --starting-token resumes from one. A token that does not decode
 * that way is taken as the marker itself, or as the older `marker___N`.
 * Broken tokens fail the way Python fails on them, word for word.
 */
import type { PaginatorDef } from '../kms/api-model-types.ts';
import { base64Encode } from '../kms/base64.ts';
import type { PagingConfig } from './args.ts';
import { Base64Error, pyB64Decode } from './python/base64.ts';
import { PyValueError } from './python/errors.ts';
import { pyInt } from './python/int.ts';
import { PyJsonError, pyJsonDumps, pyJsonLoads } from './python/json.ts';
import { pyRepr, pyTypeName } from './python/repr.ts';
import { isDict, type PyDict, type PyValue } from './python/values.ts';

export type Page = Record<string, unknown>;

export interface PaginationResult {
  /** The responses as received, each with its result list cut to what the listing kept. */
  pages: Page[];
  /** The CLI's NextToken when --max-items cut the listing short. */
  resumeToken?: string;
}

const TRUNCATE = 'boto_truncate_amount';

/** A --starting-token taken apart: the request members it sets, and how many results of its page to skip. */
interface Resume {
  /** Every key of the token but the skip count, in its order, nulls included. */
  members: PyDict;
  skip: PyValue | undefined;
}

/** The decoded form: base64 (of the UTF-8 bytes, so other characters drop out) of a JSON object. */
function decodedToken(token: string): PyValue | undefined {
  try {
    const bytes = pyB64Decode(token.replace(/[^\x00-\x7f]/g, ''));
    return pyJsonLoads(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    if (e instanceof Base64Error || e instanceof PyValueError || e instanceof PyJsonError || e instanceof TypeError) return undefined;
    throw e;
  }
}

function readToken(token: string, paginator: PaginatorDef): Resume {
  const decoded = decodedToken(token);
  // A JSON list, or no JSON at all, is read the old way.
  if (decoded !== undefined && !Array.isArray(decoded)) {
    // Anything but an object fails as Python's value.pop() would.
    if (!isDict(decoded)) throw new PyValueError(`'${pyTypeName(decoded)}' object has no attribute 'pop'`);
    const { [TRUNCATE]: skip, ...members } = decoded;
    return { members, skip };
  }
  const parts = token.split('___');
  if (parts.length > 2) throw new PyValueError(`Bad starting token: ${token}`);
  if (parts.length === 2) {
    try {
      return { members: { [paginator.inputToken]: parts[0]! }, skip: pyInt(parts[1]!) };
    } catch (e) {
      if (!(e instanceof PyValueError)) throw e;
    }
  }
  return { members: { [paginator.inputToken]: token }, skip: undefined };
}

/** base64 of json.dumps(token); the token must name exactly the paginator's input token (and the skip count). */
function writeToken(token: PyDict, paginator: PaginatorDef): string {
  const names = Object.keys(token).filter((k) => k !== TRUNCATE);
  if (names.length !== 1 || names[0] !== paginator.inputToken) throw new PyValueError(`Bad starting token: ${pyRepr(token)}`);
  return base64Encode(new TextEncoder().encode(pyJsonDumps(token, { ensureAscii: true })));
}

/** items[start:] and items[:end] with Python's int, bool and None indices. */
function sliceIndex(index: PyValue): number | undefined {
  if (index === null) return undefined;
  if (typeof index === 'boolean') return Number(index);
  if (typeof index === 'number' && Number.isInteger(index)) return index;
  throw new PyValueError('slice indices must be integers or None or have an __index__ method');
}

/** int + skip count, as Python adds them. */
function plus(n: number, skip: PyValue): number {
  if (typeof skip === 'boolean') return n + Number(skip);
  if (typeof skip === 'number' && Number.isInteger(skip)) return n + skip;
  throw new PyValueError(`unsupported operand type(s) for +: 'int' and '${pyTypeName(skip)}'`);
}

/**
 * Runs the pages. `call` makes one request (and may throw the service's
 * error, which ends the listing as it does in the CLI).
 */
export async function paginate(
  call: (params: Record<string, unknown>) => Promise<Page>,
  params: Record<string, unknown>,
  paginator: PaginatorDef,
  config: PagingConfig,
): Promise<PaginationResult> {
  const resume = config.startingToken === undefined ? undefined : readToken(config.startingToken, paginator);
  // The token's members go over the command line's, the page size over both; nulls are not sent.
  const request: Record<string, unknown> = { ...params, ...resume?.members };
  if (config.pageSize !== undefined && paginator.limitKey) request[paginator.limitKey] = config.pageSize;
  for (const [k, v] of Object.entries(request)) if (v === null) delete request[k];

  const pages: Page[] = [];
  let kept = 0;
  for (;;) {
    const page = { ...(await call({ ...request })) };
    const listed = Object.hasOwn(page, paginator.resultKey);
    let items = (page[paginator.resultKey] as unknown[] | undefined) ?? [];
    const first = pages.length === 0;
    if (first && resume?.skip !== undefined) items = items.slice(sliceIndex(resume.skip));
    const more = paginator.moreResults ? page[paginator.moreResults] === true : page[paginator.outputToken] != null;
    const next = page[paginator.outputToken];
    const max = config.maxItems;

    if (max !== undefined && kept + items.length > max) {
      // The stop falls inside this page: resume from the marker that fetched it, skipping what was kept.
      const room = max - kept;
      if (listed) page[paginator.resultKey] = items.slice(0, room);
      pages.push(page);
      const token: PyDict =
        first && resume
          ? { ...resume.members, [TRUNCATE]: resume.skip === undefined ? room : plus(room, resume.skip) }
          : { [paginator.inputToken]: (request[paginator.inputToken] ?? null) as PyValue, [TRUNCATE]: room };
      return { pages, resumeToken: writeToken(token, paginator) };
    }
    if (listed) page[paginator.resultKey] = items;
    pages.push(page);
    kept += items.length;
    if (!more) return { pages };
    if (max !== undefined && kept === max) return { pages, resumeToken: writeToken({ [paginator.inputToken]: next as PyValue }, paginator) };
    request[paginator.inputToken] = next;
  }
}

/** The merged result json, table and yaml print: the result key's items from every page, then NextToken. */
export function buildFullResult(result: PaginationResult, paginator: PaginatorDef): Page {
  const items = result.pages.flatMap((page) => (page[paginator.resultKey] as unknown[] | undefined) ?? []);
  return { [paginator.resultKey]: items, ...(result.resumeToken !== undefined ? { NextToken: result.resumeToken } : {}) };
}
