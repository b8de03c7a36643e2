/**
 * The audit log panel: the sandbox's CloudTrail events, newest first, with a
 * failures-only filter and each event expandable to its raw JSON.
 * Usage: `<AuditLog sandbox={sandbox} />`.
 */
import { useId, useMemo, useState } from 'react';
import type { Sandbox } from '../../shell/sandbox.ts';
import AuditRow, { AUDIT_COLUMNS } from './AuditRow.tsx';
import { AUDIT_RENDER_LIMIT, isFailure, selectAuditEvents } from './audit-view.ts';
import { aliasIndex } from './key-label.ts';
import { readAudit, useSandboxSnapshot } from './use-sandbox-snapshot.ts';
import './inventory.css';
import TableHead from './TableHead.tsx';

export interface AuditLogProps {
  sandbox: Pick<Sandbox, 'kms' | 'session'>;
  /** Start with only failed calls listed (a lesson about AccessDenied; tests). */
  initialFailuresOnly?: boolean;
  /** Start with these events (by eventID) expanded. */
  initialExpanded?: readonly string[];
  /** Rows rendered at most (newest kept). */
  limit?: number;
}

export default function AuditLog({ sandbox, initialFailuresOnly = false, initialExpanded = [], limit = AUDIT_RENDER_LIMIT }: AuditLogProps) {
  const { events, keys } = useSandboxSnapshot(() => sandbox.kms, sandbox.session, readAudit);
  const [failuresOnly, setFailuresOnly] = useState(initialFailuresOnly);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(initialExpanded));
  const id = useId();
  const captionId = `${id}-caption`;

  const aliases = useMemo(() => aliasIndex(keys), [keys]);
  const selection = useMemo(() => selectAuditEvents(events, { failuresOnly, limit }), [events, failuresOnly, limit]);
  const failures = useMemo(() => events.filter(isFailure).length, [events]);

  const toggle = (eventId: string) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(eventId)) next.add(eventId);
      return next;
    });

  return (
    <div className="inv inv-log">
      <div className="inv-toolbar">
        <label className="inv-toggle">
          <input type="checkbox" checked={failuresOnly} onChange={(event) => setFailuresOnly(event.target.checked)} />
          Failures only
        </label>
        <span className="inv-muted">
          {events.length} {events.length === 1 ? 'event' : 'events'}, {failures} {failures === 1 ? 'failure' : 'failures'}
        </span>
      </div>
      {selection.matching > selection.events.length && (
        <p className="inv-note">
          Showing the latest {selection.events.length} of {selection.matching} {failuresOnly ? 'failures' : 'events'}; older ones are not listed here.
        </p>
      )}
      <div className="inv-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="inv-table" role="table">
          <caption id={captionId}>
            <span className="inv-caption">
              Audit log (CloudTrail events){' '}
              <span className="inv-caption-note">Newest first. Press an action to see the raw event.</span>
            </span>
          </caption>
          <TableHead columns={AUDIT_COLUMNS} />
          <tbody role="rowgroup">
            {selection.events.length === 0 && (
              <tr role="row">
                <td role="cell" colSpan={AUDIT_COLUMNS.length} className="inv-empty">
                  {failuresOnly ? 'No failed calls. Try one: ' : 'No calls yet. Run one in the terminal: '}
                  <code>{failuresOnly ? 'aws kms encrypt --key-id alias/missing --plaintext aGk=' : 'aws kms list-keys'}</code>
                </td>
              </tr>
            )}
            {selection.events.map((event) => (
              <AuditRow
                key={event.eventID}
                event={event}
                aliases={aliases}
                expanded={expanded.has(event.eventID)}
                detailId={`${id}-${event.eventID}`}
                onToggle={() => toggle(event.eventID)}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
