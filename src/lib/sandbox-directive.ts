/**
 * Build step: registers `client:sandbox` (src/components/sandbox/hydrate-when-started.ts), the
 * directive the sandbox island hydrates with: after the terminal has started without React.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

declare module 'astro' {
  interface AstroClientDirectives {
    'client:sandbox'?: boolean;
  }
}

export function sandboxDirective(): AstroIntegration {
  return {
    name: 'kms-lab:sandbox-directive',
    hooks: {
      'astro:config:setup': ({ addClientDirective }) => {
        addClientDirective({ name: 'sandbox', entrypoint: fileURLToPath(new URL('../components/sandbox/hydrate-when-started.ts', import.meta.url)) });
      },
    },
  };
}
