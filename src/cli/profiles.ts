/**
 * KMS Lab's CLI profiles, apart from the CLI itself: `sim whoami` and tab completion name them
 * without the sandbox having to download the whole AWS CLI emulation first.
 */
import type { Kms } from '../kms/kms.ts';
import type { Principal } from '../kms/principals.ts';

export interface Profile {
  name: string;
  principal: Principal;
  description: string;
}

/** KMS Lab's fixed profiles: `default` is the account root, the others are named after their principal. */
export function profileList(kms: Kms): Profile[] {
  const principals = kms.principals();
  const root = principals.find((p) => p.name === 'root') ?? principals[0]!;
  return [{ name: 'default', principal: root, description: `same as root` }, ...principals.map((p) => ({ name: p.name, principal: p, description: p.description }))];
}

/** The profile the CLI would use: --profile, else AWS_PROFILE, else AWS_DEFAULT_PROFILE, else default (empty counts as unset). */
export function chosenProfile(kms: Kms, env: Record<string, string | undefined>, explicit?: string): { name: string; profile: Profile | undefined } {
  const name = explicit || env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default';
  return { name, profile: profileList(kms).find((p) => p.name === name) };
}
