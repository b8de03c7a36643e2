/** The order a quiz shows each question's options in: fresh on every attempt, shared by a class that uses `?seed=N`. */

/** Where an attempt's orders come from: the class seed (same for everyone) or this browser's randomness. */
export type OrderSource = { seed: number; attempt: number } | { random: () => number };

/** The class-mode seed from a page address's query (`?seed=N`, a whole number ≥ 0), as the sandbox reads it. */
export function classSeed(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('seed');
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const seed = Number(raw);
  return Number.isSafeInteger(seed) ? seed : undefined;
}

/** FNV-1a: a stable 32-bit number for a string, so a seed and a question id give one stream. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: a small, well-spread generator; quality is ample for shuffling four options. */
function generator(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The option indexes of one question in display order (Fisher–Yates). */
export function optionOrder(questionId: string, count: number, source: OrderSource): number[] {
  // Seeded: seed + question id + attempt, so a class sees one order per attempt whatever the question's position.
  const next = 'seed' in source ? generator(hash(`${source.seed}:${questionId}:${source.attempt}`)) : source.random;
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(next() * (i + 1)));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Randomness for learners on their own: the browser's CSPRNG, so nobody can predict the next order. */
export function browserRandom(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}

/** The orders for one attempt at a quiz, keyed by question id. */
export function attemptOrders(
  questions: readonly { id: string; options: readonly unknown[] }[],
  attempt: number,
  seed: number | undefined,
  random: () => number = browserRandom,
): Record<string, number[]> {
  const source: OrderSource = seed === undefined ? { random } : { seed, attempt };
  return Object.fromEntries(questions.map((q) => [q.id, optionOrder(q.id, q.options.length, source)]));
}
