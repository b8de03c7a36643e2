import { getCollection } from 'astro:content';
import { sortLessons } from './lessons.ts';

/** All lessons in course order (the collection is validated against content-schema.ts). */
export async function getLessons() {
  return sortLessons(await getCollection('lessons'));
}

/** Reference pages (cheat sheet, how faithful the simulator is, …) in their order. */
export async function getGuides() {
  return sortLessons(await getCollection('guides'));
}
