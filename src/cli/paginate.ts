/**
 * How the CLI pages through List operations (botocore/paginate.py
 * PageIterator): call, follow NextMarker while Truncated, stop at
 * --max-items and hand back a NextToken to resume from (base64 of
 * `{"Marker": …, "boto_truncate_amount": N}`). The merged result keeps only
 * the result key (`Keys`) — NextMarker and Truncated are gone — plus
 * NextToken when the listing was cut short.
 */
import type { PaginatorDef } from '../kms/api-model-types.ts';
import { base64Encode } from '../kms/base64.ts';
import { pyB64Decode } from './python/base64.ts';
import { PyValueError } from './python/errors.ts';
import { pyInt } from './python/int.ts';
import { pyJsonDumps, pyJsonLoads } from './python/json.ts';
import type { PyDict } from './python/values.ts';
import type { PagingConfig } from './args.ts';

export type Page = Record<string, unknown>;

export interface PaginationResult {
  pages: Page[];
  /** The CLI's NextToken when --max-items cut the listing short. */
  resumeToken?: string;
}

function encodeToken(token: Record<string, unknown>): string {
  return base64Encode(new TextEncoder().encode(pyJsonDumps(token, { ensureAscii: true })));
}

/** TokenDecoder, falling back to the old `marker___index` form as botocore does. */
function parseStartingToken(token: string, inputToken: string): [Record<string, unknown>, number] {
  try {
    const json = new TextDecoder('utf-8', { fatal: true }).decode(pyB64Decode(token));
    const decoded = pyJsonLoads(json);
    if (decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded) && !(decoded instanceof Uint8Array)) {
      const dict = { ...(decoded as PyDict) } as Record<string, unknown>;
      let index = 0;
      if (Object.hasOwn(dict, 'boto_truncate_amount')) {
        index = Number(dict.boto_truncate_amount);
        delete dict.boto_truncate_amount;
      }
      return [dict, index];
    }
  } catch {
    // not a token this paginator wrote: try the deprecated format
  }
  let parts = token.split('___');
  let index = 0;
  if (parts.length === 2) {
    try {
      index = pyInt(parts.pop()!);
    } catch {
      parts = [token];
    }
  }
  if (parts.length > 1) throw new PyValueError(`Bad starting token: ${token}`);
  return [{ [inputToken]: parts[0] === 'None' ? null : parts[0] }, index];
}

function inject(kwargs: Record<string, unknown>, token: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(token)) {
    if (value !== null && value !== undefined && value !== 'None') kwargs[name] = value;
    else delete kwargs[name];
  }
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
  const kwargs = { ...params };
  const resultKey = paginator.resultKey;
  const pages: Page[] = [];
  let nextToken: Record<string, unknown> = { [paginator.inputToken]: null };
  let startingTruncation = 0;
  if (config.startingToken !== undefined) {
    const [token, index] = parseStartingToken(config.startingToken, paginator.inputToken);
    nextToken = token;
    startingTruncation = index;
    inject(kwargs, token);
  }
  if (config.pageSize !== undefined && paginator.limitKey) kwargs[paginator.limitKey] = config.pageSize;
  let previous: string | undefined;
  let total = 0;
  let first = true;
  for (;;) {
    const page: Page = { ...(await call({ ...kwargs })) };
    if (first && config.startingToken !== undefined) {
      const items = page[resultKey];
      if (Array.isArray(items)) page[resultKey] = items.slice(startingTruncation);
    } else startingTruncation = 0;
    first = false;
    const items = Array.isArray(page[resultKey]) ? (page[resultKey] as unknown[]) : [];
    const truncateAmount = config.maxItems !== undefined ? total + items.length - config.maxItems : 0;
    if (truncateAmount > 0) {
      const keep = items.length - truncateAmount;
      page[resultKey] = items.slice(0, keep);
      pages.push(page);
      return { pages, resumeToken: encodeToken({ ...nextToken, boto_truncate_amount: keep + startingTruncation }) };
    }
    pages.push(page);
    total += items.length;
    const more = paginator.moreResults === undefined || Boolean(page[paginator.moreResults]);
    const marker = more ? page[paginator.outputToken] : undefined;
    nextToken = more ? { [paginator.inputToken]: marker ? marker : null } : {};
    if (Object.values(nextToken).every((t) => t === null || t === undefined)) return { pages };
    if (config.maxItems !== undefined && total === config.maxItems) return { pages, resumeToken: encodeToken(nextToken) };
    const serialized = JSON.stringify(nextToken);
    if (serialized === previous) throw new PyValueError(`The same next token was received twice: ${serialized}`);
    inject(kwargs, nextToken);
    previous = serialized;
  }
}

/** PageIterator.build_full_result: the result key's items from every page, and NextToken. */
export function buildFullResult(result: PaginationResult, paginator: PaginatorDef): Page {
  const complete: Page = {};
  for (const page of result.pages) {
    const value = page[paginator.resultKey];
    if (value === null || value === undefined) continue;
    const existing = complete[paginator.resultKey];
    if (existing === undefined) complete[paginator.resultKey] = Array.isArray(value) ? [...value] : value;
    else if (Array.isArray(existing) && Array.isArray(value)) existing.push(...value);
  }
  if (result.resumeToken !== undefined) complete.NextToken = result.resumeToken;
  return complete;
}
