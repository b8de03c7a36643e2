/**
 * One CloudTrail event as a table row, plus a second row (hidden until the
 * event name is pressed) with the error message and the raw event JSON.
 * Memoised: an event never changes, so a row renders again only when it is
 * expanded or collapsed, or an alias it may show changed.
 */
import { memo } from 'react';
import type { AuditEvent } from '../../kms/audit.ts';
import { Badge, UtcTime } from './Badges.tsx';
import { isFailure, isServiceEvent, serviceEventNote } from './audit-view.ts';
import { prettyJson } from './format.ts';
import { keyLabel } from './key-label.ts';
import { principalLabel } from './principal.ts';
import { Cell } from './TableHead.tsx';

interface Props {
  event: AuditEvent;
  aliases: ReadonlyMap<string, readonly string[]>;
  expanded: boolean;
  /** Id for the detail row (aria-controls). */
  detailId: string;
  onToggle(eventId: string): void;
}

/** Columns in the table (also the detail row's colSpan); each cell repeats its name for the stacked layout. */
export const AUDIT_COLUMNS = ['Time (UTC)', 'Who', 'Action', 'Key', 'Result'] as const;
const [TIME, WHO, ACTION, KEY, RESULT] = AUDIT_COLUMNS;

export default memo(function AuditRow({ event, aliases, expanded, detailId, onToggle }: Props) {
  const who = principalLabel(event.userIdentity);
  const key = keyLabel(event, aliases);
  const failed = isFailure(event);
  const service = isServiceEvent(event);
  const rowClass = ['inv-row', failed ? 'inv-failed' : '', service ? 'inv-service' : ''].filter(Boolean).join(' ');
  return (
    <>
      <tr className={rowClass} role="row">
        <th scope="row" role="rowheader" className="inv-nowrap inv-time" data-label={TIME}>
          <UtcTime value={event.eventTime} />
        </th>
        <Cell label={WHO} className="inv-who">
          {service ? (
            <Badge tone="service" symbol="⚙">
              AWS service event
            </Badge>
          ) : (
            <span title={who.full}>{who.name}</span>
          )}{' '}
          <div className="inv-small inv-muted">{service ? `${who.name} · ${who.type}` : who.type}</div>
        </Cell>
        <Cell label={ACTION} className="inv-action">
          <button type="button" className="inv-disclosure" aria-expanded={expanded} aria-controls={detailId} onClick={() => onToggle(event.eventID)}>
            <span aria-hidden="true">{expanded ? '▾' : '▸'} </span>
            {event.eventName}
          </button>
        </Cell>
        <Cell label={KEY} className="inv-mono inv-key">
          {key ? <span title={key.full}>{key.text}</span> : <span className="inv-muted">—</span>}
        </Cell>
        <Cell label={RESULT} className="inv-result">
          {failed ? (
            <Badge tone="danger" symbol="✕">
              {event.errorCode ?? 'Error'}
            </Badge>
          ) : (
            <Badge tone="ok" symbol="✓">
              Success
            </Badge>
          )}
        </Cell>
      </tr>
      <tr id={detailId} className="inv-detail-row" role="row" hidden={!expanded}>
        <td role="cell" colSpan={AUDIT_COLUMNS.length}>
          {expanded && <AuditEventDetails event={event} />}
        </td>
      </tr>
    </>
  );
});

export function AuditEventDetails({ event }: { event: AuditEvent }) {
  return (
    <div className="inv-event">
      {isFailure(event) && (
        <p className="inv-error">
          <strong>{event.errorCode}</strong>
          {event.errorMessage ? `: ${event.errorMessage}` : ''}
        </p>
      )}
      {isServiceEvent(event) && <p>{serviceEventNote(event)}.</p>}
      <pre className="inv-code" tabIndex={0}>
        <code>{prettyJson(event)}</code>
      </pre>
    </div>
  );
}
