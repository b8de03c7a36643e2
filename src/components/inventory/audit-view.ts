/**
 * Choosing and describing audit events for the log panel. The simulator's
 * log is append-only and oldest first; the panel shows newest first, and
 * caps how many rows it renders so a long session stays responsive.
 */
import type { AuditEvent } from '../../kms/audit.ts';

/** Rows rendered at most: a few hundred rows keep React's re-render (after every call) cheap. */
export const AUDIT_RENDER_LIMIT = 200;

export function isFailure(event: AuditEvent): boolean {
  return event.errorCode !== undefined;
}

/** Something KMS did on its own (a scheduled rotation, a deletion), not a call anyone made. */
export function isServiceEvent(event: AuditEvent): boolean {
  return event.eventType === 'AwsServiceEvent';
}

export interface AuditSelection {
  /** Newest first, at most `limit`. */
  events: AuditEvent[];
  /** Events in the whole log. */
  total: number;
  /** Events passing the filter, before the cap. */
  matching: number;
}

/**
 * Newest first by eventTime, as the CloudTrail console lists them. Ties (a
 * seeded clock gives many calls the same second) keep the log's order,
 * reversed. Time matters beyond position because `sim time` records the
 * rotations and deletions it passed over when it lands, after later-dated
 * ones: the log's position is when KMS wrote an event, not when it happened.
 */
export function selectAuditEvents(
  log: readonly AuditEvent[],
  options: { failuresOnly: boolean; limit?: number },
): AuditSelection {
  const limit = options.limit ?? AUDIT_RENDER_LIMIT;
  const matching = log
    .map((event, index) => ({ event, index, time: Date.parse(event.eventTime) || 0 }))
    .filter(({ event }) => !options.failuresOnly || isFailure(event))
    .sort((a, b) => b.time - a.time || b.index - a.index);
  return { events: matching.slice(0, limit).map(({ event }) => event), total: log.length, matching: matching.length };
}

/** Plain words for the service events the simulator records (CloudTrail's eventName alone is terse). */
const SERVICE_EVENT_NOTES: Record<string, string> = {
  RotateKey: 'KMS rotated the key material on schedule',
  DeleteKey: 'KMS deleted the key when its waiting period ended',
  DeleteExpiredKeyMaterial: 'KMS deleted imported key material that expired',
};

export function serviceEventNote(event: AuditEvent): string {
  return SERVICE_EVENT_NOTES[event.eventName] ?? 'Recorded by KMS itself, not a call anyone made';
}
