/**
 * What the key inventory says about one key, as plain data: the words and
 * tones of badges, rotation and material summaries, and which keys show.
 * Kept apart from the JSX so each rule is unit-tested.
 */
import type { KeySummary } from '../../kms/kms.ts';
import type { KeyState } from '../../kms/keys.ts';

/** Colour family of a badge; the badge always carries text too, never colour alone. */
export type Tone = 'ok' | 'off' | 'warn' | 'danger';

export interface StateBadge {
  text: string;
  tone: Tone;
  /** A shape that survives greyscale printing and colour-blindness. */
  symbol: string;
}

const STATE_BADGES: Record<KeyState, StateBadge> = {
  Enabled: { text: 'Enabled', tone: 'ok', symbol: '●' },
  Disabled: { text: 'Disabled', tone: 'off', symbol: '○' },
  PendingDeletion: { text: 'Pending deletion', tone: 'danger', symbol: '✕' },
  PendingImport: { text: 'Pending import', tone: 'warn', symbol: '◐' },
};

export function stateBadge(state: KeyState): StateBadge {
  return STATE_BADGES[state];
}

export function managerText(key: Pick<KeySummary, 'keyManager'>): string {
  return key.keyManager === 'AWS' ? 'AWS managed' : 'Customer managed';
}

/** What kind of key it is: its key spec and what it is for (a symmetric encryption key when the summary names none). */
export function keyTypeText(key: Pick<KeySummary, 'keySpec' | 'keyUsage'>): { spec: string; usage: string } {
  return { spec: key.keySpec ?? 'SYMMETRIC_DEFAULT', usage: key.keyUsage ?? 'ENCRYPT_DECRYPT' };
}

export function rotationText(key: Pick<KeySummary, 'rotationEnabled' | 'rotationPeriodInDays'> & Partial<Pick<KeySummary, 'keySpec'>>): string {
  // KMS rotates only symmetric encryption keys automatically.
  if (key.keySpec !== undefined && key.keySpec !== 'SYMMETRIC_DEFAULT') return 'Not available';
  if (!key.rotationEnabled) return 'Off';
  // No-break spaces: a narrow column wraps after "On," and never inside the period.
  return key.rotationPeriodInDays === undefined ? 'On' : `On, every\u00a0${key.rotationPeriodInDays}\u00a0days`;
}

/**
 * Material versions count from 0, as the envelope diagram and the trace
 * captions do. A key waiting for imported material has none that encrypts.
 */
export function materialText(key: Pick<KeySummary, 'materialVersions' | 'currentVersion'>): string {
  if (key.currentVersion < 0) return key.materialVersions === 0 ? 'None yet: waiting for imported key material' : 'None current';
  const count = key.materialVersions === 1 ? '1 version' : `${key.materialVersions} versions`;
  return `${count}; version ${key.currentVersion} encrypts now`;
}

/**
 * The learner's own keys always show; AWS managed keys (created by services
 * such as S3) only on request, since a new account already has several.
 */
export function visibleKeys(keys: readonly KeySummary[], showAwsManaged: boolean): KeySummary[] {
  return showAwsManaged ? [...keys] : keys.filter((k) => k.keyManager === 'CUSTOMER');
}

export type RowAction = 'select' | 'next' | 'previous' | 'first' | 'last';

/** Keyboard on a focused key row: Enter/Space select, arrows and Home/End move between rows. */
export function rowAction(key: string): RowAction | undefined {
  switch (key) {
    case 'Enter':
    case ' ':
    case 'Spacebar':
      return 'select';
    case 'ArrowDown':
      return 'next';
    case 'ArrowUp':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return undefined;
  }
}

/** The row index a movement lands on, clamped to the table (no wrap: the ends are felt). */
export function moveIndex(action: Exclude<RowAction, 'select'>, at: number, count: number): number {
  if (count === 0) return -1;
  const to = { next: at + 1, previous: at - 1, first: 0, last: count - 1 }[action];
  return Math.min(count - 1, Math.max(0, to));
}
