/**
 * The audit log panel: the sandbox's CloudTrail events, newest first, with a
 * failures-only filter and each event expandable to its raw JSON. The log is
 * indexed incrementally (audit-index.ts) and rows are memoised by event, so a
 * refresh after a command places and draws only the events it added.
 * Usage: `<AuditLog sandbox={sandbox} />`.
 */
import { useCallback, useId, useMemo, useState } from 'react';
import type { Kms } from '../../kms/kms.ts';
import type { Sandbox } from '../../shell/sandbox.ts';
import type { PanelFeed } from '../sandbox/panel-feed.ts';
import { advanceAuditIndex, EMPTY_AUDIT_INDEX, pickAuditEvents, type AuditIndex } from './audit-index.ts';
import AuditRow, { AUDIT_COLUMNS } from './AuditRow.tsx';
import { AUDIT_RENDER_LIMIT } from './audit-view.ts';
import { aliasIndex, sameAliasIndex } from './key-label.ts';
import { usePanelFeed, useSandboxRead } from './use-sandbox-snapshot.ts';
import './inventory.css';
import TableHead from './TableHead.tsx';
import { formatCount } from '../count-format.ts';

export interface AuditLogProps {
  sandbox: Pick<Sandbox, 'kms' | 'session'>;
  /** The sandbox's refresh timing (SandboxPanels shares one); the panel makes its own without. */
  feed?: PanelFeed;
  /** Whether the panel is on screen; a hidden one re-reads only when shown again. */
  active?: boolean;
  /** Start with only failed calls listed (a lesson about AccessDenied; tests). */
  initialFailuresOnly?: boolean;
  /** Start with these events (by eventID) expanded. */
  initialExpanded?: readonly string[];
  /** Rows rendered at most (newest kept). */
  limit?: number;
}

interface AuditRead {
  index: AuditIndex;
  /** Key ID → aliases, for naming keys; the previous map while no alias changed. */
  aliases: ReadonlyMap<string, readonly string[]>;
  /** Events and failed calls since the sandbox began, older ones dropped from memory included. */
  total: number;
  failures: number;
}

const readAudit = (kms: Kms, previous: AuditRead | undefined): AuditRead => {
  const aliases = aliasIndex(kms.inventory());
  const index = advanceAuditIndex(previous?.index ?? EMPTY_AUDIT_INDEX, kms.auditLog());
  return {
    index,
    aliases: previous && sameAliasIndex(previous.aliases, aliases) ? previous.aliases : aliases,
    // A saved sandbox from before the counts existed starts them at what its log holds.
    total: Math.max(kms.auditCount(), kms.auditLog().length),
    failures: Math.max(kms.auditFailures(), index.failures),
  };
};

const count = formatCount;
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

export default function AuditLog({ sandbox, feed, active = true, initialFailuresOnly = false, initialExpanded = [], limit = AUDIT_RENDER_LIMIT }: AuditLogProps) {
  const { index, aliases, total, failures } = useSandboxRead(() => sandbox.kms, usePanelFeed(sandbox.session, feed), active, readAudit);
  const [failuresOnly, setFailuresOnly] = useState(initialFailuresOnly);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(initialExpanded));
  const id = useId();
  const captionId = `${id}-caption`;

  const selection = useMemo(() => pickAuditEvents(index, { failuresOnly, limit }), [index, failuresOnly, limit]);
  // Beyond the events kept in memory, the counts still know how many there were.
  const matching = Math.max(selection.matching, failuresOnly ? failures : total);

  const toggle = useCallback(
    (eventId: string) =>
      setExpanded((open) => {
        const next = new Set(open);
        if (!next.delete(eventId)) next.add(eventId);
        return next;
      }),
    [],
  );

  return (
    <div className="inv inv-log">
      <div className="inv-toolbar">
        <label className="inv-toggle">
          <input type="checkbox" checked={failuresOnly} onChange={(event) => setFailuresOnly(event.target.checked)} />
          Failures only
        </label>
        <span className="inv-muted">
          {plural(total, 'event', 'events')}, {plural(failures, 'failure', 'failures')}
        </span>
      </div>
      {matching > selection.events.length && (
        <p className="inv-note">
          Showing the latest {selection.events.length} of {count(matching)} {failuresOnly ? 'failures' : 'events'}; older ones are not listed here.
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
              <AuditRow key={event.eventID} event={event} aliases={aliases} expanded={expanded.has(event.eventID)} detailId={`${id}-${event.eventID}`} onToggle={toggle} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
