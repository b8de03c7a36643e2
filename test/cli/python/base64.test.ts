/** base64.b64decode(text) against the real Python's, on generated almost-base64. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Base64Error, pyB64Decode } from '../../../src/cli/python/base64.ts';
import { PyValueError } from '../../../src/cli/python/errors.ts';
import { batch } from './arbitraries.ts';
import { askPython, pythonAvailable } from './oracle.ts';

const unit = fc.oneof(
  { arbitrary: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'), weight: 12 },
  { arbitrary: fc.constantFrom('=', '=', '=', '\n', ' ', '-', '_', '*', '\x00'), weight: 4 },
  { arbitrary: fc.constantFrom('é', '\x80', '😀'), weight: 1 },
);

type Outcome = { ok: number[] } | { binascii: string } | { value: string };

describe.skipIf(!pythonAvailable)("Python's base64.b64decode", () => {
  it('decodes or fails on generated texts as b64decode does, with its messages', () => {
    const { seed, values } = batch(fc.string({ unit, maxLength: 16 }), 3000);
    const real = askPython<Outcome>(
      String.raw`
import base64, binascii
out = []
for text in cases:
    try: out.append({"ok": list(base64.b64decode(text))})
    except binascii.Error as e: out.append({"binascii": str(e)})
    except ValueError as e: out.append({"value": str(e)})
answer(out)`,
      values,
    );
    values.forEach((text, i) => {
      let ours: Outcome;
      try {
        ours = { ok: [...pyB64Decode(text)] };
      } catch (e) {
        if (e instanceof Base64Error) ours = { binascii: e.message };
        else if (e instanceof PyValueError) ours = { value: e.message };
        else throw e;
      }
      expect(ours, `seed ${seed}, text ${JSON.stringify(text)}`).toEqual(real[i]);
    });
  });
});
