/**
 * Who made a call, in a few characters: CloudTrail's userIdentity carries a
 * full ARN, which is too long for a table cell on a phone or a projector.
 */
import type { AuditEvent } from '../../kms/audit.ts';

export interface PrincipalLabel {
  /** `root`, `KeyAdmin`, `AppRole/app-session`, `kms.amazonaws.com`. */
  name: string;
  /** CloudTrail's userIdentity.type: Root, IAMUser, AssumedRole, AWSService. */
  type: string;
  /** The full ARN (or the service name) for a tooltip and the expanded row. */
  full: string;
}

/**
 * The readable part of an IAM or STS ARN: the resource after the fifth colon,
 * without its resource type (`user/`, `role/`, `assumed-role/`). An assumed
 * role keeps its session name, which tells apart callers sharing one role.
 */
export function shortPrincipalName(arn: string): string {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return arn;
  const resource = parts.slice(5).join(':');
  const slash = resource.indexOf('/');
  if (slash < 0) return resource; // `root`
  return resource.slice(slash + 1) || resource;
}

export function principalLabel(identity: AuditEvent['userIdentity']): PrincipalLabel {
  if (identity.arn) return { name: shortPrincipalName(identity.arn), type: identity.type, full: identity.arn };
  // Service events have no ARN: AWS itself acted (invokedBy names the service).
  const service = identity.invokedBy ?? 'AWS';
  return { name: service, type: identity.type, full: service };
}
