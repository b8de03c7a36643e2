import { parse, type HTMLElement } from 'node-html-parser';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import CreateKeyWizard, { type CreateKeyWizardProps } from '../../../src/components/course/CreateKeyWizard.tsx';
import {
  buildKeyPolicy,
  cliCommands,
  createFromWizard,
  firstInvalidStep,
  initialState,
  policyText,
  selectablePrincipals,
  validateAlias,
  validateStep,
  WizardError,
  type WizardState,
} from '../../../src/components/course/create-key-wizard.ts';
import { KmsError } from '../../../src/kms/errors.ts';
import type { Principal } from '../../../src/kms/principals.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

const ACCOUNT = '111122223333';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:user/KeyAdmin`;
const APP = `arn:aws:iam::${ACCOUNT}:role/AppRole`;
const AUDITOR = `arn:aws:iam::${ACCOUNT}:user/Auditor`;

/** The administrators' actions of the console's default key policy (AWS KMS Developer Guide, "Default key policy"). */
const ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

const state = (patch: Partial<WizardState> = {}): WizardState => ({ ...initialState(ACCOUNT), alias: 'orders', ...patch });

async function policyOf(sandbox: Sandbox, keyId: string): Promise<unknown> {
  return JSON.parse((await sandbox.kms.getKeyPolicy({ KeyId: keyId })).Policy ?? '');
}

async function rejection(promise: Promise<unknown>): Promise<WizardError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WizardError);
  return error as WizardError;
}

describe('buildKeyPolicy', () => {
  it('writes the console policy: account, administrators, users and persistent resources', () => {
    expect(buildKeyPolicy(ACCOUNT, [ADMIN], [APP], true)).toEqual({
      Id: 'key-consolepolicy-3',
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: ADMIN }, Action: ADMIN_ACTIONS, Resource: '*' },
        {
          Sid: 'Allow use of the key',
          Effect: 'Allow',
          Principal: { AWS: APP },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
        },
        {
          Sid: 'Allow attachment of persistent resources',
          Effect: 'Allow',
          Principal: { AWS: APP },
          Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
          Resource: '*',
          Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        },
      ],
    });
  });

  it('leaves out ScheduleKeyDeletion and CancelKeyDeletion when administrators may not delete the key', () => {
    const admins = buildKeyPolicy(ACCOUNT, [ADMIN], [], false).Statement[1]!;
    expect(admins.Action).toEqual(ADMIN_ACTIONS.filter((a) => a !== 'kms:ScheduleKeyDeletion' && a !== 'kms:CancelKeyDeletion'));
    expect(admins.Action).toContain('kms:RotateKeyOnDemand');
  });

  it('lists several principals as an array, drops repeats, and omits statements nobody is in', () => {
    const policy = buildKeyPolicy(ACCOUNT, [ADMIN, AUDITOR, ADMIN], [], true);
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['Enable IAM User Permissions', 'Allow access for Key Administrators']);
    expect(policy.Statement[1]!.Principal).toEqual({ AWS: [ADMIN, AUDITOR] });
    expect(buildKeyPolicy(ACCOUNT, [], [], true).Statement.map((s) => s.Sid)).toEqual(['Enable IAM User Permissions']);
    expect(buildKeyPolicy(ACCOUNT, [], [APP, AUDITOR], true).Statement.map((s) => s.Sid)).toEqual([
      'Enable IAM User Permissions',
      'Allow use of the key',
      'Allow attachment of persistent resources',
    ]);
  });

  it('lets administrators import key material into a key created without any', () => {
    expect(buildKeyPolicy(ACCOUNT, [ADMIN], [], true, 'EXTERNAL').Statement[1]!.Action).toEqual([...ADMIN_ACTIONS, 'kms:ImportKeyMaterial']);
  });
});

describe('validation', () => {
  it('explains what is wrong with an alias, as the console field takes it', () => {
    expect(validateAlias('orders')).toEqual([]);
    expect(validateAlias('team:a/b_c-1')).toEqual([]);
    expect(validateAlias('')).toEqual(['Enter an alias. The console requires one for a new key.']);
    expect(validateAlias('alias/orders')).toEqual(['Enter the name without the alias/ prefix: the console adds it for you.']);
    expect(validateAlias('aws/s3')).toEqual(['Aliases that begin with aws/ are reserved for AWS managed keys.']);
    expect(validateAlias('my key.v2')).toEqual([
      'An alias can contain only letters (a-z, A-Z), numbers (0-9), colons (:), slashes (/), underscores (_) and dashes (-). This one contains a space, ".".',
    ]);
    expect(validateAlias('a'.repeat(250))).toEqual([]);
    expect(validateAlias('a'.repeat(251))).toEqual(['The alias is too long: 257 characters with the alias/ prefix, and the limit is 256 (250 here).']);
    expect(validateAlias('aws/a b')).toHaveLength(2);
  });

  it('accepts exactly the aliases CreateAlias accepts', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    const { KeyMetadata } = await sandbox.kms.createKey({});
    // "alias/x" typed in the field becomes alias/alias/x, which AWS takes: the console's rule is stricter on purpose.
    const names = ['ok', 'Ok-1_2:3/4', 'a'.repeat(250), 'a'.repeat(251), 'aws/x', 'awsx', 'a b', 'ü', 'x.y', 'x@y', '-lead', '/'];
    for (const name of names) {
      const wizardSays = validateAlias(name).length === 0;
      const awsSays = await sandbox.kms.createAlias({ AliasName: `alias/${name}`, TargetKeyId: KeyMetadata.KeyId }).then(
        () => true,
        (e: unknown) => {
          expect(e).toBeInstanceOf(KmsError);
          return false;
        },
      );
      expect(wizardSays, name).toBe(awsSays);
    }
  });

  it('checks each step and finds the first to fix', () => {
    expect(validateStep(state({ origin: 'EXTERNAL' }), 'configure').map((i) => i.field)).toEqual(['acknowledgeExternal']);
    expect(validateStep(state({ origin: 'EXTERNAL', acknowledgeExternal: true }), 'configure')).toEqual([]);
    const tags = [
      { key: 'team', value: 'red' },
      { key: '', value: 'x' },
      { key: 'aws:owner', value: '' },
      { key: 'team', value: 'v'.repeat(257) },
    ];
    expect(validateStep(state({ tags }), 'labels')).toEqual([
      { field: 'tag-1-key', message: 'Enter a tag key, or remove this tag.' },
      { field: 'tag-2-key', message: 'Tag keys that begin with aws: are reserved for AWS.' },
      { field: 'tag-3-key', message: 'Each tag key must be unique: team is already used by an earlier tag.' },
      { field: 'tag-3-value', message: 'A tag value can have at most 256 characters.' },
    ]);
    expect(validateStep(state({ description: 'd'.repeat(8193) }), 'labels').map((i) => i.field)).toEqual(['description']);
    expect(firstInvalidStep(state({ alias: '' }))?.step).toBe('labels');
    expect(firstInvalidStep(state())).toBeUndefined();
  });
});

describe('createFromWizard', () => {
  it('creates the key with the built policy, its alias, description and tags', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    const choices = state({ description: 'Orders service data', tags: [{ key: 'team', value: 'payments' }], admins: [ADMIN], users: [APP] });
    const { keyId, alias } = await createFromWizard(sandbox, choices);
    expect(alias).toBe('alias/orders');
    expect(await policyOf(sandbox, keyId)).toEqual(buildKeyPolicy(ACCOUNT, [ADMIN], [APP], true));
    const key = sandbox.kms.inventory().find((k) => k.keyId === keyId)!;
    expect(key).toMatchObject({ aliases: ['alias/orders'], description: 'Orders service data', origin: 'AWS_KMS', state: 'Enabled', tags: [{ TagKey: 'team', TagValue: 'payments' }] });
    // Done as the account root, as the console's signed-in user would; the terminal's caller is put back.
    const calls = sandbox.kms.auditLog().filter((e) => e.eventName === 'CreateKey' || e.eventName === 'CreateAlias');
    expect(calls.map((e) => [e.eventName, e.userIdentity.arn])).toEqual([
      ['CreateKey', ROOT],
      ['CreateAlias', ROOT],
    ]);
  });

  it('gives the chosen principals what the console policy says, and no more', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    const { keyId } = await createFromWizard(sandbox, state({ alias: 'app-data', admins: [ADMIN], users: [APP] }));
    const run = (line: string) => runText(sandbox.session, line);

    const asAdmin = await run('aws kms encrypt --key-id alias/app-data --plaintext aGk= --profile admin');
    expect(asAdmin.exitCode).toBe(254);
    expect(asAdmin.stderr).toContain('AccessDeniedException');
    expect(asAdmin.stderr).toContain('user/KeyAdmin is not authorized to perform: kms:Encrypt');

    const asApp = await run('aws kms encrypt --key-id alias/app-data --plaintext aGk= --profile app --query KeyId --output text');
    expect(asApp.exitCode, asApp.stderr).toBe(0);

    // ScheduleKeyDeletion takes a key ID or ARN, not an alias.
    const appDeletes = await run(`aws kms schedule-key-deletion --key-id ${keyId} --profile app`);
    expect(appDeletes.exitCode).toBe(254);
    expect(appDeletes.stderr).toContain('AccessDeniedException');
    expect(appDeletes.stderr).toContain('kms:ScheduleKeyDeletion');

    // The administrator may: allowDeletion is on.
    const adminDeletes = await run(`aws kms schedule-key-deletion --key-id ${keyId} --pending-window-in-days 7 --profile admin`);
    expect(adminDeletes.exitCode, adminDeletes.stderr).toBe(0);
  });

  it('leaves deletion out of the key policy only: an IAM policy that allows it still does', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    const { keyId } = await createFromWizard(sandbox, state({ admins: [ADMIN, AUDITOR], allowDeletion: false }));
    // The Auditor is an administrator in the key policy, but neither it nor the Auditor's IAM policy allows deletion.
    const auditor = await runText(sandbox.session, `aws kms schedule-key-deletion --key-id ${keyId} --profile auditor`);
    expect(auditor.exitCode).toBe(254);
    expect(auditor.stderr).toContain('AccessDeniedException');
    // KeyAdmin's IAM policy allows kms:ScheduleKeyDeletion, and the account statement lets IAM policies count.
    const admin = await runText(sandbox.session, `aws kms schedule-key-deletion --key-id ${keyId} --profile admin`);
    expect(admin.exitCode, admin.stderr).toBe(0);
  });

  it('makes a key without key material for an External origin', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    const { keyId } = await createFromWizard(sandbox, state({ origin: 'EXTERNAL', acknowledgeExternal: true, admins: [ADMIN] }));
    expect(sandbox.kms.inventory().find((k) => k.keyId === keyId)).toMatchObject({ origin: 'EXTERNAL', state: 'PendingImport' });
    expect(await policyOf(sandbox, keyId)).toEqual(buildKeyPolicy(ACCOUNT, [ADMIN], [], true, 'EXTERNAL'));
  });

  it('refuses a taken alias in AWS’s words, at the alias step, before creating anything', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    await createFromWizard(sandbox, state());
    // What CreateAlias itself says about the name:
    const { KeyMetadata } = await sandbox.kms.createKey({});
    const aws = await sandbox.kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: KeyMetadata.KeyId }).then(
      () => undefined,
      (e: unknown) => e as KmsError,
    );
    expect(aws?.name).toBe('AlreadyExistsException');

    const keysBefore = sandbox.kms.inventory().length;
    const error = await rejection(createFromWizard(sandbox, state({ description: 'second' })));
    expect(error).toMatchObject({ name: 'AlreadyExistsException', message: aws!.message, step: 'labels', field: 'alias', keyId: undefined });
    expect(error.message).toBe('An alias with the name arn:aws:kms:us-east-1:111122223333:alias/orders already exists');
    expect(sandbox.kms.inventory()).toHaveLength(keysBefore);
  });

  it('places simulator errors at the step that caused them', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    // A principal the account does not have: CreateKey refuses the policy, which the review step shows.
    const error = await rejection(createFromWizard(sandbox, state({ admins: [`arn:aws:iam::${ACCOUNT}:user/Nobody`] })));
    expect(error).toMatchObject({ name: 'MalformedPolicyDocumentException', step: 'review', field: 'policy' });
    const invalid = await rejection(createFromWizard(sandbox, state({ alias: 'aws/mine' })));
    expect(invalid).toMatchObject({ step: 'labels', field: 'alias' });
    expect(sandbox.kms.inventory().filter((k) => k.keyManager === 'CUSTOMER')).toHaveLength(0);
  });
});

describe('cliCommands', () => {
  it('writes the policy with a here-document, creates the key and its alias', () => {
    const commands = cliCommands(state({ description: 'Orders', admins: [ADMIN], users: [APP] }));
    expect(commands).toHaveLength(3);
    expect(commands[0]).toBe(`cat > policy.json <<'EOF'\n${policyText(buildKeyPolicy(ACCOUNT, [ADMIN], [APP], true))}\nEOF`);
    expect(commands[1]).toBe('KEY_ID=$(aws kms create-key --description Orders --policy file://policy.json --query KeyMetadata.KeyId --output text)');
    expect(commands[2]).toBe('aws kms create-alias --alias-name alias/orders --target-key-id "$KEY_ID"');
  });

  const cases: [string, Partial<WizardState>][] = [
    ['administrators and users', { description: 'Orders service data', admins: [ADMIN], users: [APP, AUDITOR], tags: [{ key: 'team', value: 'payments' }] }],
    ['no deletion, imported material', { allowDeletion: false, origin: 'EXTERNAL', acknowledgeExternal: true, admins: [ADMIN, AUDITOR] }],
    ['awkward text', { description: `it's "quoted" $HOME\nand -dashed`, tags: [{ key: 'cost centre', value: 'a,b=c' }, { key: 'empty', value: '' }] }],
    ['a description that looks like an option', { description: '--not-an-option' }],
  ];

  it.each(cases)('run in a fresh sandbox, make the same key as the wizard (%s)', async (_, patch) => {
    const choices = state(patch);
    const viaWizard = await Sandbox.create({ seed: 1 });
    const { keyId } = await createFromWizard(viaWizard, choices);
    const viaCli = await Sandbox.create({ seed: 2 });
    for (const command of cliCommands(choices)) {
      const result = await runText(viaCli.session, command);
      expect(result.exitCode, `${command}\n${result.stderr}`).toBe(0);
    }
    const cliKeyId = viaCli.kms.names().aliasNames.includes('alias/orders') ? viaCli.kms.inventory().find((k) => k.aliases.includes('alias/orders'))!.keyId : '';
    expect(cliKeyId).not.toBe('');
    expect(await policyOf(viaCli, cliKeyId)).toEqual(await policyOf(viaWizard, keyId));
    const summary = (s: Sandbox, id: string) => {
      const { aliases, description, origin, state: keyState, tags } = s.kms.inventory().find((k) => k.keyId === id)!;
      return { aliases, description, origin, keyState, tags };
    };
    expect(summary(viaCli, cliKeyId)).toEqual(summary(viaWizard, keyId));
  });
});

// ---- the component, rendered on the server (no DOM library here) ----

function render(props: CreateKeyWizardProps = {}): HTMLElement {
  // <pre> parsed as elements too (node-html-parser keeps it as raw text by default).
  return parse(renderToStaticMarkup(createElement(CreateKeyWizard, props)), { blockTextElements: { script: true, style: true } });
}

const text = (element: HTMLElement | null | undefined) => (element?.text ?? '').replace(/\s+/g, ' ').trim();

/** The text of the <label for> of an input. */
function labelOf(doc: HTMLElement, input: HTMLElement): string {
  return text(doc.querySelector(`label[for="${input.id}"]`));
}

describe('CreateKeyWizard', () => {
  it('opens on step 1 with the step list, fieldsets and labelled choices', () => {
    const doc = render();
    const steps = doc.querySelectorAll('ol.wiz-steps > li');
    expect(steps.map(text)).toEqual([
      'Step 1 Configure key',
      'Step 2 Add labels',
      'Step 3 Define key administrative permissions',
      'Step 4 Define key usage permissions',
      'Step 5 Review',
    ]);
    expect(steps.map((s) => s.getAttribute('aria-current'))).toEqual(['step', undefined, undefined, undefined, undefined]);

    const form = doc.querySelector('form')!;
    const heading = doc.getElementById(form.getAttribute('aria-labelledby')!)!;
    expect(text(heading)).toBe('Step 1 of 5: Configure key');
    expect(heading.tagName).toBe('H4');
    expect(heading.getAttribute('tabindex')).toBe('-1');

    expect(doc.querySelectorAll('fieldset > legend').map(text)).toEqual(['Key type', 'Key usage', 'Key material origin', 'Regionality']);
    const inputs = form.querySelectorAll('input');
    for (const input of inputs) expect(labelOf(doc, input), input.id).not.toBe('');
    const byLabel = new Map(inputs.map((i) => [labelOf(doc, i), i]));
    expect(byLabel.get('Symmetric')!.hasAttribute('checked')).toBe(true);
    expect(byLabel.get('Asymmetric (not simulated here)')!.hasAttribute('disabled')).toBe(true);
    expect(byLabel.get('Encrypt and decrypt')!.hasAttribute('checked')).toBe(true);
    expect(byLabel.get('Generate and verify MAC (not simulated here)')!.hasAttribute('disabled')).toBe(true);
    expect(byLabel.get('KMS (recommended)')!.hasAttribute('checked')).toBe(true);
    expect(byLabel.get('External (Import key material)')!.hasAttribute('disabled')).toBe(false);
    expect(byLabel.get('AWS CloudHSM key store (not simulated here)')!.hasAttribute('disabled')).toBe(true);
    expect(byLabel.get('Multi-Region key (not simulated here)')!.hasAttribute('disabled')).toBe(true);
    // Hints are tied to their inputs.
    const symmetric = byLabel.get('Symmetric')!;
    expect(text(doc.getElementById(symmetric.getAttribute('aria-describedby')!))).toBe('A single key that encrypts and decrypts data.');

    const buttons = form.querySelectorAll('button');
    expect(buttons.map(text)).toEqual(['Next']); // no Back on the first step
    expect(buttons[0]!.getAttribute('type')).toBe('submit');
  });

  it('shows the alias field with its prefix, hint and resulting alias on step 2', () => {
    const doc = render({ initialStep: 'labels', initial: { alias: 'orders' } });
    const alias = doc.querySelectorAll('input').find((i) => labelOf(doc, i) === 'Alias')!;
    expect(alias.getAttribute('value')).toBe('orders');
    const described = alias.getAttribute('aria-describedby')!.split(' ').map((id) => text(doc.getElementById(id)));
    expect(described[0]).toMatch(/^Type the name without alias\/: the console adds it/);
    expect(described[1]).toBe("The key's alias will be alias/orders");
    expect(doc.querySelector('textarea')!.id).toBe(doc.querySelectorAll('label').find((l) => text(l) === 'Description (optional)')!.getAttribute('for'));
    expect(text(doc.querySelector('[aria-current="step"]'))).toBe('Step 2 Add labels');
    // Step 1 is done: a button back to it; Back and Next below.
    expect(text(doc.querySelector('.wiz-step-link'))).toBe('Step 1 Configure key');
    expect(doc.querySelectorAll('.wiz-actions button').map(text)).toEqual(['Back', 'Next']);
  });

  it('lists the sandbox principals (not the root) as administrators, with the deletion choice', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    const host = { sandbox, save: async () => {} };
    const doc = render({ host, initialStep: 'admins', initial: { admins: [ADMIN] } });
    const expected = selectablePrincipals(sandbox.kms.principals()).map((p: Principal) => p.name);
    expect(expected).toEqual(['admin', 'app', 'auditor']);
    const boxes = doc.querySelectorAll('input[type="checkbox"]');
    expect(boxes.map((b) => labelOf(doc, b))).toEqual([
      'KeyAdmin IAM user, profile admin',
      'AppRole IAM role, profile app',
      'Auditor IAM user, profile auditor',
      'Allow key administrators to delete this key.',
    ]);
    expect(boxes.map((b) => b.hasAttribute('checked'))).toEqual([true, false, false, true]);
    expect(doc.querySelectorAll('legend').map(text)).toEqual(['Key administrators', 'Key deletion']);
    expect(text(doc.getElementById(boxes[1]!.getAttribute('aria-describedby')!))).toContain(APP);
  });

  it('reviews the choices with the key policy JSON and the CLI commands', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    const choices = state({ admins: [ADMIN], users: [APP], allowDeletion: false });
    const doc = render({ host: { sandbox, save: async () => {} }, initialStep: 'review', initial: choices });
    const blocks = doc.querySelectorAll('pre.wiz-code');
    expect(JSON.parse(blocks[0]!.text)).toEqual(buildKeyPolicy(ACCOUNT, [ADMIN], [APP], false));
    expect(text(doc.getElementById(blocks[0]!.getAttribute('aria-labelledby')!))).toBe('Key policy');
    expect(blocks[1]!.text).toBe(cliCommands(choices).join('\n'));
    const submit = doc.querySelector('button[type="submit"]')!;
    expect(text(submit)).toBe('Create key');
    // As the server draws it: disabled until the island hydrates (a native submit would reload the page).
    expect(submit.hasAttribute('disabled')).toBe(true);
    expect(doc.querySelectorAll('.wiz-edit').map(text)).toEqual([
      'Edit step 1: Configure key',
      'Edit step 2: Add labels',
      'Edit step 3: Define key administrative permissions',
    ]);
  });
});
