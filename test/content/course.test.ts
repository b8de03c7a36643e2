/**
 * The course replayed through the headless shell: every exercise fails before its
 * solution and passes after it, every ▶ command in every lesson runs (or fails where
 * the lesson says it should), and the quizzes meet the course's rules.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkExercise } from '../../src/components/course/exercise-checks.ts';
import { prepareLesson } from '../../src/components/sandbox/lesson-setup.ts';
import { lessonSchema, type LessonFrontmatter } from '../../src/lib/content-schema.ts';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';

const lessonsDir = join(import.meta.dirname, '../../content/lessons');
const studyNotesPath = join(import.meta.dirname, '../../../shared/study-notes.md');

interface Lesson {
  id: string;
  source: string;
  data: LessonFrontmatter;
}

const lessons: Lesson[] = readdirSync(lessonsDir)
  .filter((name) => name.endsWith('.mdx'))
  .map((name) => {
    const source = readFileSync(join(lessonsDir, name), 'utf8');
    const yaml = /^---\n([\s\S]*?)\n---\n/.exec(source)![1]!;
    return { id: name.replace(/\.mdx$/, ''), source, data: lessonSchema.parse(parseYaml(yaml)) };
  })
  .sort((a, b) => a.data.order - b.data.order);

/** `<Run command="…" />` blocks in document order; `expect="error"` marks a command meant to fail. */
export function runBlocks(source: string): { command: string; expectError: boolean }[] {
  // Attribute values may hold `>` (redirections), so quoted values are skipped whole.
  return [...source.matchAll(/<Run\b((?:"[^"]*"|'[^']*'|\{`[^`]*`\}|[^>"'{])*?)\/>/g)].map((m) => {
    const attrs = m[1]!;
    const command = /\bcommand=(?:"((?:[^"\\]|\\.)*)"|\{`([^`]*)`\}|'([^']*)')/.exec(attrs);
    if (!command) throw new Error(`a <Run> without a command: ${m[0]}`);
    const text = command[1] !== undefined ? command[1].replace(/\\"/g, '"') : (command[2] ?? command[3])!;
    return { command: text, expectError: /\bexpect="error"/.test(attrs) };
  });
}

/** Heading ids as Astro writes them (github-slugger on plain ASCII headings). */
function headingIds(source: string): Set<string> {
  return new Set(
    [...source.matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

async function freshSandbox(lesson: Lesson): Promise<Sandbox> {
  const sandbox = await Sandbox.create({ seed: 11 });
  await prepareLesson(sandbox, lesson.id, lesson.data.sandbox);
  return sandbox;
}

describe.each(lessons.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  it('runs every ▶ command as written, in order, failing only where the lesson says so', async () => {
    const sandbox = await freshSandbox(lesson);
    for (const { command, expectError } of runBlocks(lesson.source)) {
      const result = await runText(sandbox.session, command);
      if (expectError) expect(result.exitCode, `${command} should fail`).not.toBe(0);
      else expect(result.exitCode, `${command}\n${result.stderr}`).toBe(0);
    }
  });

  it.each(lesson.data.exercises.map((e) => [e.id, e] as const))('exercise %s fails before its solution and passes after it', async (_e, exercise) => {
    const sandbox = await freshSandbox(lesson);
    const before = await checkExercise(sandbox, exercise);
    expect(before.passed).toBe(false);
    for (const command of exercise.solution) {
      const result = await runText(sandbox.session, command);
      expect(result.exitCode, `${command}\n${result.stderr}`).toBe(0);
    }
    const after = await checkExercise(sandbox, exercise);
    expect(after.results.filter((r) => !r.passed).map((r) => r.missing)).toEqual([]);
  });

  it('links each quiz question to a heading of the lesson', () => {
    const ids = headingIds(lesson.source);
    for (const q of lesson.data.quiz) expect(ids.has(q.section), `${q.id} → #${q.section}`).toBe(true);
  });
});

describe('the course as a whole', () => {
  it('has at least one exercise and six questions per lesson, forty questions in all, with unique ids', () => {
    for (const lesson of lessons) {
      expect(lesson.data.exercises.length, lesson.id).toBeGreaterThanOrEqual(1);
      expect(lesson.data.quiz.length, lesson.id).toBeGreaterThanOrEqual(6);
    }
    const questions = lessons.flatMap((l) => l.data.quiz.map((q) => q.id));
    const exercises = lessons.flatMap((l) => l.data.exercises.map((e) => e.id));
    expect(questions.length).toBeGreaterThanOrEqual(40);
    expect(new Set(questions).size).toBe(questions.length);
    expect(new Set(exercises).size).toBe(exercises.length);
  });

  it.runIf(existsSync(studyNotesPath))('runs every command of the study notes as written, with a real key ID in place of YOURKEYIDHERE', async () => {
    const commands = [...readFileSync(studyNotesPath, 'utf8').matchAll(/^> (aws .+?)\s*$/gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThanOrEqual(6);
    const sandbox = await Sandbox.create({ seed: 3 });
    await runText(sandbox.session, 'echo "My secret data" > secret.txt');
    const keyId = (await runText(sandbox.session, 'aws kms create-key --query KeyMetadata.KeyId --output text')).stdout.trim();
    for (const command of commands) {
      const result = await runText(sandbox.session, command.replaceAll('YOURKEYIDHERE', keyId));
      expect(result.exitCode, `${command}\n${result.stderr}`).toBe(0);
    }
    expect((await runText(sandbox.session, 'cat decryptedsecret.txt')).stdout).toBe('My secret data\n');
  });
});
