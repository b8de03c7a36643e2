/**
 * Every internal link goes through `withBase`, so the site works at the root
 * of a domain and under a GitHub Pages sub-path alike.
 */
export function withBase(path: string, base: string = import.meta.env.BASE_URL): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return prefix + path.replace(/^\/+/, '');
}

/** The URL of a lesson page; trailing slash matches the directory GitHub Pages serves. */
export function lessonHref(id: string, base?: string): string {
  return withBase(`lessons/${id}/`, base);
}

/** The URL of a guide page. */
export function guideHref(id: string, base?: string): string {
  return withBase(`guides/${id}/`, base);
}
