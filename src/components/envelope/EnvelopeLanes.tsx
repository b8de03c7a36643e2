/**
 * The three lanes side by side (stacked on a narrow screen). The lanes the current step involves
 * are highlighted, and a stored envelope (encrypted data key + data) is drawn as one group.
 */
import { useId } from 'react';
import ItemChip from './ItemChip.tsx';
import { LANES, type DiagramItem, type DiagramStep, type Lane } from './types.ts';

export const LANE_NAMES: Record<Lane, string> = { machine: 'Your machine', kms: 'AWS KMS', storage: 'Storage' };

const LANE_HINTS: Record<Lane, string> = {
  kms: 'KMS keys and their key material never leave here.',
  machine: 'Files and shell variables you work with.',
  storage: 'Ciphertext kept at rest: the encrypted data key beside its data.',
};

/** Items in order, with the storage lane's groups kept together. */
function grouped(items: readonly DiagramItem[]): (DiagramItem | DiagramItem[])[] {
  const out: (DiagramItem | DiagramItem[])[] = [];
  const groups = new Map<string, DiagramItem[]>();
  for (const item of items) {
    if (item.group === undefined) out.push(item);
    else if (groups.has(item.group)) groups.get(item.group)!.push(item);
    else {
      const members = [item];
      groups.set(item.group, members);
      out.push(members);
    }
  }
  return out;
}

function LaneView({ lane, step }: { lane: Lane; step: DiagramStep | undefined }) {
  const id = useId();
  const items = step ? step.items.filter((i) => i.lane === lane) : [];
  const active = step?.lanes.includes(lane) ?? false;
  const classes = ['env-lane', `env-lane--${lane}`];
  if (active) classes.push(step?.status === 'error' ? 'env-lane--error' : 'env-lane--active');
  return (
    <div className={classes.join(' ')} role="group" aria-labelledby={id}>
      <h3 className="env-lane-title" id={id}>
        {LANE_NAMES[lane]}
      </h3>
      <p className="env-lane-hint">{LANE_HINTS[lane]}</p>
      {items.length === 0 ? (
        <p className="env-lane-empty">Nothing here yet.</p>
      ) : (
        <ul className="env-items">
          {grouped(items).map((entry) =>
            Array.isArray(entry) ? (
              <li key={entry[0]!.group} className="env-group">
                <span className="env-group-title">Stored together</span>
                <ul className="env-items">
                  {entry.map((item) => (
                    <ItemChip key={item.id} item={item} />
                  ))}
                </ul>
              </li>
            ) : (
              <ItemChip key={entry.id} item={entry} />
            ),
          )}
        </ul>
      )}
    </div>
  );
}

export default function EnvelopeLanes({ step }: { step: DiagramStep | undefined }) {
  return (
    <div className="env-lanes">
      {LANES.map((lane) => (
        <LaneView key={lane} lane={lane} step={step} />
      ))}
    </div>
  );
}
