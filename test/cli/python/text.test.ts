/** Reading file contents as Python does (text mode, latin-1) and its OSError messages, against the real Python. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pyOsErrorMessage } from '../../../src/cli/python/errors.ts';
import { latin1, pyReadText } from '../../../src/cli/python/text.ts';
import { batch, pyText } from './arbitraries.ts';
import { askPython, pythonAvailable } from './oracle.ts';

const bytesUnit = fc.oneof(
  { arbitrary: fc.constantFrom(0x0d, 0x0a, 0x61, 0xef, 0xbb, 0xbf), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 2 },
);
// Mostly UTF-8 (with \r, \r\n and BOMs about), sometimes broken.
const contents = fc.oneof(
  fc.array(bytesUnit, { maxLength: 12 }).map((b) => Uint8Array.from(b)),
  fc.string({ unit: fc.constantFrom('a', '\r', '\n', '\ufeff', 'é', '😀'), maxLength: 10 }).map((s) => new TextEncoder().encode(s)),
);

describe.skipIf(!pythonAvailable)("Python's file reading", () => {
  it("reads bytes as open(path, 'r', encoding='utf-8').read() does, or fails where it fails", () => {
    const { seed, values } = batch(contents, 2000);
    const real = askPython<{ ok: string } | { error: true }>(
      String.raw`
import io
out = []
for data in cases:
    try: out.append({"ok": io.TextIOWrapper(io.BytesIO(bytes(data)), encoding="utf-8").read()})
    except UnicodeDecodeError: out.append({"error": True})
answer(out)`,
      values.map((b) => [...b]),
    );
    values.forEach((data, i) => {
      let ours: { ok: string } | { error: true };
      try {
        ours = { ok: pyReadText(data) };
      } catch {
        ours = { error: true };
      }
      expect(ours, `seed ${seed}, bytes ${[...data].join(',')}`).toEqual(real[i]);
    });
  });

  it("decodes every byte as bytes.decode('latin-1') does", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(latin1(all)).toBe(askPython<string>('answer([bytes(cases[0]).decode("latin-1")])', [[...all]])[0]);
  });

  it('words the OSError of opening a missing file, a directory and a path through a file as Python does', () => {
    const names = batch(pyText.filter((s) => /^[^/\0\ud800-\udfff]+$/.test(s) && s !== '.' && s !== '..'), 200).values;
    const real = askPython<string[]>(
      String.raw`
import os, tempfile
os.chdir(tempfile.mkdtemp())
os.mkdir("dir")
open("file", "w").close()
def err(path):
    try: open(path)
    except OSError as e: return str(e)
answer([[err(n), err("dir"), err("file/" + n)] for n in cases])`,
      names,
    );
    names.forEach((n, i) => {
      const ours = [pyOsErrorMessage({ code: 'ENOENT' }, n), pyOsErrorMessage({ code: 'EISDIR' }, 'dir'), pyOsErrorMessage({ code: 'ENOTDIR' }, `file/${n}`)];
      expect(ours, JSON.stringify(n)).toEqual(real[i]);
    });
  });
});
