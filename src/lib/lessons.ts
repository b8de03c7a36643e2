/** Course order helpers, kept free of Astro imports so they are unit-testable. */

export interface Ordered {
  id: string;
  data: { order: number };
}

/** Lessons in course order; two lessons claiming one position is an authoring error. */
export function sortLessons<T extends Ordered>(lessons: readonly T[]): T[] {
  const sorted = [...lessons].sort((a, b) => a.data.order - b.data.order);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.data.order === cur.data.order) {
      throw new Error(`Lessons "${prev.id}" and "${cur.id}" both have order ${cur.data.order}`);
    }
  }
  return sorted;
}

/** The lessons before and after `id` in a sorted list. */
export function neighbours<T extends Ordered>(
  sorted: readonly T[],
  id: string,
): { prev: T | undefined; next: T | undefined } {
  const index = sorted.findIndex((lesson) => lesson.id === id);
  if (index === -1) throw new Error(`No lesson with id "${id}"`);
  return { prev: sorted[index - 1], next: sorted[index + 1] };
}
