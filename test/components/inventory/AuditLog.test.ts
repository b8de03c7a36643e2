import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import AuditLog, { type AuditLogProps } from '../../../src/components/inventory/AuditLog.tsx';
import { AUDIT_MEMORY_LIMIT } from '../../../src/kms/audit.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';
import { buildScenario, html, text, type Scenario } from './scenario.ts';

const render = (props: AuditLogProps) => html(renderToStaticMarkup(createElement(AuditLog, props)));

/** The event rows (each is followed by its hidden detail row). */
const eventRows = (doc: ReturnType<typeof html>) => doc.querySelectorAll('tbody tr.inv-row');
/** The action's name, without the disclosure triangle (aria-hidden). */
const action = (row: ReturnType<typeof html>) => text(row.querySelector('button')).replace(/^[▸▾] /, '');

describe('AuditLog', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario();
  });

  it('lists every event newest first with time, who, action, key and result', () => {
    const doc = render({ sandbox: s.sandbox });
    const log = s.sandbox.kms.auditLog();
    const rows = eventRows(doc);
    expect(rows).toHaveLength(log.length);
    const times = rows.map((r) => Date.parse(r.querySelector('time')!.getAttribute('datetime')!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(rows.map(action).indexOf('RotateKey')).toBeLessThan(rows.map(action).indexOf('DeleteKey'));
    expect(text(doc.querySelector('caption'))).toMatch(/^Audit log \(CloudTrail events\) Newest first/);

    const newest = rows[0]!;
    expect(action(newest)).toBe('ListAliases');
    expect(newest.querySelector('th[scope=row] time')!.text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(text(newest.querySelectorAll('td')[0])).toBe('root Root');
    expect(text(newest.querySelector('.inv-badge-ok'))).toBe('✓ Success');

    const create = rows[rows.length - 1]!;
    expect(action(create)).toBe('CreateKey');
    expect(text(create.querySelectorAll('td')[2])).toBe('alias/demo'); // named by its alias today
  });

  it('shows who failed and why: the error code in the row, the message on expand', () => {
    const doc = render({ sandbox: s.sandbox });
    const denied = eventRows(doc).find((r) => text(r).includes('AccessDeniedException'))!;
    expect(denied.classList.contains('inv-failed')).toBe(true);
    expect(text(denied.querySelectorAll('td')[0])).toBe('Auditor IAMUser');
    expect(denied.querySelector('[title]')!.getAttribute('title')).toBe('arn:aws:iam::111122223333:user/Auditor');
    expect(text(denied.querySelector('.inv-badge-danger'))).toBe('✕ AccessDeniedException');
    expect(text(denied)).not.toContain('not authorized'); // the message waits for the expansion

    const button = denied.querySelector('button')!;
    expect(button.getAttribute('aria-expanded')).toBe('false');
    const detail = doc.getElementById(button.getAttribute('aria-controls')!)!;
    expect(detail.hasAttribute('hidden')).toBe(true);
    expect(detail.querySelector('td')!.getAttribute('colspan')).toBe('5');
  });

  it('expands an event to its error message and raw JSON', () => {
    const event = s.sandbox.kms.auditLog().find((e) => e.errorCode === 'AccessDeniedException')!;
    const doc = render({ sandbox: s.sandbox, initialExpanded: [event.eventID] });
    const button = doc.querySelectorAll('button[aria-expanded=true]');
    expect(button).toHaveLength(1);
    const detail = doc.getElementById(button[0]!.getAttribute('aria-controls')!)!;
    expect(detail.hasAttribute('hidden')).toBe(false);
    expect(text(detail.querySelector('.inv-error'))).toBe(`AccessDeniedException: ${event.errorMessage}`);
    const json = detail.querySelector('pre code')!.text;
    expect(JSON.parse(json)).toEqual(event);
    expect(json).toContain('\n  "eventName": "Encrypt",\n');
  });

  it('marks rotations and deletions by AWS as service events', () => {
    const doc = render({ sandbox: s.sandbox });
    const service = eventRows(doc).filter((r) => r.classList.contains('inv-service'));
    expect(new Set(service.map(action))).toEqual(new Set(['RotateKey', 'DeleteKey']));
    for (const row of service) {
      expect(text(row.querySelector('.inv-badge-service'))).toBe('⚙ AWS service event');
      expect(text(row)).toContain('kms.amazonaws.com · AWSService');
    }
    const rotation = s.sandbox.kms.auditLog().find((e) => e.eventName === 'RotateKey' && e.resources?.[0]?.ARN.endsWith(s.demo))!;
    const expanded = render({ sandbox: s.sandbox, initialExpanded: [rotation.eventID] });
    expect(text(expanded.querySelector('.inv-event'))).toContain('KMS rotated the key material on schedule');
  });

  it('keeps only failures with the filter on', () => {
    const doc = render({ sandbox: s.sandbox, initialFailuresOnly: true });
    expect(doc.querySelector('input[type=checkbox]')!.hasAttribute('checked')).toBe(true);
    const rows = eventRows(doc);
    expect(rows.map((r) => text(r.querySelector('.inv-badge-danger')))).toEqual(['✕ NotFoundException', '✕ AccessDeniedException']);
    // A call whose key never resolved shows what the caller typed.
    expect(text(rows[0]!.querySelectorAll('td')[2])).toBe('alias/nope');
    expect(text(doc.querySelector('.inv-toolbar'))).toContain(`${s.sandbox.kms.auditLog().length} events, 2 failures`);
  });

  it('says when there is nothing to show', async () => {
    const box = await Sandbox.create({ seed: 1 });
    expect(text(render({ sandbox: box }).querySelector('tbody'))).toMatch(/^No calls yet/);
    await runText(box.session, 'aws kms list-keys');
    expect(text(render({ sandbox: box, initialFailuresOnly: true }).querySelector('tbody'))).toMatch(/^No failed calls/);
  });

  it('renders at most the latest 200 events and says so', async () => {
    const box = await Sandbox.create({ seed: 1 });
    for (let i = 0; i < 205; i++) await box.kms.listKeys();
    await runText(box.session, 'aws kms describe-key --key-id alias/aws/s3');
    const doc = render({ sandbox: box });
    const rows = eventRows(doc);
    expect(rows).toHaveLength(200);
    expect(action(rows[0]!)).toBe('DescribeKey');
    expect(text(doc.querySelector('.inv-note'))).toBe('Showing the latest 200 of 206 events; older ones are not listed here.');
    expect(render({ sandbox: box, limit: 5 }).querySelectorAll('tbody tr.inv-row')).toHaveLength(5);
  });

  it('counts every event since the sandbox began, beyond the newest ones kept in memory', async () => {
    const box = await Sandbox.create({ seed: 1 });
    for (let i = 0; i < AUDIT_MEMORY_LIMIT + 200; i++) await box.kms.listKeys();
    await runText(box.session, 'aws kms describe-key --key-id alias/nope');
    const doc = render({ sandbox: box });
    const total = (AUDIT_MEMORY_LIMIT + 201).toLocaleString('en-US');
    expect(text(doc.querySelector('.inv-toolbar'))).toContain(`${total} events, 1 failure`);
    expect(text(doc.querySelector('.inv-note'))).toBe(`Showing the latest 200 of ${total} events; older ones are not listed here.`);
    expect(action(eventRows(doc)[0]!)).toBe('DescribeKey');
  });
});
