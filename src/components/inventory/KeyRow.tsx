/**
 * One key in the inventory table. The whole row is the control (click, or
 * focus and Enter/Space), because any cell is a natural place to aim at;
 * the parent handles the keys so arrows can move between rows. Memoised:
 * the parent passes stable callbacks and keeps an unchanged key's summary,
 * so only rows whose key changed render again.
 */
import { Fragment, memo, type KeyboardEvent } from 'react';
import type { KeySummary } from '../../kms/kms.ts';
import { ManagerBadge, StateBadge, TruncatedId, UtcTime } from './Badges.tsx';
import { SHORT_ID_LENGTH } from './key-label.ts';
import { keyTypeText, rotationText } from './key-view.ts';
import { Cell } from './TableHead.tsx';

interface Props {
  keySummary: KeySummary;
  selected: boolean;
  /** The details panel's id: what choosing this row changes. */
  controls: string;
  /** Told about the row's element (and null when it goes), so arrows can move the focus. */
  register(keyId: string, row: HTMLTableRowElement | null): void;
  onSelect(keyId: string): void;
  onRowKey(event: KeyboardEvent<HTMLTableRowElement>, keyId: string): void;
}

/** The table's columns, the ones that tell keys apart first; each cell repeats its name for the stacked layout. */
export const KEY_COLUMNS = ['Alias', 'State', 'Key ID', 'Type', 'Managed by', 'Rotation', 'Origin', 'Created (UTC)', 'Description'] as const;
const [ALIAS, STATE, KEY_ID, TYPE, MANAGER, ROTATION, ORIGIN, CREATED, DESCRIPTION] = KEY_COLUMNS;

export default memo(function KeyRow({ keySummary: key, selected, controls, register, onSelect, onRowKey }: Props) {
  return (
    <tr
      ref={(row) => {
        register(key.keyId, row);
        return () => register(key.keyId, null);
      }}
      role="row"
      className={selected ? 'inv-row inv-selected' : 'inv-row'}
      tabIndex={0}
      aria-selected={selected}
      aria-controls={controls}
      onClick={() => onSelect(key.keyId)}
      onKeyDown={(event) => onRowKey(event, key.keyId)}
    >
      <th scope="row" role="rowheader" className="inv-mono inv-title" data-label={ALIAS}>
        {key.aliases.length > 0 ? (
          key.aliases.map((a, i) => (
            <Fragment key={a}>
              {i > 0 && ' '}
              <span className="inv-line">{a}</span>
            </Fragment>
          ))
        ) : (
          <span className="inv-muted">no alias</span>
        )}
      </th>
      <Cell label={STATE}>
        <StateBadge state={key.state} />{' '}
        {key.deletionDate && (
          <div className="inv-small">
            deleted at <UtcTime value={key.deletionDate} />
          </div>
        )}
      </Cell>
      <Cell label={KEY_ID} className="inv-nowrap">
        <TruncatedId value={key.keyId} max={SHORT_ID_LENGTH} />
      </Cell>
      <Cell label={TYPE} className="inv-mono">
        <span className="inv-line">{keyTypeText(key).spec}</span> <span className="inv-line inv-small">{keyTypeText(key).usage}</span>
      </Cell>
      <Cell label={MANAGER}>
        <ManagerBadge keyManager={key.keyManager} />
      </Cell>
      <Cell label={ROTATION}>{rotationText(key)}</Cell>
      <Cell label={ORIGIN} className="inv-mono">
        {key.origin}
      </Cell>
      <Cell label={CREATED}>
        <UtcTime value={key.creationDate} />
      </Cell>
      <Cell label={DESCRIPTION} className="inv-desc">
        {key.description || <span className="inv-muted">none</span>}
      </Cell>
    </tr>
  );
});
