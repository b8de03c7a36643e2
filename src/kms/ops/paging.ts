import { InvalidMarkerException } from '../errors.ts';

/**
 * Marker paging as the List operations do it: an opaque marker, a Limit
 * clamped to the operation's own maximum, Truncated and NextMarker.
 */
export function page<T>(
  items: readonly T[],
  request: { Limit?: number | undefined; Marker?: string | undefined },
  limits: { default: number; max: number },
): { items: T[]; NextMarker?: string; Truncated: boolean } {
  const start = request.Marker === undefined ? 0 : decodeMarker(request.Marker);
  const limit = Math.min(request.Limit ?? limits.default, limits.max);
  const slice = items.slice(start, start + limit);
  const next = start + slice.length;
  return next < items.length ? { items: slice, NextMarker: encodeMarker(next), Truncated: true } : { items: slice, Truncated: false };
}

function encodeMarker(offset: number): string {
  return btoa(`kms-lab:${offset}`);
}

function decodeMarker(marker: string): number {
  let text: string;
  try {
    text = atob(marker);
  } catch {
    throw new InvalidMarkerException('The marker is not valid.');
  }
  const m = /^kms-lab:(\d+)$/.exec(text);
  if (!m) throw new InvalidMarkerException('The marker is not valid.');
  return Number(m[1]);
}
