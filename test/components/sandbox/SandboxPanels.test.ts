import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPanelFeed } from '../../../src/components/sandbox/panel-feed.ts';
import SandboxPanels from '../../../src/components/sandbox/SandboxPanels.tsx';
import { buildScenario, html, type Scenario } from '../inventory/scenario.ts';

describe('SandboxPanels', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario();
  });

  it('draws only the shown tab at first: the keys and the audit log wait until their tab is chosen', () => {
    const feed = createPanelFeed(s.sandbox.session);
    const doc = html(renderToStaticMarkup(createElement(SandboxPanels, { sandbox: s.sandbox, feed })));
    const panel = (id: string) => doc.querySelector(`#sbx-panel-${id}`)!;
    expect(doc.querySelectorAll('[role=tab]').map((tab) => tab.getAttribute('aria-selected'))).toEqual(['true', 'false', 'false']);
    expect(panel('envelope').childNodes.length).toBeGreaterThan(0);
    // The scenario has keys and audit events, yet their hidden panels hold nothing yet.
    for (const id of ['keys', 'log']) {
      expect(panel(id).getAttribute('hidden')).not.toBeNull();
      expect(panel(id).childNodes).toHaveLength(0);
    }
  });
});
