import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

/** Each layer may import only the layers below it (../shared/design.md). */
const LAYERS = ['kms', 'cli', 'shell', 'components'] as const;

function sources(dir: string): string[] {
  try {
    return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
      .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
  } catch {
    return [];
  }
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  // `… from 'x'`, `import 'x'` and `import('x')`.
  return [...text.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => (m[1] ?? m[2])!);
}

describe('layering', () => {
  it('keeps src/kms free of the DOM, Node-only modules and the layers above it', () => {
    const offending: string[] = [];
    for (const file of sources('src/kms')) {
      for (const spec of imports(file)) {
        const bad =
          spec.startsWith('node:') ||
          ['astro', 'react', 'react-dom', '@xterm/xterm'].some((p) => spec === p || spec.startsWith(`${p}/`)) ||
          (spec.startsWith('.') && !join(file, '..', spec).split(sep).join('/').startsWith('src/kms/'));
        if (bad) offending.push(`${file} → ${spec}`);
      }
      const text = readFileSync(join(root, file), 'utf8');
      for (const global of ['Buffer.', 'process.', 'document.', 'window.', 'require(']) {
        if (text.includes(global)) offending.push(`${file} uses ${global}`);
      }
    }
    expect(sources('src/kms').length).toBeGreaterThan(10);
    expect(offending).toEqual([]);
  });

  it('lets each layer import only the layers below it', () => {
    const offending: string[] = [];
    LAYERS.forEach((layer, level) => {
      for (const file of sources(`src/${layer}`)) {
        for (const spec of imports(file).filter((s) => s.startsWith('.'))) {
          const target = join(file, '..', spec).split(sep).join('/');
          const targetLayer = LAYERS.findIndex((l) => target.startsWith(`src/${l}/`));
          if (targetLayer > level) offending.push(`${file} → ${spec}`);
        }
      }
    });
    expect(offending).toEqual([]);
  });
});
