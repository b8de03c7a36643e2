import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { guideSchema, lessonSchema } from '../../src/lib/content-schema.ts';

const lessonsDir = join(import.meta.dirname, '../../content/lessons');
const guidesDir = join(import.meta.dirname, '../../content/guides');
// The study outline lives beside the repository (shared/), not in it.
const studyNotesPath = join(import.meta.dirname, '../../../shared/study-notes.md');

function frontmatter(source: string): unknown {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (!match) throw new Error('no frontmatter block');
  return parseYaml(match[1]!);
}

const lessons = readdirSync(lessonsDir)
  .filter((name) => name.endsWith('.mdx'))
  .map((name) => {
    const source = readFileSync(join(lessonsDir, name), 'utf8');
    return { name, source, data: lessonSchema.parse(frontmatter(source)) };
  })
  .sort((a, b) => a.data.order - b.data.order);

const validLesson = {
  title: 'T',
  description: 'D',
  order: 1,
  outline: 'Data Key',
  objectives: ['Do a thing'],
};

describe('lesson frontmatter schema', () => {
  it('fills defaults for exam notes and sandbox set-up', () => {
    const parsed = lessonSchema.parse(validLesson);
    expect(parsed.examNotes).toEqual([]);
    expect(parsed.sandbox).toEqual({ files: [], commands: [] });
    expect(lessonSchema.parse({ ...validLesson, sandbox: { files: [{ path: 'a.txt', content: 'x' }] } }).sandbox.files[0]).toEqual({
      path: 'a.txt',
      content: 'x',
      encoding: 'utf8',
    });
  });

  it.each([
    ['a missing title', { ...validLesson, title: undefined }],
    ['no objectives', { ...validLesson, objectives: [] }],
    ['a position of 0', { ...validLesson, order: 0 }],
    ['a fractional position', { ...validLesson, order: 1.5 }],
    ['an unknown field (a typo)', { ...validLesson, objective: ['x'] }],
    ['a file outside the home directory', { ...validLesson, sandbox: { files: [{ path: '../etc/passwd', content: '' }] } }],
    ['an unknown file encoding', { ...validLesson, sandbox: { files: [{ path: 'a', content: '', encoding: 'hex' }] } }],
    ['an empty command', { ...validLesson, sandbox: { commands: [''] } }],
  ])('rejects %s', (_what, data) => {
    expect(lessonSchema.safeParse(data).success).toBe(false);
  });

  it('describes every field, so editors and docs can show help', () => {
    const shape = lessonSchema.shape;
    for (const [key, field] of Object.entries(shape)) {
      expect(field.description, key).toBeTruthy();
    }
  });
});

describe('the lessons', () => {
  it('are six, numbered 1 to 6 without gaps', () => {
    expect(lessons.map((l) => l.data.order)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('each have body text after the frontmatter', () => {
    for (const lesson of lessons) {
      const body = lesson.source.replace(/^---\n[\s\S]*?\n---\n/, '').trim();
      expect(body.length, lesson.name).toBeGreaterThan(200);
    }
  });

  it.runIf(existsSync(studyNotesPath))('follow the study outline section by section, in order', () => {
    const headings = [...readFileSync(studyNotesPath, 'utf8').matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
    const covered = lessons.flatMap((l) => l.data.outline.split(' / '));
    expect(covered).toEqual(headings);
  });
});

describe('the guides', () => {
  const guides = readdirSync(guidesDir).filter((name) => name.endsWith('.mdx'));

  it('have valid frontmatter and distinct positions', () => {
    const orders = guides.map((name) => guideSchema.parse(frontmatter(readFileSync(join(guidesDir, name), 'utf8'))).order);
    expect(guides.length).toBeGreaterThan(0);
    expect(new Set(orders).size).toBe(orders.length);
  });
});
