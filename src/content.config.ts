import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { guideSchema, lessonSchema } from './lib/content-schema.ts';

const lessons = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/lessons' }),
  schema: lessonSchema,
});

const guides = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/guides' }),
  schema: guideSchema,
});

export const collections = { lessons, guides };
