import { describe, expect, it } from 'vitest';
import { neighbours, sortLessons } from '../../src/lib/lessons.ts';

const lesson = (id: string, order: number) => ({ id, data: { order } });

describe('sortLessons', () => {
  it('orders by the order field, not by input order', () => {
    const sorted = sortLessons([lesson('c', 3), lesson('a', 1), lesson('b', 2)]);
    expect(sorted.map((l) => l.id)).toEqual(['a', 'b', 'c']);
  });

  it('refuses two lessons with the same position', () => {
    expect(() => sortLessons([lesson('a', 1), lesson('b', 1)])).toThrow(/"a" and "b" both have order 1/);
  });
});

describe('neighbours', () => {
  const sorted = sortLessons([lesson('a', 1), lesson('b', 2), lesson('c', 3)]);

  it('has no previous lesson at the start and no next at the end', () => {
    expect(neighbours(sorted, 'a')).toEqual({ prev: undefined, next: sorted[1] });
    expect(neighbours(sorted, 'c')).toEqual({ prev: sorted[1], next: undefined });
  });

  it('links both ways in the middle', () => {
    expect(neighbours(sorted, 'b')).toEqual({ prev: sorted[0], next: sorted[2] });
  });

  it('fails loudly for an unknown lesson', () => {
    expect(() => neighbours(sorted, 'zz')).toThrow(/No lesson with id "zz"/);
  });
});
