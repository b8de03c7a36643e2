/**
 * `aws sts get-caller-identity`, the one STS call KMS Lab answers: who the
 * current profile's principal is. Its shapes are the STS model's (facts).
 */
import type { ShapeDef } from '../kms/api-model-types.ts';
import type { Principal } from '../kms/principals.ts';
import type { CliCommand } from './model.ts';
import type { ShapeTable } from './validate.ts';

export const STS_SHAPES: ShapeTable = {
  GetCallerIdentityRequest: { type: 'structure', members: {} },
  GetCallerIdentityResponse: { type: 'structure', members: { UserId: 'userIdType', Account: 'accountType', Arn: 'arnType' } },
  userIdType: { type: 'string' },
  accountType: { type: 'string' },
  arnType: { type: 'string', min: 20, max: 2048 } satisfies ShapeDef,
};

export const GET_CALLER_IDENTITY: CliCommand = {
  name: 'get-caller-identity',
  operation: 'GetCallerIdentity',
  input: 'GetCallerIdentityRequest',
  output: 'GetCallerIdentityResponse',
  params: [],
  implemented: true,
};

export function callerIdentity(principal: Principal, accountId: string): { UserId: string; Account: string; Arn: string } {
  return { UserId: principal.principalId, Account: accountId, Arn: principal.arn };
}

/** The Query-protocol response STS would send, for --debug. */
export function callerIdentityXml(identity: { UserId: string; Account: string; Arn: string }): string {
  return [
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    '  <GetCallerIdentityResult>',
    `    <Arn>${identity.Arn}</Arn>`,
    `    <UserId>${identity.UserId}</UserId>`,
    `    <Account>${identity.Account}</Account>`,
    '  </GetCallerIdentityResult>',
    '</GetCallerIdentityResponse>',
  ].join('\n');
}
