import { describe, expect, it } from 'vitest';
import { tryCommand } from '../../../src/components/course/CreateKeyWizard.tsx';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';
import { consoleKeyPolicy } from '../../../src/kms/policy.ts';

describe("the Create key wizard's command to try", () => {
  it('encrypts as a key user the learner chose, the application role first, else as the root user', async () => {
    const box = await Sandbox.create({ seed: 5 });
    const principals = box.kms.principals();
    const arn = (name: string) => principals.find((p) => p.name === name)!.policyArn;
    expect(tryCommand('alias/x', [arn('auditor'), arn('app')], principals)).toBe('aws kms encrypt --key-id alias/x --plaintext aGk= --profile app');
    expect(tryCommand('alias/x', [arn('auditor')], principals)).toBe('aws kms encrypt --key-id alias/x --plaintext aGk= --profile auditor');
    expect(tryCommand('alias/x', [], principals)).toBe('aws kms encrypt --key-id alias/x --plaintext aGk=');
  });

  it('works as written for each choice of key users', async () => {
    for (const users of [['app'], ['auditor'], []]) {
      const box = await Sandbox.create({ seed: 6 });
      const principals = box.kms.principals();
      const arns = users.map((n) => principals.find((p) => p.name === n)!.policyArn);
      const policy = consoleKeyPolicy(box.kms.account, { administrators: [principals.find((p) => p.name === 'admin')!.policyArn], users: arns, allowDeletion: true });
      box.session.vfs.writeFile('/home/learner/policy.json', policy);
      const made = await runText(box.session, 'aws kms create-key --policy file://policy.json --query KeyMetadata.KeyId --output text > id && aws kms create-alias --alias-name alias/x --target-key-id $(cat id)');
      expect(made.exitCode, made.stderr).toBe(0);
      const tried = await runText(box.session, tryCommand('alias/x', arns, principals));
      expect(tried.exitCode, `${users}: ${tried.stderr}`).toBe(0);
    }
  });
});
