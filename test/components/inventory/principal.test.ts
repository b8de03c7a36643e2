import { describe, expect, it } from 'vitest';
import { principalLabel, shortPrincipalName } from '../../../src/components/inventory/principal.ts';

describe('shortPrincipalName', () => {
  it('keeps the readable end of IAM and STS ARNs', () => {
    expect(shortPrincipalName('arn:aws:iam::111122223333:root')).toBe('root');
    expect(shortPrincipalName('arn:aws:iam::111122223333:user/KeyAdmin')).toBe('KeyAdmin');
    expect(shortPrincipalName('arn:aws:iam::111122223333:user/team/Auditor')).toBe('team/Auditor');
    expect(shortPrincipalName('arn:aws:iam::111122223333:role/AppRole')).toBe('AppRole');
    // The session name tells apart two callers sharing one role.
    expect(shortPrincipalName('arn:aws:sts::111122223333:assumed-role/AppRole/app-session')).toBe('AppRole/app-session');
  });

  it('returns anything that is not an ARN unchanged', () => {
    expect(shortPrincipalName('kms.amazonaws.com')).toBe('kms.amazonaws.com');
    expect(shortPrincipalName('arn:aws:iam')).toBe('arn:aws:iam');
  });
});

describe('principalLabel', () => {
  it('names a caller by ARN and keeps the CloudTrail type', () => {
    expect(principalLabel({ type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/Auditor', accountId: '111122223333', userName: 'Auditor' })).toEqual({
      name: 'Auditor',
      type: 'IAMUser',
      full: 'arn:aws:iam::111122223333:user/Auditor',
    });
  });

  it('names the service for events KMS records on its own', () => {
    expect(principalLabel({ type: 'AWSService', accountId: '111122223333', invokedBy: 'kms.amazonaws.com' })).toEqual({
      name: 'kms.amazonaws.com',
      type: 'AWSService',
      full: 'kms.amazonaws.com',
    });
  });
});
