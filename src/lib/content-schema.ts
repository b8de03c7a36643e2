import { z } from 'astro/zod';

/**
 * Frontmatter of a lesson in content/lessons/*.mdx. Kept apart from the
 * collection definition so tests can validate lessons without Astro.
 */

const sandboxFile = z
  .object({
    path: z
      .string()
      .min(1)
      .refine((p) => !p.split('/').includes('..'), 'must stay inside the home directory')
      .describe('Path of the file in the sandbox, relative to the home directory (e.g. "secret.txt").'),
    content: z.string().describe('What the file holds: text, or base64 when `encoding` is "base64".'),
    encoding: z
      .enum(['utf8', 'base64'])
      .default('utf8')
      .describe('How `content` is written: "utf8" text or "base64" for binary files.'),
  })
  .strict();

export const sandboxSetupSchema = z
  .object({
    files: z
      .array(sandboxFile)
      .default([])
      .describe('Files created in the sandbox when the lesson opens; a learner\'s own file of the same name is never overwritten.'),
    commands: z
      .array(z.string().min(1))
      .default([])
      .describe('Shell commands run once, in order, before the learner starts (e.g. creating the key the lesson uses).'),
  })
  .strict();

const keyRef = z.string().min(1).describe('A key by alias (alias/…) or key ID.');

/** What an exercise's Check button inspects; each runs on a copy of the sandbox, so checking changes nothing. */
export const checkSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('alias-exists'), alias: z.string().startsWith('alias/') }).describe('An alias with this name points to a key.'),
  z
    .object({ type: z.literal('key-state'), key: keyRef, state: z.enum(['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport']) })
    .describe('The key is in this state.'),
  z
    .object({ type: z.literal('rotation-enabled'), key: keyRef, periodInDays: z.number().int().optional() })
    .describe('Automatic rotation is on (with this period, when given).'),
  z.object({ type: z.literal('key-description'), key: keyRef, description: z.string() }).describe('The key has exactly this description.'),
  z.object({ type: z.literal('key-origin'), key: keyRef, origin: z.enum(['AWS_KMS', 'EXTERNAL']) }).describe('Where the key material came from.'),
  z.object({ type: z.literal('file-exists'), path: z.string() }).describe('A file exists (relative to the home directory).'),
  z.object({ type: z.literal('file-absent'), path: z.string() }).describe('A file does not exist (relative to the home directory).'),
  z.object({ type: z.literal('files-equal'), a: z.string(), b: z.string() }).describe('Two files exist and hold the same bytes.'),
  z
    .object({ type: z.literal('file-not-equal'), a: z.string(), b: z.string() })
    .describe('Two files exist and differ (e.g. a ciphertext is not its plaintext).'),
  z
    .object({
      type: z.literal('file-value'),
      path: z.string(),
      value: z.string().optional(),
      valuesFrom: z.string().min(1).optional(),
    })
    .describe(
      'The file holds one value and nothing else (blank space around it aside): `value`, or one of the words the command `valuesFrom` prints (e.g. a key ID and its ARN).',
    ),
  z
    .object({ type: z.literal('no-kms-call'), operation: z.string().min(1), key: keyRef })
    .describe('The audit log has no successful call of this operation on this key (e.g. no Decrypt under it: its plaintext never left KMS).'),
  z
    .object({
      type: z.literal('command'),
      command: z.string().min(1),
      exitCode: z.number().int().optional(),
      stdoutIncludes: z.string().optional(),
      stderrIncludes: z.string().optional(),
    })
    .describe('A shell command, run on a copy of the sandbox, exits and prints as expected (e.g. a denied call).'),
]);

export const exerciseSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/).describe('Unique within the course; used for progress.'),
    title: z.string().min(1).describe('A short name for the task.'),
    task: z.string().min(1).describe('What to do, in one or two sentences (plain text).'),
    checks: z
      .array(z.object({ check: checkSchema, missing: z.string().min(1).describe('What to tell the learner while this check fails.') }))
      .min(1)
      .describe('Everything the Check button inspects, in order.'),
    hint: z.string().min(1).describe('A nudge that does not give the answer away.'),
    solution: z.array(z.string().min(1)).min(1).describe('Commands that complete the task from the lesson\'s starting sandbox; tests replay them.'),
  })
  .strict();

export const questionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/).describe('Unique within the course; used for progress and review.'),
    question: z.string().min(1).describe('The question, exam style.'),
    kind: z.enum(['single', 'multiple']).describe('"single": one answer is right; "multiple": the question says how many.'),
    options: z
      .array(z.object({ text: z.string().min(1), correct: z.boolean().default(false), why: z.string().min(1).describe('Why this option is right or wrong.') }))
      .min(3)
      .max(6),
    section: z.string().regex(/^[a-z0-9-]+$/).describe('The id of the lesson heading this question belongs to, for the review links.'),
  })
  .strict()
  .refine((q) => (q.kind === 'single' ? q.options.filter((o) => o.correct).length === 1 : q.options.filter((o) => o.correct).length >= 2), {
    message: 'a single-choice question has exactly one correct option; a multiple-choice one at least two',
  });

export type Check = z.infer<typeof checkSchema>;
export type Exercise = z.infer<typeof exerciseSchema>;
export type Question = z.infer<typeof questionSchema>;

export const lessonSchema = z
  .object({
    title: z.string().min(1).max(80).describe('Lesson title, shown as the page heading and in the lesson list.'),
    description: z
      .string()
      .min(1)
      .max(200)
      .describe('One or two sentences on what the lesson covers; used in the lesson list and the page\'s meta description.'),
    order: z.number().int().positive().describe('Position in the course, following the study outline (1 = first).'),
    outline: z
      .string()
      .min(1)
      .describe('The heading of the study-notes section this lesson teaches, as written in the outline.'),
    objectives: z
      .array(z.string().min(1))
      .min(1)
      .describe('What the learner can do after the lesson, each as a short sentence.'),
    examNotes: z
      .array(z.string().min(1))
      .default([])
      .describe('Points certification exams ask about for this section, each a short sentence.'),
    sandbox: sandboxSetupSchema
      .default({ files: [], commands: [] })
      .describe('What the sandbox needs when this lesson opens: files to create and commands to pre-run.'),
    exercises: z.array(exerciseSchema).default([]).describe('Tasks done in the sandbox, each with a Check button.'),
    quiz: z.array(questionSchema).default([]).describe('Exam-style questions shown at the end of the lesson.'),
  })
  .strict();

export type LessonFrontmatter = z.infer<typeof lessonSchema>;
export type SandboxSetup = z.infer<typeof sandboxSetupSchema>;

/** Frontmatter of a reference page in content/guides/*.mdx. */
export const guideSchema = z
  .object({
    title: z.string().min(1).max(80).describe('Page title, shown as the heading and in the guide list.'),
    description: z.string().min(1).max(200).describe('One or two sentences on what the page is for; also the meta description.'),
    order: z.number().int().positive().describe('Position in the list of guides.'),
    sandbox: z
      .boolean()
      .default(false)
      .describe('Show the sandbox beside the page, as on a lesson, so its <Run> (▶) commands run there; off for pages that only explain.'),
  })
  .strict();

export type GuideFrontmatter = z.infer<typeof guideSchema>;
