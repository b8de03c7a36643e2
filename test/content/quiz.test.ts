/**
 * The quizzes cannot be gamed from their source: correct answers are spread over
 * the option positions, no two questions ask the same thing, and the lesson that
 * teaches encryption context shows it failing and working with ▶ commands.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { lessonSchema, type Question } from '../../src/lib/content-schema.ts';

const lessonsDir = join(import.meta.dirname, '../../content/lessons');
const lessons = readdirSync(lessonsDir)
  .filter((name) => name.endsWith('.mdx'))
  .map((name) => {
    const source = readFileSync(join(lessonsDir, name), 'utf8');
    return { id: name.replace(/\.mdx$/, ''), source, data: lessonSchema.parse(parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(source)![1]!)) };
  });
const questions: Question[] = lessons.flatMap((l) => l.data.quiz);
const correctPositions = (q: Question) => q.options.flatMap((o, i) => (o.correct ? [i] : []));

/** Share of the correct answers that each source position holds. */
function shares(qs: Question[]): number[] {
  const counts: number[] = [];
  for (const q of qs) for (const p of correctPositions(q)) counts[p] = (counts[p] ?? 0) + 1;
  const total = counts.reduce((a, b) => a + (b ?? 0), 0);
  return Array.from(counts, (n) => (n ?? 0) / total);
}

describe('positions of the correct answers in the source', () => {
  it('has no position holding more than 35 % of the correct answers', () => {
    const all = shares(questions);
    expect(Math.max(...all), `shares by position: ${all.map((s) => s.toFixed(2)).join(', ')}`).toBeLessThanOrEqual(0.35);
  });

  it('has no favourite position among single-answer questions either', () => {
    const single = shares(questions.filter((q) => q.kind === 'single'));
    expect(Math.max(...single), `shares by position: ${single.map((s) => s.toFixed(2)).join(', ')}`).toBeLessThanOrEqual(0.35);
  });

  it('does not put the answers of "choose two" in the first two options (or any one pair) in more than 35 % of them', () => {
    const multiple = questions.filter((q) => q.kind === 'multiple');
    const pairs = new Map<string, number>();
    for (const q of multiple) pairs.set(correctPositions(q).join(), (pairs.get(correctPositions(q).join()) ?? 0) + 1);
    for (const [pair, n] of pairs) expect(n / multiple.length, `correct options at ${pair}`).toBeLessThanOrEqual(0.35);
  });

  it('does not give the answer away as the last option of five either', () => {
    const five = questions.filter((q) => q.options.length === 5);
    const last = five.filter((q) => q.options[4]!.correct).length;
    // Two of five options are correct in these questions: the last one should be right about 40 % of the time.
    expect(last / five.length).toBeLessThanOrEqual(0.6);
  });
});

describe('lengths of the options', () => {
  // Rank of each correct option by length among its question's options: 0 = the longest.
  const rank = (q: Question, option: Question['options'][number]) => q.options.filter((o) => o.text.length > option.text.length).length;

  it('do not point at the answer: in single-answer questions the correct option is the longest, second, third or shortest about equally often', () => {
    const single = questions.filter((q) => q.kind === 'single');
    const ranks = [0, 0, 0, 0, 0];
    for (const q of single) ranks[rank(q, q.options.find((o) => o.correct)!)]!++;
    // "Always pick the longest" scored 37 of 43 here before the options were rewritten.
    for (const n of ranks) expect(n / single.length, `ranks by length (longest first): ${ranks.join(', ')}`).toBeLessThanOrEqual(0.35);
  });

  it('do not point at the answers of "choose two": they are the two longest options in at most 35 % of those questions', () => {
    const multiple = questions.filter((q) => q.kind === 'multiple');
    const twoLongest = multiple.filter((q) => q.options.filter((o) => o.correct).every((o) => rank(q, o) < 2)).length;
    expect(twoLongest / multiple.length).toBeLessThanOrEqual(0.35);
  });
});

describe('the questions', () => {
  const stop = new Set(
    'a an the of to and or in on is are it its with for by that this which what be as at from not no can you your their them they when only one two does do has have choose'.split(' '),
  );
  const words = (text: string) =>
    new Set(
      text
        .toLowerCase()
        .replace(/[^a-z0-9/:_-]+/g, ' ')
        .split(' ')
        .filter((w) => w.length > 2 && !stop.has(w)),
    );
  // What a question tests: its wording plus its correct answers.
  const gist = (q: Question) => words(`${q.question} ${q.options.filter((o) => o.correct).map((o) => o.text).join(' ')}`);

  it('do not ask the same thing twice (no pair shares 30 % of its key words)', () => {
    // The three 4 KB questions and the two "decrypt without --key-id" ones scored 0.33 to 0.47 here.
    const close: string[] = [];
    for (let i = 0; i < questions.length; i++) {
      for (let j = i + 1; j < questions.length; j++) {
        const a = gist(questions[i]!);
        const b = gist(questions[j]!);
        const shared = [...a].filter((w) => b.has(w)).length;
        const similarity = shared / (a.size + b.size - shared);
        if (similarity >= 0.3) close.push(`${questions[i]!.id} ~ ${questions[j]!.id} (${similarity.toFixed(2)})`);
      }
    }
    expect(close).toEqual([]);
  });

  it('explain every option in their own words, with distinct option texts', () => {
    for (const q of questions) {
      expect(new Set(q.options.map((o) => o.text)).size, q.id).toBe(q.options.length);
      expect(new Set(q.options.map((o) => o.why)).size, q.id).toBe(q.options.length);
    }
  });

  it('test encryption context, grants and the account statement, alias rules and on-demand rotation', () => {
    const ids = new Set(questions.map((q) => q.id));
    for (const id of ['api-calls-encryption-context', 'setup-account-statement', 'setup-alias-rules', 'managed-on-demand-rotation', 'setup-persistent-resources']) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});

describe('encryption context in the API calls lesson', () => {
  const lesson = lessons.find((l) => l.id === 'kms-api-calls')!;
  // The lesson's <Run> blocks in order (course.test.ts replays them all through the shell).
  const blocks = [...lesson.source.matchAll(/<Run command="([^"]*)"( expect="error")? \/>/g)].map((m) => ({ command: m[1]!, expectError: m[2] !== undefined }));

  it('encrypts with a context, fails to decrypt without it and decrypts with it, as ▶ commands', () => {
    const encrypt = blocks.findIndex((b) => /^aws kms encrypt .*--encryption-context project=orders/.test(b.command));
    expect(encrypt).toBeGreaterThanOrEqual(0);
    const [without, withContext] = blocks.slice(encrypt + 1, encrypt + 3);
    expect(without).toEqual({ command: 'aws kms decrypt --ciphertext-blob fileb://contextsecret.txt', expectError: true });
    expect(withContext!.command).toContain('--encryption-context project=orders');
    expect(withContext!.expectError).toBe(false);
    expect(lesson.source).toContain('InvalidCiphertextException');
  });
});
