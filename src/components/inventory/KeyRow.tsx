/**
 * One key in the inventory table. The whole row is the control (click, or
 * focus and Enter/Space), because any cell is a natural place to aim at;
 * the parent handles the keys so arrows can move between rows.
 */
import { Fragment, type KeyboardEvent, type Ref } from 'react';
import type { KeySummary } from '../../kms/kms.ts';
import { ManagerBadge, StateBadge, TruncatedId, UtcTime } from './Badges.tsx';
import { SHORT_ID_LENGTH } from './key-label.ts';
import { rotationText } from './key-view.ts';
import { Cell } from './TableHead.tsx';

interface Props {
  keySummary: KeySummary;
  selected: boolean;
  /** The details panel's id: what choosing this row changes. */
  controls: string;
  rowRef: Ref<HTMLTableRowElement>;
  onSelect(): void;
  onKeyDown(event: KeyboardEvent<HTMLTableRowElement>): void;
}

/** The table's columns, the ones that tell keys apart first; each cell repeats its name for the stacked layout. */
export const KEY_COLUMNS = ['Alias', 'State', 'Key ID', 'Managed by', 'Rotation', 'Origin', 'Created (UTC)', 'Description'] as const;
const [ALIAS, STATE, KEY_ID, MANAGER, ROTATION, ORIGIN, CREATED, DESCRIPTION] = KEY_COLUMNS;

export default function KeyRow({ keySummary: key, selected, controls, rowRef, onSelect, onKeyDown }: Props) {
  return (
    <tr
      ref={rowRef}
      role="row"
      className={selected ? 'inv-row inv-selected' : 'inv-row'}
      tabIndex={0}
      aria-selected={selected}
      aria-controls={controls}
      onClick={onSelect}
      onKeyDown={onKeyDown}
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
}
