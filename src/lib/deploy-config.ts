/**
 * Where the site is deployed. GitHub Pages serves a project site under
 * `/<repository>/`, so `base` must follow the fork's name; the Pages workflow
 * passes it in, local runs default to the root.
 */
export interface DeployConfig {
  /** Absolute origin (and optional path) of the deployment, or undefined for none. */
  site: string | undefined;
  /** URL path the site lives under: always starts and ends with "/". */
  base: string;
}

/** Turns "", "kms-lab", "/kms-lab" or "/kms-lab/" into "/" or "/kms-lab/". */
export function normalizeBase(raw: string | undefined): string {
  const trimmed = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** Accepts an absolute http(s) URL; anything else is a configuration mistake worth stopping for. */
export function normalizeSite(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`SITE_URL must be an absolute URL such as https://you.github.io, got "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`SITE_URL must use http or https, got "${value}"`);
  }
  return url.origin;
}

export function deployConfigFromEnv(env: Record<string, string | undefined>): DeployConfig {
  return { site: normalizeSite(env['SITE_URL']), base: normalizeBase(env['BASE_PATH']) };
}
