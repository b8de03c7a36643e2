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
  })
  .strict();

export type GuideFrontmatter = z.infer<typeof guideSchema>;
