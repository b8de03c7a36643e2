import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import KeyInventory, { KEY_WINDOW, type KeyInventoryProps } from '../../../src/components/inventory/KeyInventory.tsx';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';
import { buildScenario, html, text, type Scenario } from './scenario.ts';

const render = (props: KeyInventoryProps) => html(renderToStaticMarkup(createElement(KeyInventory, props)));

describe('KeyInventory', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario();
  });

  it("lists the learner's keys with alias, badges, origin, rotation and UTC creation date", () => {
    const doc = render({ sandbox: s.sandbox });
    const table = doc.querySelector('table')!;
    expect(text(table.querySelector('caption'))).toMatch(/^Keys in this account 2 shown, \d+ AWS managed hidden/);
    expect(table.querySelectorAll('thead th').every((th) => th.getAttribute('scope') === 'col')).toBe(true);

    const rows = table.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2); // the scheduled-for-deletion key is gone after `sim time +200d`
    const [demo, disabled] = rows;
    expect(demo!.querySelector('th[scope=row]')!.text).toBe('alias/demo');
    expect(text(demo)).toContain('Customer managed');
    expect(text(demo)).toContain('Enabled');
    expect(text(demo)).toContain('AWS_KMS');
    expect(text(demo)).toContain('On, every 180 days');
    expect(text(demo)).toContain('SYMMETRIC_DEFAULT ENCRYPT_DECRYPT');
    expect(demo!.querySelector('time')!.text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(text(demo)).toContain('demo');

    expect(text(disabled!.querySelector('th'))).toBe('no alias');
    expect(disabled!.querySelector('.inv-badge-off')!.text).toContain('Disabled');
    expect(text(disabled)).toContain('old app key');
    expect(text(disabled)).toContain('Off');
  });

  it('shortens key IDs in the middle and keeps the full ID for tooltips and screen readers', () => {
    const row = render({ sandbox: s.sandbox }).querySelectorAll('tbody tr')[0]!;
    const id = row.querySelector('[title]')!;
    expect(id.getAttribute('title')).toBe(s.demo);
    expect(id.querySelector('[aria-hidden=true]')!.text).toBe(`${s.demo.slice(0, 6)}…${s.demo.slice(-6)}`);
    expect(id.querySelector('.visually-hidden')!.text).toBe(s.demo);
  });

  it('makes rows focusable controls of the details panel, none selected at first', () => {
    const doc = render({ sandbox: s.sandbox });
    const rows = doc.querySelectorAll('tbody tr');
    const details = rows[0]!.getAttribute('aria-controls')!;
    expect(doc.getElementById(details)).not.toBeNull();
    for (const row of rows) {
      expect(row.getAttribute('tabindex')).toBe('0');
      expect(row.getAttribute('aria-selected')).toBe('false');
      expect(row.getAttribute('aria-controls')).toBe(details);
    }
    expect(text(doc.getElementById(details))).toMatch(/Select a key/);
  });

  it('shows AWS managed keys, with their own badge, when asked', () => {
    const doc = render({ sandbox: s.sandbox, initialShowAwsManaged: true });
    expect(doc.querySelector('input[type=checkbox]')!.hasAttribute('checked')).toBe(true);
    const rows = doc.querySelectorAll('tbody tr');
    expect(rows.length).toBe(s.sandbox.kms.inventory().length);
    const s3 = rows.find((r) => r.querySelector('th')!.text === 'alias/aws/s3')!;
    expect(s3.querySelector('.inv-badge-aws')!.text).toBe('AWS managed');
    expect(text(s3)).toContain('On, every 365 days');
  });

  it("opens a selected key's details: full IDs, tags, material versions and the policy indented", () => {
    const doc = render({ sandbox: s.sandbox, initialSelectedKeyId: s.demo });
    const selected = doc.querySelectorAll('tbody tr').filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected).toHaveLength(1);
    expect(selected[0]!.classList.contains('inv-selected')).toBe(true);
    const details = doc.getElementById(selected[0]!.getAttribute('aria-controls')!)!;
    const section = details.querySelector('section')!;
    expect(doc.getElementById(section.getAttribute('aria-labelledby')!)!.text).toBe('alias/demo');
    expect(text(details)).toContain(s.demo);
    expect(text(details)).toContain(`arn:aws:kms:us-east-1:111122223333:key/${s.demo}`);
    expect(text(details.querySelector('.inv-tags'))).toBe('teamred');
    // Rotated once by `sim time +200d` (period 180 days).
    expect(text(details)).toContain('2 versions; version 1 encrypts now');
    const policy = details.querySelector('pre code')!.text;
    expect(policy).toContain('\n  "Version": "2012-10-17",\n');
    expect(JSON.parse(policy)).toEqual(JSON.parse(s.sandbox.kms.inventory().find((k) => k.keyId === s.demo)!.policy));
  });

  it('drops the details of a key that is no longer listed', () => {
    const aws = s.sandbox.kms.inventory().find((k) => k.keyManager === 'AWS')!;
    const doc = render({ sandbox: s.sandbox, initialSelectedKeyId: aws.keyId }); // AWS managed hidden
    expect(doc.querySelector('.inv-details')).toBeNull();
    expect(doc.querySelectorAll('[aria-selected=true]')).toHaveLength(0);
  });

  it('reads sandbox.kms afresh: after sim reset the table is empty and says how to start', async () => {
    const { sandbox, run } = await buildScenario();
    expect(render({ sandbox }).querySelectorAll('tbody tr')).toHaveLength(2);
    await run('sim reset');
    const doc = render({ sandbox });
    const rows = doc.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(1);
    expect(text(rows[0])).toContain('No customer managed keys yet');
    // The message spans every column of the head.
    expect(rows[0]!.querySelector('td')!.getAttribute('colspan')).toBe(String(doc.querySelectorAll('thead th').length));
  });

  it('shows a pending deletion with its date', async () => {
    const { sandbox, run, disabled } = await buildScenario();
    await run(`aws kms schedule-key-deletion --key-id ${disabled} --pending-window-in-days 30`);
    const row = render({ sandbox }).querySelectorAll('tbody tr')[1]!;
    expect(row.querySelector('.inv-badge-danger')!.text).toContain('Pending deletion');
    expect(text(row)).toMatch(/deleted at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
  });

  it('draws only the newest KEY_WINDOW keys of a large account, says so and offers the rest', async () => {
    const box = await Sandbox.create({ seed: 5 });
    for (let i = 0; i < KEY_WINDOW + 10; i++) await box.kms.createKey({ Description: `bulk ${i}` });
    const doc = render({ sandbox: box });
    const rows = doc.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(KEY_WINDOW);
    expect(text(rows.at(-1)!)).toContain(`bulk ${KEY_WINDOW + 9}`);
    expect(text(rows[0]!)).toContain('bulk 10');
    expect(text(doc.querySelector('.inv-more span'))).toBe(`Showing the newest ${KEY_WINDOW} of ${KEY_WINDOW + 10} keys.`);
    expect(doc.querySelectorAll('.inv-more button').map(text)).toEqual(['Show 10 older', `Show all ${KEY_WINDOW + 10}`]);
    expect(text(doc.querySelector('caption'))).toContain(`${KEY_WINDOW} shown (the newest; 10 older not drawn)`);
    // The details of a key outside the window still open.
    const oldest = box.kms.inventory().find((k) => k.description === 'bulk 0')!;
    expect(text(render({ sandbox: box, initialSelectedKeyId: oldest.keyId }).querySelector('.inv-details'))).toContain(oldest.keyId);
  });

  it('names an asymmetric key by its spec and usage, and shows no automatic rotation for it', async () => {
    const sandbox = await Sandbox.create({ seed: 5 });
    const created = await runText(sandbox.session, 'aws kms create-key --key-spec ECC_NIST_P256 --key-usage SIGN_VERIFY --description signer');
    expect(created.exitCode, created.stderr).toBe(0);
    const row = render({ sandbox }).querySelectorAll('tbody tr').find((r) => text(r).includes('signer'))!;
    expect(text(row)).toContain('ECC_NIST_P256 SIGN_VERIFY');
    expect(text(row)).toContain('Not available');
  });
});
