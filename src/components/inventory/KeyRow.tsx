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

interface Props {
  keySummary: KeySummary;
  selected: boolean;
  /** The details panel's id: what choosing this row changes. */
  controls: string;
  rowRef: Ref<HTMLTableRowElement>;
  onSelect(): void;
  onKeyDown(event: KeyboardEvent<HTMLTableRowElement>): void;
}

export default function KeyRow({ keySummary: key, selected, controls, rowRef, onSelect, onKeyDown }: Props) {
  return (
    <tr
      ref={rowRef}
      className={selected ? 'inv-row inv-selected' : 'inv-row'}
      tabIndex={0}
      aria-selected={selected}
      aria-controls={controls}
      onClick={onSelect}
      onKeyDown={onKeyDown}
    >
      <th scope="row" className="inv-mono">
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
      <td className="inv-nowrap">
        <TruncatedId value={key.keyId} max={SHORT_ID_LENGTH} />
      </td>
      <td>
        <ManagerBadge keyManager={key.keyManager} />
      </td>
      <td>
        <StateBadge state={key.state} />{' '}
        {key.deletionDate && (
          <div className="inv-small">
            deleted at <UtcTime value={key.deletionDate} />
          </div>
        )}
      </td>
      <td className="inv-mono">{key.origin}</td>
      <td>{rotationText(key)}</td>
      <td>
        <UtcTime value={key.creationDate} />
      </td>
      <td className="inv-desc">{key.description || <span className="inv-muted">none</span>}</td>
    </tr>
  );
}
