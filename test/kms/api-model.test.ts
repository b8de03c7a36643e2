import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_MODEL } from '../../src/kms/api-model.ts';
import { projectModel } from '../support/kms-model-projection.ts';

const referencePath = join(import.meta.dirname, '../../../shared/reference/kms-api-model.json');

describe('the KMS API table', () => {
  it.runIf(existsSync(referencePath))('matches the AWS API model in ../shared/reference (regenerate with test/support/generate-kms-model.ts)', () => {
    const reference = projectModel(JSON.parse(readFileSync(referencePath, 'utf8')));
    expect(API_MODEL).toEqual(reference);
  });

  it('resolves every shape it names', () => {
    const missing: string[] = [];
    const need = (shape: string | undefined, from: string) => {
      if (shape && !API_MODEL.shapes[shape]) missing.push(`${from} → ${shape}`);
    };
    for (const [name, op] of Object.entries(API_MODEL.operations)) {
      need(op.input, name);
      need(op.output, name);
      op.errors.forEach((e) => need(e, name));
    }
    for (const [name, shape] of Object.entries(API_MODEL.shapes)) {
      Object.values(shape.members ?? {}).forEach((m) => need(m, name));
      need(shape.member, name);
      need(shape.key, name);
      need(shape.value, name);
    }
    expect(missing).toEqual([]);
  });

  it('knows the limits the course teaches', () => {
    expect(API_MODEL.shapes['PlaintextType']).toMatchObject({ type: 'blob', min: 1, max: 4096 });
    expect(API_MODEL.shapes['NumberOfBytesType']).toMatchObject({ min: 1, max: 1024 });
    expect(API_MODEL.paginators['ListKeys']).toEqual({
      inputToken: 'Marker',
      outputToken: 'NextMarker',
      limitKey: 'Limit',
      moreResults: 'Truncated',
      resultKey: 'Keys',
    });
  });
});
