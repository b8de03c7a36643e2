/**
 * The key inventory panel: every key in the sandbox's account, updated after
 * each command, with one key's full metadata and policy below the table.
 * Usage: `<KeyInventory sandbox={sandbox} />` (reads `sandbox.kms` afresh
 * after every session event, so it survives `sim reset`).
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Sandbox } from '../../shell/sandbox.ts';
import KeyDetails from './KeyDetails.tsx';
import KeyRow, { KEY_COLUMNS } from './KeyRow.tsx';
import { moveIndex, rowAction, visibleKeys } from './key-view.ts';
import { readKeys, useSandboxSnapshot } from './use-sandbox-snapshot.ts';
import './inventory.css';
import TableHead from './TableHead.tsx';

export interface KeyInventoryProps {
  sandbox: Pick<Sandbox, 'kms' | 'session'>;
  /** Start with AWS managed keys listed (a lesson about them; tests). */
  initialShowAwsManaged?: boolean;
  /** Start with this key's details open. */
  initialSelectedKeyId?: string;
}

const COLUMNS = KEY_COLUMNS;

export default function KeyInventory({ sandbox, initialShowAwsManaged = false, initialSelectedKeyId }: KeyInventoryProps) {
  const keys = useSandboxSnapshot(() => sandbox.kms, sandbox.session, readKeys);
  const [showAws, setShowAws] = useState(initialShowAwsManaged);
  const [selectedId, setSelectedId] = useState(initialSelectedKeyId);
  const rows = useRef(new Map<string, HTMLTableRowElement>());
  const id = useId();
  const captionId = `${id}-caption`;
  const detailsId = `${id}-details`;

  const shown = visibleKeys(keys, showAws);
  // A key that was deleted, reset away or filtered out closes its details.
  const selected = shown.find((k) => k.keyId === selectedId);
  const hidden = keys.length - shown.length;
  const customer = keys.length - keys.filter((k) => k.keyManager === 'AWS').length;

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    const action = rowAction(event.key);
    if (action === undefined || event.target !== event.currentTarget) return;
    event.preventDefault(); // Space would scroll the page, arrows the panel.
    if (action === 'select') setSelectedId(shown[index]!.keyId);
    else rows.current.get(shown[moveIndex(action, index, shown.length)]!.keyId)?.focus();
  };

  const close = () => {
    const row = selected && rows.current.get(selected.keyId);
    setSelectedId(undefined);
    row?.focus();
  };

  return (
    <div className="inv inv-keys">
      <div className="inv-toolbar">
        <label className="inv-toggle">
          <input type="checkbox" checked={showAws} onChange={(event) => setShowAws(event.target.checked)} />
          Show AWS managed keys
        </label>
        <span className="inv-muted">
          {customer} customer managed, {keys.length - customer} AWS managed
        </span>
      </div>
      {/* A table where it fits, one card per key where it does not (inventory.css); the box can still scroll sideways if a value is very long, so it is focusable. */}
      <div className="inv-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="inv-table" role="table">
          <caption id={captionId}>
            <span className="inv-caption">
              Keys in this account{' '}
              <span className="inv-caption-note">
                {shown.length} shown{hidden > 0 ? `, ${hidden} AWS managed hidden` : ''}. Select a row (click, or Enter) for its details.
              </span>
            </span>
          </caption>
          <TableHead columns={COLUMNS} />
          <tbody role="rowgroup">
            {shown.length === 0 && (
              <tr role="row">
                <td role="cell" colSpan={COLUMNS.length} className="inv-empty">
                  No customer managed keys yet. Create one in the terminal: <code>aws kms create-key --description demo</code>
                </td>
              </tr>
            )}
            {shown.map((key, index) => (
              <KeyRow
                key={key.keyId}
                keySummary={key}
                selected={key === selected}
                controls={detailsId}
                rowRef={(el) => void (el ? rows.current.set(key.keyId, el) : rows.current.delete(key.keyId))}
                onSelect={() => setSelectedId(key.keyId)}
                onKeyDown={(event) => onRowKey(event, index)}
              />
            ))}
          </tbody>
        </table>
      </div>
      <div id={detailsId} className="inv-details-slot">
        {selected ? <KeyDetails keySummary={selected} onClose={close} /> : <p className="inv-muted inv-hint">Select a key to see its policy, tags and key material versions.</p>}
      </div>
    </div>
  );
}
