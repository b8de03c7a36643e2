/** What every group of the browser benchmark is given, and the names of the states it measures at. */
import type { Browser } from 'playwright-core';
import type { GrowMode } from './sandbox-state.ts';

export interface BenchContext {
  browser: Browser;
  siteUrl: string;
  /** The build being served. */
  dist: string;
  runs: number;
  grow: GrowMode;
  log(text: string): void;
}

export const DESKTOP = { viewport: { width: 1280, height: 720 } };
export const FRESH = 'fresh';
export const LARGE = '1,000 keys + 10,000 events';
export const RESTORED = `${LARGE}, reloaded`;
