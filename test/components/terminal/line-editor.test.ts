import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commonPrefix,
  formatColumns,
  LineEditor,
  LineHistory,
  splitUnits,
  stripAnsi,
  visibleWidth,
  type CompletionResult,
  type EditorEvent,
  type HistoryStore,
  type LineEditorOptions,
} from '../../../src/components/terminal/line-editor.ts';
import { needsMoreInput } from '../../../src/shell/parse.ts';
import { bracketedPaste, KEY, Screen } from './fake-terminal.ts';

const PROMPT = '$ ';
const COLOUR_PROMPT = '\x1b[1;32mlearner@kms-lab\x1b[0m:\x1b[1;34m~\x1b[0m$ ';

/** An editor writing to a screen, restarted with the same prompt after each event, as the controller would. */
function editorOnScreen(options: Partial<LineEditorOptions> & { prompt?: string; rows?: number } = {}) {
  const { prompt = PROMPT, rows = 100, ...rest } = options;
  const cols = rest.cols ?? 80;
  const screen = new Screen(cols, rows);
  const editor = new LineEditor({ needsMoreInput, ...rest, cols });
  const events: EditorEvent[] = [];
  screen.write(editor.start(prompt));
  const pump = () => {
    for (;;) {
      const step = editor.process();
      screen.write(step.output);
      if (!step.event) return;
      events.push(step.event);
      screen.write(editor.start(prompt));
    }
  };
  const feed = (...chunks: string[]) => {
    for (const chunk of chunks) {
      editor.input(chunk);
      pump();
    }
  };
  const keys = (text: string) => feed(...text);
  return { editor, screen, events, feed, keys, pump };
}

const submitted = (events: readonly EditorEvent[]) => events.flatMap((e) => (e.type === 'submit' ? [e.line] : []));

describe('text helpers', () => {
  it('strips colour, cursor and OSC sequences', () => {
    expect(stripAnsi(COLOUR_PROMPT)).toBe('learner@kms-lab:~$ ');
    expect(stripAnsi('\x1b]0;title\x07a\x1b[2Kb\x1b(B')).toBe('ab');
  });

  it('measures cells as xterm.js does by default', () => {
    expect(visibleWidth(COLOUR_PROMPT)).toBe(19);
    expect(visibleWidth('漢字')).toBe(4);
    expect(visibleWidth('e\u0301')).toBe(1);
    expect(visibleWidth('😀')).toBe(1); // Unicode 6 widths: emoji take one cell
    expect(visibleWidth('ｋｍｓ')).toBe(6);
  });

  it('keeps combining marks with their letter and surrogate pairs whole', () => {
    expect(splitUnits('e\u0301a😀\n')).toEqual(['e\u0301', 'a', '😀', '\n']);
  });

  it('finds the common prefix of candidates', () => {
    expect(commonPrefix(['generate-mac', 'generate-random', 'generate-data-key'])).toBe('generate-');
    expect(commonPrefix(['abc'])).toBe('abc');
    expect(commonPrefix(['x😀', 'x😁'])).toBe('x');
  });

  it('lists candidates down the columns, as readline does', () => {
    const words = ['a1', 'b22', 'c333', 'd4', 'e5'];
    expect(formatColumns(words, 20)).toEqual(['a1    c333  e5', 'b22   d4']);
    expect(formatColumns(['only'], 3)).toEqual(['only']);
  });
});

describe('LineHistory', () => {
  const memoryStore = (lines: unknown = []) => {
    const saved: string[][] = [];
    const store: HistoryStore = { load: () => lines as string[], save: (l) => saved.push(l) };
    return { store, saved };
  };

  it('skips blanks and consecutive duplicates, keeps a maximum and saves each change', () => {
    const { store, saved } = memoryStore();
    const history = new LineHistory(store, 3);
    for (const line of ['a', 'a', '  ', 'b', 'a', 'c', 'd']) history.add(line);
    expect(history.entries).toEqual(['a', 'c', 'd']);
    expect(saved.at(-1)).toEqual(['a', 'c', 'd']);
    expect(saved).toHaveLength(5);
  });

  it('loads what the store has, ignoring junk and a store that throws', () => {
    expect(new LineHistory(memoryStore(['x', 3, '', 'y']).store).entries).toEqual(['x', 'y']);
    expect(new LineHistory(memoryStore('nonsense').store).entries).toEqual([]);
    const broken: HistoryStore = {
      load: () => {
        throw new Error('blocked');
      },
      save: () => {},
    };
    expect(new LineHistory(broken).entries).toEqual([]);
  });

  it('browses back and forth, keeping the draft and changes to recalled lines', () => {
    const history = new LineHistory(undefined);
    history.add('one');
    history.add('two');
    expect(history.next('draft')).toBeUndefined();
    expect(history.previous('draft')).toBe('two');
    expect(history.previous('two!')).toBe('one');
    expect(history.previous('one')).toBeUndefined();
    expect(history.next('one')).toBe('two!');
    expect(history.next('two!')).toBe('draft');
    expect(history.next('draft')).toBeUndefined();
    history.reset();
    expect(history.previous('')).toBe('two');
  });
});

describe('LineEditor editing', () => {
  it('echoes typing after the prompt and submits on Enter', () => {
    const t = editorOnScreen();
    t.keys('echo hi');
    expect(t.screen.text()).toBe('$ echo hi');
    expect(t.screen.cursor).toEqual({ line: 0, col: 9 });
    t.feed(KEY.enter);
    expect(submitted(t.events)).toEqual(['echo hi']);
    expect(t.screen.text()).toBe('$ echo hi\n$');
    expect(t.editor.history.entries).toEqual(['echo hi']);
  });

  it('inserts and deletes in the middle of the line', () => {
    const t = editorOnScreen();
    t.keys('echo helo');
    t.feed(KEY.left, KEY.left, 'l');
    expect(t.editor.line).toBe('echo hello');
    expect(t.screen.cursorLine()).toBe('$ echo hello');
    expect(t.screen.cursor.col).toBe(2 + 8);
    t.feed(KEY.home, KEY.delete, KEY.delete, KEY.delete, KEY.delete, KEY.delete);
    expect(t.screen.cursorLine()).toBe('$ hello');
    t.feed(KEY.end, KEY.backspace);
    expect(t.screen.cursorLine()).toBe('$ hell');
    expect(t.screen.cursor.col).toBe(6);
  });

  it.each([
    ['CSI H', '\x1b[H', '\x1b[F'],
    ['vt220', '\x1b[1~', '\x1b[4~'],
    ['rxvt', '\x1b[7~', '\x1b[8~'],
    ['SS3', '\x1bOH', '\x1bOF'],
    ['emacs', KEY.ctrlA, KEY.ctrlE],
  ])('moves Home and End with the %s keys', (_name, home, end) => {
    const t = editorOnScreen();
    t.keys('abc');
    t.feed(home);
    expect(t.editor.cursorIndex).toBe(0);
    expect(t.screen.cursor.col).toBe(2);
    t.feed(end);
    expect(t.editor.cursorIndex).toBe(3);
    expect(t.screen.cursor.col).toBe(5);
  });

  it('accepts arrows in application mode and Ctrl-B/F', () => {
    const t = editorOnScreen();
    t.keys('abc');
    t.feed('\x1bOD', '\x02');
    expect(t.editor.cursorIndex).toBe(1);
    t.feed('\x1bOC', '\x06');
    expect(t.editor.cursorIndex).toBe(3);
  });

  it('moves by words with Alt-b/f and Ctrl-Left/Right', () => {
    const t = editorOnScreen();
    t.keys('aws kms encrypt --key-id alias/x');
    t.feed(KEY.altB);
    expect(t.editor.cursorIndex).toBe(31);
    t.feed(KEY.ctrlLeft);
    expect(t.editor.cursorIndex).toBe(25);
    t.feed(KEY.altB, KEY.altB);
    expect(t.editor.cursorIndex).toBe(18);
    t.feed(KEY.ctrlRight);
    expect(t.editor.cursorIndex).toBe(21);
    t.feed(KEY.altF, '\x1b[1;3C');
    expect(t.editor.cursorIndex).toBe(30);
    expect(t.screen.cursor.col).toBe(32);
  });

  it('kills with Ctrl-U, Ctrl-K, Ctrl-W, Alt-d and Alt-Backspace, and yanks back with Ctrl-Y', () => {
    const t = editorOnScreen();
    t.keys('echo one two  ');
    t.feed(KEY.ctrlW);
    expect(t.editor.line).toBe('echo one ');
    t.feed(KEY.ctrlY);
    expect(t.editor.line).toBe('echo one two  ');
    t.feed(KEY.home, KEY.altF, KEY.ctrlK);
    expect(t.editor.line).toBe('echo');
    expect(t.screen.cursorLine()).toBe('$ echo');
    t.feed(KEY.ctrlU);
    expect(t.editor.line).toBe('');
    expect(t.screen.cursorLine()).toBe('$');
    t.keys('cat fileb://s.txt');
    t.feed('\x1b\x7f');
    expect(t.editor.line).toBe('cat fileb://s.');
    t.feed(KEY.home, '\x1bd');
    expect(t.editor.line).toBe(' fileb://s.');
    t.feed(KEY.ctrlY);
    expect(t.editor.line).toBe('cat fileb://s.');
    expect(t.screen.cursorLine()).toBe('$ cat fileb://s.');
  });

  it('deletes forward with Ctrl-D on a line with text', () => {
    const t = editorOnScreen();
    t.keys('abc');
    t.feed(KEY.home, KEY.ctrlD);
    expect(t.editor.line).toBe('bc');
    expect(t.events).toEqual([]);
  });

  it('ignores keys it has no use for instead of inserting their bytes', () => {
    const t = editorOnScreen();
    t.feed('a', '\x1b[15~', '\x1bOP', '\x1b[2~', '\x1b[5~', '\x1b', '\x1bx', '\x00', '\x1b[1;2P', 'b');
    expect(t.editor.line).toBe('ab');
    expect(t.screen.text()).toBe('$ ab');
  });

  it("never types a terminal's answers to queries: DCS, OSC, SOS, PM and APC strings are dropped whole", () => {
    const t = editorOnScreen();
    t.keys('ab');
    // What xterm.js answers to DECRQSS `ESC P $ q m ESC \` and to OSC 11/10 queries, each in one chunk (before: `1$r0m11;rgb:…` at the prompt).
    t.feed('\x1bP1$r0m\x1b\\', '\x1b]11;rgb:f7f7/f9f9/fcfc\x07', '\x1b]10;rgb:1b1b/2323/3030\x1b\\', '\x1bX1\x1b\\\x1b^2\x1b\\\x1b_3\x1b\\', 'c');
    expect(t.editor.line).toBe('abc');
    // Alt+P and Alt+] arrive alone, with no terminator: keys the editor ignores, as before.
    t.feed('\x1bP', '\x1b]', 'd');
    expect(t.editor.line).toBe('abcd');
    // A BEL does not end a DCS: its text is dropped up to the ST.
    t.feed('\x1bPx\x07y\x1b\\e');
    expect(t.editor.line).toBe('abcde');
    expect(t.screen.text()).toBe('$ abcde');
  });

  it('joins an escape sequence or a paste cut between two chunks', () => {
    const t = editorOnScreen();
    t.keys('abc');
    t.feed('\x1b[1;5', 'D');
    expect(t.editor.cursorIndex).toBe(0);
    t.feed('\x1b[200~x', 'y\ny', 'z\x1b[201~');
    expect(submitted(t.events)).toEqual(['xyabc']);
    expect(t.editor.line).toBe('yz');
  });

  it('takes CR LF as one Enter, and LF alone as Enter', () => {
    const t = editorOnScreen();
    t.feed('a\r\nb\nc\r');
    expect(submitted(t.events)).toEqual(['a', 'b', 'c']);
  });

  it('shows control characters in caret notation and tabs as spaces, keeping them in the text', () => {
    const t = editorOnScreen();
    t.feed(bracketedPaste('a\tb'));
    expect(t.editor.line).toBe('a\tb');
    expect(t.screen.text()).toBe('$ a     b');
    const recalled = editorOnScreen({ history: { load: () => ['echo "x\ny"'], save: () => {} } });
    recalled.feed(KEY.up);
    expect(recalled.editor.line).toBe('echo "x\ny"');
    expect(recalled.screen.text()).toBe('$ echo "x^Jy"');
    recalled.feed(KEY.enter);
    expect(submitted(recalled.events)).toEqual(['echo "x\ny"']);
  });
});

describe('LineEditor lines', () => {
  it('abandons the line on Ctrl-C with ^C and a new prompt', () => {
    const t = editorOnScreen();
    t.keys('echo nope');
    t.feed(KEY.left, KEY.ctrlC);
    expect(t.screen.text()).toBe('$ echo nope^C\n$');
    expect(t.editor.line).toBe('');
    expect(t.events).toEqual([]);
    expect(t.editor.history.entries).toEqual([]);
  });

  it('asks for more lines with "> " while the command continues', () => {
    const t = editorOnScreen();
    t.keys('echo "a');
    t.feed(KEY.enter);
    expect(t.screen.text()).toBe('$ echo "a\n>');
    t.keys('b" |');
    t.feed(KEY.enter);
    t.keys('cat');
    t.feed(KEY.enter);
    expect(submitted(t.events)).toEqual(['echo "a\nb" |\ncat']);
    expect(t.screen.text()).toBe('$ echo "a\n> b" |\n> cat\n$');
    expect(t.editor.history.entries).toEqual(['echo "a\nb" |\ncat']);
  });

  it('drops a continued command on Ctrl-C', () => {
    const t = editorOnScreen();
    t.keys('echo "a');
    t.feed(KEY.enter, 'b', KEY.ctrlC);
    expect(t.screen.text()).toBe('$ echo "a\n> b^C\n$');
    t.keys('ok');
    t.feed(KEY.enter);
    expect(submitted(t.events)).toEqual(['ok']);
  });

  it('reports Ctrl-D on an empty line, and submits an unfinished command as it stands', () => {
    const t = editorOnScreen();
    t.feed(KEY.ctrlD);
    expect(t.events).toEqual([{ type: 'eof' }]);
    expect(t.screen.text()).toBe('$\n$');
    t.keys('echo "a');
    t.feed(KEY.enter, KEY.ctrlD);
    expect(t.events.at(-1)).toEqual({ type: 'submit', line: 'echo "a' });
  });

  it('clears the screen on Ctrl-L and redraws the prompt and line with the cursor in place', () => {
    const t = editorOnScreen({ rows: 10 });
    t.feed('one\r', 'two\r');
    t.keys('echo three');
    t.feed(KEY.left, KEY.left);
    t.feed(KEY.ctrlL);
    expect(t.screen.text()).toBe('$ echo three');
    expect(t.screen.cursor).toEqual({ line: 0, col: 10 });
    t.feed('X');
    expect(t.screen.text()).toBe('$ echo thrXee');
  });

  it('queues input until start() when no prompt is showing, and Ctrl-C then discards what was typed ahead', () => {
    const screen = new Screen(80, 24);
    const editor = new LineEditor({ cols: 80 });
    screen.write(editor.start(PROMPT));
    editor.input('first\rsecond\r');
    const step = editor.process();
    screen.write(step.output);
    expect(step.event).toEqual({ type: 'submit', line: 'first' });
    expect(editor.active).toBe(false);
    editor.input('third');
    expect(editor.process()).toEqual({ output: '', event: undefined });
    screen.write(editor.start(PROMPT));
    expect(editor.process().event).toEqual({ type: 'submit', line: 'second' });
    editor.input('typed ahead');
    editor.input(KEY.ctrlC);
    editor.input('kept');
    screen.write(editor.start(PROMPT));
    screen.write(editor.process().output);
    expect(editor.line).toBe('kept');
  });

  it('sets the line aside for a typed command and gives it back after', () => {
    const t = editorOnScreen();
    t.keys('ls -');
    t.feed(KEY.left);
    t.editor.type('echo one\necho two', true);
    t.pump();
    expect(submitted(t.events)).toEqual(['echo one', 'echo two']);
    expect(t.editor.line).toBe('ls -');
    expect(t.screen.text()).toBe('$ echo one\n$ echo two\n$ ls -');
    t.editor.type('cat ', false);
    t.pump();
    expect(t.editor.line).toBe('ls -cat ');
  });
});

describe('LineEditor history keys', () => {
  it('recalls with Up/Down, keeps the draft and persists through the store', () => {
    const saved: string[][] = [];
    const t = editorOnScreen({ history: { load: () => ['old'], save: (lines) => saved.push(lines) } });
    t.feed('echo a\r', 'echo a\r', 'echo b\r');
    expect(saved.at(-1)).toEqual(['old', 'echo a', 'echo b']);
    t.keys('draft');
    t.feed(KEY.up);
    expect(t.screen.cursorLine()).toBe('$ echo b');
    t.feed(KEY.up, KEY.up, KEY.up);
    expect(t.screen.cursorLine()).toBe('$ old');
    t.feed(KEY.down, '\x0e');
    expect(t.screen.cursorLine()).toBe('$ echo b');
    t.feed(KEY.down);
    expect(t.screen.cursorLine()).toBe('$ draft');
    expect(t.screen.cursor.col).toBe(7);
    t.feed('\x10');
    expect(t.editor.line).toBe('echo b');
  });
});

describe('LineEditor completion', () => {
  const words = ['generate-data-key', 'generate-data-key-pair', 'generate-mac', 'generate-random', 'get-key-policy'];
  const completer = (line: string, cursor: number): CompletionResult => {
    const from = line.lastIndexOf(' ', cursor - 1) + 1;
    const word = line.slice(from, cursor);
    if (word.startsWith('d')) return { candidates: ['docs/'], replaceFrom: from };
    return { candidates: words.filter((w) => w.startsWith(word)), replaceFrom: from };
  };

  it('inserts a single candidate with a space, or without one after a directory', () => {
    const t = editorOnScreen({ complete: completer });
    t.keys('x generate-m');
    t.feed(KEY.tab);
    expect(t.editor.line).toBe('x generate-mac ');
    t.keys('d');
    t.feed(KEY.tab);
    expect(t.editor.line).toBe('x generate-mac docs/');
  });

  it('completes in the middle of a line, keeping the text after the cursor', () => {
    const t = editorOnScreen({ complete: completer });
    t.keys('x generate-r --flag');
    t.feed(KEY.ctrlLeft, KEY.ctrlLeft, KEY.right, KEY.tab);
    expect(t.editor.line).toBe('x generate-random  --flag');
    expect(t.editor.cursorIndex).toBe('x generate-random '.length);
    expect(t.screen.cursorLine()).toBe('$ x generate-random  --flag');
  });

  it('inserts the common prefix, then lists on the second Tab and redraws the line', () => {
    const t = editorOnScreen({ complete: completer, cols: 60 });
    t.keys('x gen');
    t.feed(KEY.tab);
    expect(t.editor.line).toBe('x generate-');
    expect(t.screen.bells).toBe(0);
    t.feed(KEY.tab);
    expect(t.screen.text()).toBe(
      ['$ x generate-', 'generate-data-key       generate-mac', 'generate-data-key-pair  generate-random', '$ x generate-'].join('\n'),
    );
    expect(t.screen.cursor).toEqual({ line: 3, col: 13 });
  });

  it('rings the bell on a first Tab with nothing to add, and when nothing matches', () => {
    const t = editorOnScreen({ complete: completer });
    t.keys('x generate-');
    t.feed(KEY.tab);
    expect(t.screen.bells).toBe(1);
    t.feed('z', KEY.tab);
    expect(t.screen.bells).toBe(2);
    t.feed(KEY.backspace, KEY.tab, 'q', KEY.backspace, KEY.tab);
    // A key between the Tabs means no listing.
    expect(t.screen.text()).toBe('$ x generate-');
  });
});

describe('LineEditor wrapping', () => {
  it('wraps a long line and edits it in place', () => {
    const t = editorOnScreen({ cols: 20 });
    t.keys('0123456789abcdefghijklmnopqrstuvwxyz');
    expect(t.screen.text()).toBe('$ 0123456789abcdefgh\nijklmnopqrstuvwxyz');
    t.feed(KEY.home);
    expect(t.screen.cursor).toEqual({ line: 0, col: 2 });
    t.feed('>>');
    expect(t.screen.text()).toBe('$ >>0123456789abcdef\nghijklmnopqrstuvwxyz');
    expect(t.screen.cursor).toEqual({ line: 0, col: 4 });
    t.feed('!');
    expect(t.screen.text()).toBe('$ >>!0123456789abcde\nfghijklmnopqrstuvwxy\nz');
    t.feed(KEY.end, KEY.backspace);
    expect(t.screen.text()).toBe('$ >>!0123456789abcde\nfghijklmnopqrstuvwxy');
    expect(t.screen.cursor).toEqual({ line: 2, col: 0 });
    t.feed(KEY.backspace);
    expect(t.screen.cursor).toEqual({ line: 1, col: 19 });
    t.feed(KEY.ctrlU);
    expect(t.screen.text()).toBe('$');
    expect(t.screen.cursor).toEqual({ line: 0, col: 2 });
  });

  it('does not leave a blank row when a line that fills its last row is entered', () => {
    const t = editorOnScreen({ cols: 10 });
    t.keys('12345678');
    t.feed(KEY.enter);
    expect(t.screen.text()).toBe('$ 12345678\n$');
  });

  it('moves a wide character that does not fit to the next row', () => {
    const t = editorOnScreen({ cols: 10 });
    t.keys('1234567漢字');
    expect(t.screen.text()).toBe('$ 1234567\n漢字');
    expect(t.screen.cursor).toEqual({ line: 1, col: 4 });
    t.feed(KEY.left, KEY.left);
    expect(t.screen.cursor).toEqual({ line: 1, col: 0 });
    t.feed(KEY.home, KEY.delete);
    expect(t.screen.text()).toBe('$ 234567漢\n字');
  });

  it('lays a long prompt out too', () => {
    const t = editorOnScreen({ cols: 12, prompt: COLOUR_PROMPT });
    expect(t.screen.text()).toBe('learner@kms-\nlab:~$');
    t.keys('echo hi');
    expect(t.screen.text()).toBe('learner@kms-\nlab:~$ echo\nhi');
    t.feed(KEY.home);
    expect(t.screen.cursor).toEqual({ line: 1, col: 7 });
  });

  it('copes with a prompt exactly as wide as the terminal', () => {
    const t = editorOnScreen({ cols: 4, prompt: 'abc>' });
    t.keys('xy');
    expect(t.screen.text()).toBe('abc>\nxy');
    t.feed(KEY.home);
    expect(t.screen.cursor).toEqual({ line: 1, col: 0 });
  });

  it('redraws at the new width after a resize', () => {
    // The screen model does not reflow, so the line fits one row at both widths.
    const t = editorOnScreen({ cols: 30 });
    t.keys('echo abc');
    t.feed(KEY.left);
    t.screen.cols = 12;
    t.screen.write(t.editor.resize(12));
    expect(t.screen.text()).toBe('$ echo abc');
    expect(t.screen.cursor).toEqual({ line: 0, col: 9 });
    t.feed(KEY.end);
    t.keys('defgh');
    expect(t.screen.text()).toBe('$ echo abcde\nfgh');
    expect(t.screen.cursor).toEqual({ line: 1, col: 3 });
  });

  it('keeps the screen equal to the line under any sequence of edits', () => {
    const insertable = fc.constantFrom('a', 'b', ' ', '-', 'xyz', '漢', '字x', 'é', 'e\u0301', 'hello world', '\t');
    const key = fc.constantFrom(
      KEY.left,
      KEY.right,
      KEY.home,
      KEY.end,
      KEY.backspace,
      KEY.delete,
      KEY.ctrlW,
      KEY.ctrlU,
      KEY.ctrlK,
      KEY.ctrlY,
      KEY.altB,
      KEY.altF,
      '\x1b\x7f',
      '\x1bd',
    );
    const op = fc.oneof(
      insertable.map((text) => bracketedPaste(text)),
      key,
    );
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 24 }), fc.constantFrom('$ ', '', COLOUR_PROMPT, '>'), fc.array(op, { maxLength: 40 }), (cols, prompt, ops) => {
        const t = editorOnScreen({ cols, prompt, rows: 200 });
        for (const data of ops) {
          t.feed(data);
          const expected = expectedScreen(stripAnsi(prompt), t.editor.line, t.editor.cursorIndex, cols);
          expect(t.screen.linesFrom(0)).toEqual(expected.rows);
          expect(t.screen.cursor).toEqual({ line: expected.cursor.row, col: expected.cursor.col });
        }
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Independent model of what the terminal should show: the prompt and line
 * placed cell by cell (wide characters that do not fit move down, a tab
 * stands for spaces to the next stop), and where the cursor should be.
 */
function expectedScreen(prompt: string, line: string, cursor: number, cols: number) {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  let cursorAt: { row: number; col: number } | undefined;
  const put = (text: string, width: number) => {
    if (col + width > cols) {
      row += 1;
      col = 0;
      rows.push([]);
    }
    rows[row]![col] = text;
    if (width === 2) rows[row]![col + 1] = ''; // the wide character's second cell
    col += width;
  };
  for (const char of prompt) put(char, visibleWidth(char));
  let index = 0;
  for (const char of line) {
    const normalizedCol = col >= cols ? 0 : col;
    const normalizedRow = col >= cols ? row + 1 : row;
    if (index === cursor) cursorAt = { row: normalizedRow, col: normalizedCol };
    if (char === '\t') {
      const start = col >= cols ? 0 : col;
      const width = Math.min(8 - (start % 8), cols - start);
      for (let i = 0; i < width; i++) put(' ', 1);
    } else {
      const width = visibleWidth(char);
      if (width === 2 && col + 2 > cols && index === cursor) cursorAt = { row: row + 1, col: 0 };
      if (width === 0) rows[row]![col - 1] += char;
      else put(char, width);
    }
    index += char.length;
  }
  cursorAt ??= col >= cols ? { row: row + 1, col: 0 } : { row, col };
  const text = rows.map((cells) => Array.from({ length: cells.length }, (_, i) => cells[i] ?? ' ').join('').trimEnd());
  while (text.length > 0 && text.at(-1) === '') text.pop();
  return { rows: text, cursor: cursorAt };
}

describe('LineEditor history search (Ctrl-R, Ctrl-S), as bash 5.2 behaves', () => {
  // The history and the screens below were taken from bash 5.2.15 in tmux (PS1='$ ', 80 columns), key by key.
  const HISTORY = ['echo alpha', 'aws kms list-keys', 'echo beta', 'aws kms create-key --description one', 'ls -l'];
  const CTRL_R = '\x12';
  const CTRL_S = '\x13';
  const CTRL_G = '\x07';
  const ESCAPE = '\x1b';
  const searching = (options: Partial<LineEditorOptions> & { prompt?: string } = {}) =>
    editorOnScreen({ history: { load: () => [...HISTORY], save: () => {} }, ...options });
  /** The cursor's row as shown and its column, after each chunk. */
  const steps = (t: ReturnType<typeof searching>, ...chunks: string[]) =>
    chunks.map((chunk) => {
      t.feed(chunk);
      return `${t.screen.cursorLine()} @${t.screen.cursor.col}`;
    });

  it('finds older and older matches, several in one line, then fails', () => {
    const t = searching();
    expect(steps(t, CTRL_R, 'e', ...Array<string>(10).fill(CTRL_R))).toEqual([
      "(reverse-i-search)`': @22",
      "(reverse-i-search)`e': aws kms create-key --description one @58",
      "(reverse-i-search)`e': aws kms create-key --description one @45",
      "(reverse-i-search)`e': aws kms create-key --description one @39",
      "(reverse-i-search)`e': aws kms create-key --description one @36",
      "(reverse-i-search)`e': aws kms create-key --description one @33",
      "(reverse-i-search)`e': echo beta @29",
      "(reverse-i-search)`e': echo beta @23",
      "(reverse-i-search)`e': aws kms list-keys @37",
      "(reverse-i-search)`e': echo alpha @23",
      "(failed reverse-i-search)`e': echo alpha @30",
      "(failed reverse-i-search)`e': echo alpha @30",
    ]);
    expect(t.screen.bells).toBe(2);
    expect(t.screen.text().split('\n')).toHaveLength(1);
  });

  it('keeps a match while more text still fits it, and Backspace keeps it too', () => {
    expect(steps(searching(), CTRL_R, 'e', 'y', KEY.backspace)).toEqual([
      "(reverse-i-search)`': @22",
      "(reverse-i-search)`e': aws kms create-key --description one @58",
      "(reverse-i-search)`ey': aws kms create-key --description one @40",
      "(reverse-i-search)`e': aws kms create-key --description one @39",
    ]);
    expect(steps(searching(), CTRL_R, 'e', CTRL_R, 's')).toEqual([
      "(reverse-i-search)`': @22",
      "(reverse-i-search)`e': aws kms create-key --description one @58",
      "(reverse-i-search)`e': aws kms create-key --description one @45",
      "(reverse-i-search)`es': aws kms create-key --description one @46",
    ]);
    expect(steps(searching(), CTRL_R, 'e', 'c', KEY.backspace).slice(2)).toEqual(["(reverse-i-search)`ec': echo beta @24", "(reverse-i-search)`e': echo beta @23"]);
    expect(steps(searching(), CTRL_R, 'zz', KEY.backspace, 'a').slice(1)).toEqual([
      "(failed reverse-i-search)`zz': @31",
      "(failed reverse-i-search)`z': @30",
      "(failed reverse-i-search)`za': @31",
    ]);
  });

  it('starts in the line being edited, at the cursor', () => {
    const t = searching();
    t.keys('echo xyz');
    expect(steps(t, CTRL_R, 'x')).toEqual(["(reverse-i-search)`': echo xyz @30", "(reverse-i-search)`x': echo xyz @28"]);
    const left = searching();
    left.keys('echo xyz');
    expect(steps(left, KEY.left, KEY.left, KEY.left, KEY.left, CTRL_R, 'e').slice(4)).toEqual(["(reverse-i-search)`': echo xyz @26", "(reverse-i-search)`e': echo xyz @23"]);
    // From a line recalled with Up, it searches from there.
    expect(steps(searching(), KEY.up, KEY.up, CTRL_R, 'a').slice(2)).toEqual([
      "(reverse-i-search)`': aws kms create-key --description one @58",
      "(reverse-i-search)`a': aws kms create-key --description one @34",
    ]);
  });

  it('runs the match on Enter instead of running the words typed (the bug: Ctrl-R was ignored)', () => {
    const t = searching();
    t.feed(CTRL_R);
    t.keys('beta');
    t.feed(KEY.enter);
    expect(submitted(t.events)).toEqual(['echo beta']);
    expect(t.screen.text()).toBe('$ echo beta\n$');
  });

  it('accepts the match for editing on Escape or a motion key, the cursor where the match starts', () => {
    const accept = (...keys: string[]) => {
      const t = searching();
      t.keys('draft');
      return steps(t, CTRL_R, 'al', ...keys).slice(2);
    };
    expect(accept(ESCAPE)).toEqual(['$ echo alpha @7']);
    expect(accept(KEY.left)).toEqual(['$ echo alpha @6']);
    expect(accept(KEY.right)).toEqual(['$ echo alpha @8']);
    expect(accept(KEY.ctrlA)).toEqual(['$ echo alpha @2']);
    expect(accept(KEY.ctrlE)).toEqual(['$ echo alpha @12']);
    expect(accept(ESCAPE, 'Q')).toEqual(['$ echo alpha @7', '$ echo Qalpha @8']);
    // Up and Down go on from the entry the match came from.
    expect(steps(searching(), CTRL_R, 'beta', KEY.up).slice(2)).toEqual(['$ aws kms list-keys @19']);
    expect(steps(searching(), CTRL_R, 'beta', KEY.down).slice(2)).toEqual(['$ aws kms create-key --description one @38']);
    expect(steps(searching(), CTRL_R, 'al', ESCAPE, 'Q', KEY.down, KEY.down).slice(4)).toEqual(['$ aws kms list-keys @19', '$ echo beta @11']);
  });

  it('gives the line back on Ctrl-G, and abandons it on Ctrl-C', () => {
    const t = searching();
    t.keys('draft');
    expect(steps(t, CTRL_R, 'al', CTRL_G)).toEqual(["(reverse-i-search)`': draft @27", "(reverse-i-search)`al': echo alpha @29", '$ draft @7']);
    expect(t.editor.line).toBe('draft');
    const c = searching();
    c.keys('draft');
    c.feed(CTRL_R, 'al', KEY.ctrlC);
    expect(c.screen.text()).toBe("(reverse-i-search)`al': echo alpha^C\n$");
    expect(c.editor.line).toBe('');
    expect(submitted(c.events)).toEqual([]);
  });

  it('searches again for the last accepted text on Ctrl-R Ctrl-R, not for an abandoned one', () => {
    const t = searching();
    t.feed(CTRL_R, 'beta', KEY.enter);
    expect(steps(t, CTRL_R, CTRL_R)).toEqual(["(reverse-i-search)`': @22", "(reverse-i-search)`beta': echo beta @31"]);
    const aborted = searching();
    aborted.feed(CTRL_R, 'echo', CTRL_G);
    expect(steps(aborted, CTRL_R, CTRL_R)).toEqual(["(reverse-i-search)`': @22", "(reverse-i-search)`': @22"]);
  });

  it('turns forward with Ctrl-S, starting at the match it is on', () => {
    const t = searching();
    t.feed(CTRL_R, 'e', CTRL_R, CTRL_R, CTRL_R, CTRL_R, CTRL_R);
    expect(t.screen.cursorLine()).toBe("(reverse-i-search)`e': echo beta");
    expect(steps(t, CTRL_S, CTRL_S, CTRL_S)).toEqual([
      "(i-search)`e': echo beta @21",
      "(i-search)`e': aws kms create-key --description one @25",
      "(i-search)`e': aws kms create-key --description one @28",
    ]);
    expect(steps(searching(), CTRL_S, 'e')).toEqual(["(i-search)`': @14", "(failed i-search)`e': @22"]);
  });

  it("gives way to a lesson's ▶ command and gives the line back after it", () => {
    const t = searching();
    t.keys('draft');
    t.feed(CTRL_R, 'al');
    t.editor.type('echo ran', true);
    t.pump();
    expect(submitted(t.events)).toEqual(['echo ran']);
    expect(t.editor.line).toBe('draft');
    expect(t.screen.cursorLine()).toBe('$ draft');
  });

  it('keeps the screen equal to the prompt and line under any sequence of search keys, at any width', () => {
    const key = fc.constantFrom(CTRL_R, CTRL_S, CTRL_G, ESCAPE, KEY.backspace, KEY.left, KEY.right, KEY.up, KEY.down, 'e', 'a', 'k', ' ', '-', 'x');
    const history = fc.array(fc.constantFrom(...HISTORY, 'echo "a long line that wraps over several rows of a narrow terminal"', '漢字 echo'), { maxLength: 8 });
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 40 }), history, fc.array(key, { maxLength: 30 }), (cols, lines, keys) => {
        const t = editorOnScreen({ cols, rows: 200, history: { load: () => lines, save: () => {} } });
        for (const data of keys) {
          t.feed(data);
          const expected = expectedScreen(stripAnsi(t.editor.shownPrompt), t.editor.line, t.editor.cursorIndex, cols);
          expect(t.screen.linesFrom(0)).toEqual(expected.rows);
          expect(t.screen.cursor).toEqual({ line: expected.cursor.row, col: expected.cursor.col });
        }
      }),
      { numRuns: 300 },
    );
  });
});
