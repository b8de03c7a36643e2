/** json.dumps and json.loads against the real Python's, on generated values and documents. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PyJsonError, pyJsonDumps, pyJsonLoads } from '../../../src/cli/python/json.ts';
import { pyRepr } from '../../../src/cli/python/repr.ts';
import { batch, pyText, pyValue } from './arbitraries.ts';
import { askPython, pythonAvailable, toTagged } from './oracle.ts';

describe.skipIf(!pythonAvailable)("Python's json module", () => {
  it('dumps generated values as json.dumps does, with and without indent and ensure_ascii', () => {
    const { seed, values } = batch(pyValue({ bytes: false }), 800);
    const real = askPython<string[]>(
      'answer([[json.dumps(v), json.dumps(v, ensure_ascii=False), json.dumps(v, indent=4, ensure_ascii=False), json.dumps(v, indent=2)] for v in map(untag, cases)])',
      values.map(toTagged),
    );
    values.forEach((v, i) => {
      const ours = [pyJsonDumps(v), pyJsonDumps(v, { ensureAscii: false }), pyJsonDumps(v, { indent: 4, ensureAscii: false }), pyJsonDumps(v, { indent: 2 })];
      expect(ours, `seed ${seed}, value ${pyRepr(v)}`).toEqual(real[i]);
    });
  });

  it('loads generated documents, or fails with the same message, as json.loads does', () => {
    // Valid documents, and the same with a character dropped, doubled or swapped in.
    const valid = pyValue({ bytes: false, bigInts: false }).map((v) => pyJsonDumps(v, { ensureAscii: false }));
    const mangled = fc.tuple(valid, fc.nat(), fc.constantFrom('', ',', '"', '\\', ']', '}', ' ', '\n', 'x', '\u0001', '1.', '-', 'e')).map(([doc, at, insert]) => {
      const i = doc.length === 0 ? 0 : at % doc.length;
      return doc.slice(0, i) + insert + doc.slice(i + (insert === '' ? 1 : 0));
    });
    const { seed, values } = batch(fc.oneof(valid, mangled, pyText), 800);
    const real = askPython<{ ok: string } | { error: string }>(
      String.raw`
out = []
for doc in cases:
    try: out.append({"ok": repr(json.loads(doc))})
    except ValueError as e: out.append({"error": str(e)})
answer(out)`,
      values,
    );
    values.forEach((doc, i) => {
      let ours: { ok: string } | { error: string };
      try {
        ours = { ok: pyRepr(pyJsonLoads(doc)) };
      } catch (e) {
        if (!(e instanceof PyJsonError)) throw e;
        ours = { error: e.message };
      }
      expect(ours, `seed ${seed}, document ${JSON.stringify(doc)}`).toEqual(real[i]);
    });
  });
});
