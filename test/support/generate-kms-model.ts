// Regenerates src/kms/api-model.ts from ../shared/reference/kms-api-model.json.
// Run: npx node test/support/generate-kms-model.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectModel, renderModelModule } from './kms-model-projection.ts';

const root = join(import.meta.dirname, '../..');
const source = JSON.parse(readFileSync(join(root, '../shared/reference/kms-api-model.json'), 'utf8'));
writeFileSync(join(root, 'src/kms/api-model.ts'), renderModelModule(projectModel(source)));
console.log('wrote src/kms/api-model.ts');
