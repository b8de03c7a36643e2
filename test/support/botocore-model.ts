/**
 * The project's KMS API table (src/kms/api-model.ts) written back as botocore model files
 * (service-2.json, paginators-1.json). Placed under ~/.aws/models, which is how
 * `aws configure add-model` teaches an installed CLI a newer API, they let Debian's
 * awscli 2.9.19 speak today's KMS API: its argument parsing, validation and output
 * code with the operations and members the emulation knows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_MODEL } from '../../src/kms/api-model.ts';
import type { ShapeDef } from '../../src/kms/api-model-types.ts';

function shape(def: ShapeDef): Record<string, unknown> {
  const out: Record<string, unknown> = { type: def.type };
  if (def.members) out.members = Object.fromEntries(Object.entries(def.members).map(([name, target]) => [name, { shape: target }]));
  if (def.required?.length) out.required = def.required;
  if (def.min !== undefined) out.min = def.min;
  if (def.max !== undefined) out.max = def.max;
  if (def.enum) out.enum = def.enum;
  if (def.pattern !== undefined) out.pattern = def.pattern;
  if (def.member) out.member = { shape: def.member };
  if (def.key) out.key = { shape: def.key };
  if (def.value) out.value = { shape: def.value };
  if (def.sensitive) out.sensitive = true;
  if (def.exception) out.exception = true;
  if (def.fault) out.fault = true;
  return out;
}

export function serviceModel(): unknown {
  return {
    version: '2.0',
    metadata: {
      apiVersion: API_MODEL.apiVersion,
      endpointPrefix: 'kms',
      jsonVersion: '1.1',
      protocol: 'json',
      serviceAbbreviation: 'KMS',
      serviceFullName: 'AWS Key Management Service',
      serviceId: 'KMS',
      signatureVersion: 'v4',
      targetPrefix: API_MODEL.targetPrefix,
      uid: `kms-${API_MODEL.apiVersion}`,
    },
    operations: Object.fromEntries(
      Object.entries(API_MODEL.operations).map(([name, op]) => [
        name,
        {
          name,
          http: { method: 'POST', requestUri: '/' },
          ...(op.input ? { input: { shape: op.input } } : {}),
          ...(op.output ? { output: { shape: op.output } } : {}),
          errors: op.errors.map((e) => ({ shape: e })),
        },
      ]),
    ),
    shapes: Object.fromEntries(Object.entries(API_MODEL.shapes).map(([name, def]) => [name, shape(def)])),
  };
}

export function paginatorsModel(): unknown {
  return {
    pagination: Object.fromEntries(
      Object.entries(API_MODEL.paginators).map(([name, p]) => [
        name,
        {
          input_token: p.inputToken,
          output_token: p.outputToken,
          ...(p.limitKey ? { limit_key: p.limitKey } : {}),
          ...(p.moreResults ? { more_results: p.moreResults } : {}),
          result_key: p.resultKey,
        },
      ]),
    ),
  };
}

/** Writes both files where botocore looks first: `<home>/.aws/models/kms/<version>/`. */
export function installKmsModel(home: string): void {
  const dir = join(home, '.aws', 'models', 'kms', API_MODEL.apiVersion);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'service-2.json'), JSON.stringify(serviceModel()));
  writeFileSync(join(dir, 'paginators-1.json'), JSON.stringify(paginatorsModel()));
}
