import { getCollection } from 'astro:content';
import { sortLessons } from './lessons.ts';

/** All lessons in course order (the collection is validated against lesson-schema.ts). */
export async function getLessons() {
  return sortLessons(await getCollection('lessons'));
}
