/**
 * The key inventory panel: every key in the sandbox's account, updated after
 * each command while its tab is shown, with one key's full metadata and policy
 * below the table. Rows are memoised by key and keep their summary while the
 * key is unchanged, and only the newest KEY_WINDOW keys are drawn until the
 * learner asks for more, so a refresh costs what changed, not what exists.
 * Usage: `<KeyInventory sandbox={sandbox} />` (reads `sandbox.kms` afresh
 * after every command, so it survives `sim reset`).
 */
import { useCallback, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Kms, KeySummary } from '../../kms/kms.ts';
import type { Sandbox } from '../../shell/sandbox.ts';
import type { PanelFeed } from '../sandbox/panel-feed.ts';
import KeyDetails from './KeyDetails.tsx';
import KeyRow, { KEY_COLUMNS } from './KeyRow.tsx';
import { mergeSummaries } from './key-summaries.ts';
import { moveIndex, rowAction, visibleKeys } from './key-view.ts';
import { usePanelFeed, useSandboxRead } from './use-sandbox-snapshot.ts';
import './inventory.css';
import TableHead from './TableHead.tsx';

export interface KeyInventoryProps {
  sandbox: Pick<Sandbox, 'kms' | 'session'>;
  /** The sandbox's refresh timing (SandboxPanels shares one); the panel makes its own without. */
  feed?: PanelFeed;
  /** Whether the panel is on screen; a hidden one re-reads only when shown again. */
  active?: boolean;
  /** Start with AWS managed keys listed (a lesson about them; tests). */
  initialShowAwsManaged?: boolean;
  /** Start with this key's details open. */
  initialSelectedKeyId?: string;
}

/** Rows drawn at first, and added by each "Show more": a class's sandbox has a few dozen keys at most. */
export const KEY_WINDOW = 50;

const COLUMNS = KEY_COLUMNS;

/** The inventory's read, keeping every unchanged key's summary object. */
const readKeys = (kms: Kms, previous: readonly KeySummary[] | undefined): readonly KeySummary[] => mergeSummaries(previous ?? [], kms.inventory());

export default function KeyInventory({ sandbox, feed, active = true, initialShowAwsManaged = false, initialSelectedKeyId }: KeyInventoryProps) {
  const keys = useSandboxRead(() => sandbox.kms, usePanelFeed(sandbox.session, feed), active, readKeys);
  const [showAws, setShowAws] = useState(initialShowAwsManaged);
  const [selectedId, setSelectedId] = useState(initialSelectedKeyId);
  const [windowSize, setWindowSize] = useState(KEY_WINDOW);
  const rows = useRef(new Map<string, HTMLTableRowElement>());
  const id = useId();
  const captionId = `${id}-caption`;
  const detailsId = `${id}-details`;

  const listed = visibleKeys(keys, showAws);
  // The newest keys, in the table's order (oldest first): where a new key appears.
  const shown = listed.length > windowSize ? listed.slice(listed.length - windowSize) : listed;
  const older = listed.length - shown.length;
  // A key that was deleted, reset away or filtered out closes its details.
  const selected = listed.find((k) => k.keyId === selectedId);
  const hidden = keys.length - listed.length;
  const customer = keys.length - keys.filter((k) => k.keyManager === 'AWS').length;

  // Stable callbacks, so a memoised row re-renders only when its key or selection changes.
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const register = useCallback((keyId: string, el: HTMLTableRowElement | null) => void (el ? rows.current.set(keyId, el) : rows.current.delete(keyId)), []);
  const select = useCallback((keyId: string) => setSelectedId(keyId), []);
  const onRowKey = useCallback((event: KeyboardEvent<HTMLTableRowElement>, keyId: string) => {
    const action = rowAction(event.key);
    if (action === undefined || event.target !== event.currentTarget) return;
    event.preventDefault(); // Space would scroll the page, arrows the panel.
    const list = shownRef.current;
    if (action === 'select') setSelectedId(keyId);
    else rows.current.get(list[moveIndex(action, list.findIndex((k) => k.keyId === keyId), list.length)]!.keyId)?.focus();
  }, []);

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
      {older > 0 && (
        <p className="inv-note inv-more">
          <span>
            Showing the newest {shown.length} of {listed.length} keys.
          </span>{' '}
          <button type="button" className="inv-button" onClick={() => setWindowSize((n) => n + KEY_WINDOW)}>
            Show {Math.min(KEY_WINDOW, older)} older
          </button>{' '}
          <button type="button" className="inv-button" onClick={() => setWindowSize(listed.length)}>
            Show all {listed.length}
          </button>
        </p>
      )}
      {/* A table where it fits, one card per key where it does not (inventory.css); the box can still scroll sideways if a value is very long, so it is focusable. */}
      <div className="inv-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="inv-table" role="table">
          <caption id={captionId}>
            <span className="inv-caption">
              Keys in this account{' '}
              <span className="inv-caption-note">
                {shown.length} shown{older > 0 ? ` (the newest; ${older} older not drawn)` : ''}
                {hidden > 0 ? `, ${hidden} AWS managed hidden` : ''}. Select a row (click, or Enter) for its details.
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
            {shown.map((key) => (
              <KeyRow key={key.keyId} keySummary={key} selected={key === selected} controls={detailsId} register={register} onSelect={select} onRowKey={onRowKey} />
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
