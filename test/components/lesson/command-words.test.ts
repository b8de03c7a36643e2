import { describe, expect, it } from 'vitest';
import { commandParts } from '../../../src/components/lesson/command-words.ts';

describe('commandParts', () => {
  it('keeps flags and values whole and the blanks between them as they were', () => {
    const command = 'aws kms enable-key-rotation  --key-id $KEY\n--rotation-period-in-days 90';
    const parts = commandParts(command);
    expect(parts.map((p) => p.text).join('')).toBe(command);
    expect(parts.filter((p) => p.word).map((p) => p.text)).toEqual(['aws', 'kms', 'enable-key-rotation', '--key-id', '$KEY', '--rotation-period-in-days', '90']);
    expect(parts.filter((p) => !p.word).map((p) => p.text)).toEqual([' ', ' ', '  ', ' ', '\n', ' ']);
  });

  it('has no empty parts at the ends', () => {
    expect(commandParts(' ls ')).toEqual([
      { text: ' ', word: false },
      { text: 'ls', word: true },
      { text: ' ', word: false },
    ]);
  });
});
