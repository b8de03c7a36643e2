/**
 * What the stacked (card) layout of both tables relies on: every body cell names its
 * column in data-label, in the header's order, and the table roles are explicit, so a
 * screen reader still reads a table with headers once CSS turns rows into cards.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import AuditLog from '../../../src/components/inventory/AuditLog.tsx';
import KeyInventory from '../../../src/components/inventory/KeyInventory.tsx';
import { buildScenario, html, type Scenario } from './scenario.ts';

describe('tables that can stack into labelled cards', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario();
  });

  const tables = () => ({
    keys: html(renderToStaticMarkup(createElement(KeyInventory, { sandbox: s.sandbox, initialShowAwsManaged: true }))),
    log: html(renderToStaticMarkup(createElement(AuditLog, { sandbox: s.sandbox }))),
  });

  it.each(['keys', 'log'] as const)('%s: each cell is labelled with its column header, in order', (which) => {
    const doc = tables()[which];
    const headers = doc.querySelectorAll('thead th').map((th) => th.text.trim());
    expect(headers.length).toBeGreaterThanOrEqual(5);
    const rows = doc.querySelectorAll('tbody tr.inv-row');
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      const labels = row.querySelectorAll('th, td').map((cell) => cell.getAttribute('data-label'));
      expect(labels).toEqual(headers);
    }
  });

  it.each(['keys', 'log'] as const)('%s: table roles are spelled out', (which) => {
    const doc = tables()[which];
    expect(doc.querySelector('table')!.getAttribute('role')).toBe('table');
    expect(doc.querySelectorAll('thead th').every((th) => th.getAttribute('role') === 'columnheader')).toBe(true);
    for (const row of doc.querySelectorAll('tbody tr')) {
      expect(row.getAttribute('role')).toBe('row');
      for (const cell of row.querySelectorAll('th, td')) expect(cell.getAttribute('role')).toBe(cell.tagName === 'TH' ? 'rowheader' : 'cell');
    }
  });

  it('puts the key columns that tell keys apart first: alias, then state', () => {
    const headers = tables().keys.querySelectorAll('thead th').map((th) => th.text.trim());
    expect(headers.slice(0, 2)).toEqual(['Alias', 'State']);
  });
});
