import { describe, expect, it } from 'vitest';
import type { HistoryStore } from '../../../src/components/terminal/line-editor.ts';
import type { ScrollbackStore } from '../../../src/components/terminal/scrollback.ts';
import { createTerminalController, type TerminalControllerOptions, type TerminalSession } from '../../../src/components/terminal/terminal-controller.ts';
import type { RunResult } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';
import { bracketedPaste, FakePort, KEY } from './fake-terminal.ts';

const PROMPT = 'learner@kms-lab:~$';

/** Where typing starts: after the prompt and its space. */
const START = PROMPT.length + 1;

const times = (count: number, key: string): string[] => Array.from({ length: count }, () => key);

/** A line as an 80-column terminal shows it, wrapped into rows. */
const rows = (line: string): string[] => line.match(/.{1,80}/g) ?? [''];

interface Setup {
  cols?: number;
  history?: HistoryStore;
  /** Wraps the sandbox's session (to hold commands back, say). */
  wrap?: (session: TerminalSession) => TerminalSession;
  options?: Partial<TerminalControllerOptions>;
}

/** A controller on a fake 80×24 terminal and a real seeded sandbox, recording commands and announcements. */
async function setUp({ cols = 80, history, wrap = (s) => s, options = {} }: Setup = {}) {
  const sandbox = await Sandbox.create({ seed: 1, ansi: true });
  const port = new FakePort(cols, 24);
  const commands: { line: string; result: RunResult }[] = [];
  const announced: string[] = [];
  const controller = createTerminalController({
    port,
    session: wrap(sandbox.session),
    ...(history ? { history } : {}),
    onCommand: (line, result) => commands.push({ line, result }),
    announce: (text) => announced.push(text),
    ...options,
  });
  const screen = port.screen;
  /** Types text a character at a time (an escape sequence whole, as one key) and waits until the terminal is idle. */
  const typeKeys = async (...keys: string[]) => {
    for (const key of keys) {
      if (key.startsWith('\x1b')) port.send(key);
      else port.typeKeys(key);
    }
    await controller.idle();
  };
  const send = async (...chunks: string[]) => {
    for (const chunk of chunks) port.send(chunk);
    await controller.idle();
  };
  return { sandbox, port, screen, controller, commands, announced, typeKeys, send };
}

/** A session whose runs wait for release(), to look at the terminal while a command runs. */
function holdingSession(session: TerminalSession) {
  const gates: (() => void)[] = [];
  const held: TerminalSession = {
    prompt: () => session.prompt(),
    complete: (line, cursor) => session.complete(line, cursor),
    subscribe: (listener) => session.subscribe(listener),
    interrupt: () => session.interrupt(),
    run: async (line) => {
      await new Promise<void>((resolve) => gates.push(resolve));
      return session.run(line);
    },
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    gates.shift()!();
  };
  return { held, release };
}

describe('terminal controller', () => {
  it('shows a prompt, runs a command and shows its output and a new prompt', async () => {
    const t = await setUp();
    expect(t.screen.text()).toBe(PROMPT);
    expect(t.screen.modes.has('?2004')).toBe(true);
    await t.typeKeys('echo hello', KEY.enter);
    expect(t.screen.text()).toBe([`${PROMPT} echo hello`, 'hello', PROMPT].join('\n'));
    expect(t.screen.cursor).toEqual({ line: 2, col: PROMPT.length + 1 });
    expect(t.commands.map((c) => [c.line, c.result.exitCode])).toEqual([['echo hello', 0]]);
    expect(t.announced).toEqual(['hello']);
    expect(t.controller.busy).toBe(false);
  });

  it('edits in the middle of the line with the arrows', async () => {
    const t = await setUp();
    await t.typeKeys('echo hllo wrld', KEY.left, KEY.left, KEY.left, 'o', KEY.ctrlLeft, KEY.ctrlLeft, KEY.right, 'e');
    expect(t.screen.cursorLine()).toBe(`${PROMPT} echo hello world`);
    expect(t.screen.cursor.col).toBe(PROMPT.length + 1 + 'echo he'.length);
    await t.typeKeys(KEY.enter);
    expect(t.screen.linesFrom(1)).toEqual(['hello world', PROMPT]);
  });

  it('edits with Ctrl-A, Ctrl-E, Ctrl-U, Ctrl-K and Ctrl-W', async () => {
    const t = await setUp();
    await t.typeKeys('world', KEY.ctrlA, 'echo hello ', KEY.ctrlE, '!', KEY.enter);
    await t.typeKeys('garbage', KEY.ctrlU, 'echo ok', KEY.enter);
    await t.typeKeys('echo keep drop', ...times(5, KEY.left), KEY.ctrlK, KEY.enter);
    await t.typeKeys('echo one two', KEY.ctrlW, KEY.enter);
    expect(t.commands.map((c) => c.line)).toEqual(['echo hello world!', 'echo ok', 'echo keep', 'echo one ']);
    expect(t.screen.text()).toBe(
      [`${PROMPT} echo hello world!`, 'hello world!', `${PROMPT} echo ok`, 'ok', `${PROMPT} echo keep`, 'keep', `${PROMPT} echo one`, 'one', PROMPT].join('\n'),
    );
  });

  it('recalls history with Up and Down, keeping the draft, and persists it through the hook', async () => {
    const saved: string[][] = [];
    let stored: string[] = [];
    const history: HistoryStore = {
      load: () => stored,
      save: (lines) => {
        saved.push(lines);
        stored = lines;
      },
    };
    const t = await setUp({ history });
    await t.typeKeys('echo first', KEY.enter, 'echo second', KEY.enter, 'echo second', KEY.enter);
    expect(stored).toEqual(['echo first', 'echo second']);
    expect(saved).toHaveLength(2);
    await t.typeKeys('echo dra');
    await t.typeKeys(KEY.up);
    expect(t.screen.cursorLine()).toBe(`${PROMPT} echo second`);
    await t.typeKeys(KEY.up, KEY.up);
    expect(t.screen.cursorLine()).toBe(`${PROMPT} echo first`);
    await t.typeKeys(KEY.down);
    expect(t.screen.cursorLine()).toBe(`${PROMPT} echo second`);
    await t.typeKeys(KEY.down);
    expect(t.screen.cursorLine()).toBe(`${PROMPT} echo dra`);
    expect(t.screen.cursor.col).toBe(PROMPT.length + 9);

    // A new terminal (a page reload) starts with the saved history.
    const again = await setUp({ history });
    await again.typeKeys(KEY.up, KEY.enter);
    expect(again.screen.linesFrom(0)).toEqual([`${PROMPT} echo second`, 'second', PROMPT]);
  });

  it('completes aws km to "aws kms " with Tab', async () => {
    const t = await setUp();
    await t.typeKeys('aws km', KEY.tab);
    expect(t.screen.text()).toBe(`${PROMPT} aws kms`);
    expect(t.screen.cursor.col).toBe(`${PROMPT} aws kms `.length);
  });

  it('lists the candidates for "aws kms gen" on a second Tab, then redraws the line', async () => {
    const t = await setUp();
    await t.typeKeys('aws kms gen', KEY.tab);
    expect(t.screen.text()).toBe(`${PROMPT} aws kms generate-`);
    await t.typeKeys(KEY.tab);
    const lines = t.screen.linesFrom(0);
    expect(lines[0]).toBe(`${PROMPT} aws kms generate-`);
    expect(lines.at(-1)).toBe(`${PROMPT} aws kms generate-`);
    const listed = lines.slice(1, -1).flatMap((line) => line.split(/\s+/));
    expect(listed).toEqual([
      'generate-data-key',
      'generate-data-key-pair',
      'generate-data-key-pair-without-plaintext',
      'generate-data-key-without-plaintext',
      'generate-mac',
      'generate-random',
    ]);
    expect(lines.slice(1, -1)).toHaveLength(6); // the longest takes 42 cells: one column in 80
    expect(t.screen.cursor).toEqual({ line: lines.length - 1, col: `${PROMPT} aws kms generate-`.length });
    await t.typeKeys('r', KEY.tab);
    expect(t.screen.cursorLine()).toBe(`${PROMPT} aws kms generate-random`);
  });

  it('runs each line of a bracketed paste in order', async () => {
    const t = await setUp();
    const script = [
      'echo "My secret data" > s.txt',
      'KEY=$(aws kms create-key --query KeyMetadata.KeyId --output text)',
      'aws kms encrypt --key-id $KEY --plaintext fileb://s.txt --query KeyId --output text',
    ];
    await t.send(bracketedPaste(`${script.join('\n')}\n`));
    expect(t.commands.map((c) => [c.line, c.result.exitCode])).toEqual(script.map((line) => [line, 0]));
    const key = t.sandbox.session.variables.get('KEY')?.value;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.screen.linesFrom(0)).toEqual([
      ...rows(`${PROMPT} ${script[0]}`),
      // The second and third lines are wider than 80 columns and wrap.
      ...rows(`${PROMPT} ${script[1]}`),
      ...rows(`${PROMPT} ${script[2]}`),
      `arn:aws:kms:us-east-1:111122223333:key/${key}`,
      PROMPT,
    ]);
    expect(new TextDecoder().decode(t.sandbox.session.vfs.readFile('/home/learner/s.txt'))).toBe('My secret data\n');
  });

  it('keeps a pasted last line without a newline for the learner to finish', async () => {
    const t = await setUp();
    await t.send(bracketedPaste('echo one\necho tw'));
    await t.typeKeys('o', KEY.enter);
    expect(t.commands.map((c) => c.line)).toEqual(['echo one', 'echo two']);
  });

  it('waits with "> " while a pasted command continues', async () => {
    const t = await setUp();
    await t.send(bracketedPaste('echo "a\nb" |\ncat\necho done\n'));
    expect(t.commands.map((c) => c.line)).toEqual(['echo "a\nb" |\ncat', 'echo done']);
    expect(t.screen.linesFrom(0)).toEqual([`${PROMPT} echo "a`, '> b" |', '> cat', 'a', 'b', `${PROMPT} echo done`, 'done', PROMPT]);
  });

  it('edits a line that wraps past 80 columns', async () => {
    const t = await setUp();
    const long = `echo ${'0123456789'.repeat(9)}`; // 95 characters after a 19-character prompt
    await t.typeKeys(long);
    expect(t.screen.linesFrom(0)).toEqual(rows(`${PROMPT} ${long}`));
    expect(t.screen.cursor).toEqual({ line: 1, col: START + long.length - 80 });
    await t.typeKeys(...times(40, KEY.left));
    expect(t.screen.cursor).toEqual({ line: 0, col: START + long.length - 40 });
    await t.typeKeys(KEY.backspace, KEY.backspace, KEY.backspace);
    const edited = long.slice(0, long.length - 43) + long.slice(long.length - 40);
    expect(t.screen.linesFrom(0)).toEqual(rows(`${PROMPT} ${edited}`));
    expect(t.screen.cursor).toEqual({ line: 0, col: START + long.length - 43 });
    await t.typeKeys('ABCDEFGHIJ');
    const typed = long.slice(0, long.length - 43) + 'ABCDEFGHIJ' + long.slice(long.length - 40);
    expect(t.screen.linesFrom(0)).toEqual(rows(`${PROMPT} ${typed}`));
    expect(t.screen.cursor).toEqual({ line: 1, col: START + long.length - 33 - 80 });
    // Back over the row boundary, and Delete there.
    await t.typeKeys(...times(2, KEY.left), KEY.delete);
    const deleted = typed.slice(0, typed.length - 42) + typed.slice(typed.length - 41);
    expect(t.screen.linesFrom(0)).toEqual(rows(`${PROMPT} ${deleted}`));
    expect(t.screen.cursor).toEqual({ line: 0, col: 79 });
    await t.typeKeys(KEY.enter);
    expect(t.commands[0]!.line).toBe(deleted);
    expect(t.screen.linesFrom(2)).toEqual([...rows(deleted.slice(5)), PROMPT]);
  });

  it('abandons the line on Ctrl-C', async () => {
    const t = await setUp();
    await t.typeKeys('echo nope', KEY.ctrlC);
    expect(t.screen.text()).toBe(`${PROMPT} echo nope^C\n${PROMPT}`);
    expect(t.commands).toEqual([]);
    await t.typeKeys('echo yes', KEY.enter);
    expect(t.screen.linesFrom(1)).toEqual([`${PROMPT} echo yes`, 'yes', PROMPT]);
  });

  it('queues keystrokes typed while a command runs and applies them after it', async () => {
    const { held, release } = holdingSession((await Sandbox.create({ seed: 1, ansi: true })).session);
    const t = await setUp({ wrap: () => held });
    t.port.typeKeys('echo one\r');
    expect(t.controller.busy).toBe(true);
    t.port.typeKeys('echo two\r');
    t.port.typeKeys('echo thr');
    // Nothing of the typed-ahead text shows while the command runs.
    expect(t.screen.text()).toBe(`${PROMPT} echo one`);
    await release();
    await release();
    await t.controller.idle();
    expect(t.controller.busy).toBe(false);
    expect(t.screen.linesFrom(0)).toEqual([`${PROMPT} echo one`, 'one', `${PROMPT} echo two`, 'two', `${PROMPT} echo thr`]);
  });

  it('discards typed-ahead keys on Ctrl-C while a command runs, as a tty does', async () => {
    const { held, release } = holdingSession((await Sandbox.create({ seed: 1, ansi: true })).session);
    const t = await setUp({ wrap: () => held });
    t.port.typeKeys('echo one\r');
    t.port.typeKeys('echo oops\r');
    t.port.send(KEY.ctrlC);
    t.port.typeKeys('echo');
    await release();
    await t.controller.idle();
    expect(t.commands.map((c) => c.line)).toEqual(['echo one']);
    // The command had not started when the key came, so it ran; ^C shows as the tty echoes it.
    expect(t.screen.linesFrom(0)).toEqual([`${PROMPT} echo one`, 'one', '^C', `${PROMPT} echo`]);
  });

  it('interrupts a long command on Ctrl-C: ^C, the prompt again, status 130 (before: it ran on, Ctrl-C only dropped type-ahead)', async () => {
    const t = await setUp({ cols: 200 });
    await t.typeKeys('echo secret > f', KEY.enter);
    // PBKDF2 with MD5 runs in JavaScript: 99,999,999 rounds would take minutes.
    const long = 'openssl enc -aes-256-cbc -md md5 -pbkdf2 -iter 99999999 -pass pass:x -in f -out g';
    t.port.typeKeys(`${long}\r`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.controller.busy).toBe(true);
    t.port.typeKeys('ls');
    t.port.send(KEY.ctrlC);
    await t.controller.idle();
    expect(t.commands.map((c) => [c.line, c.result.exitCode])).toEqual([
      ['echo secret > f', 0],
      [long, 130],
    ]);
    expect(t.screen.linesFrom(1)).toEqual([`${PROMPT} ${long}`, '^C', PROMPT]);
    await t.typeKeys('echo $?', KEY.enter);
    expect(t.screen.linesFrom(3)).toEqual([`${PROMPT} echo $?`, '130', PROMPT]);
  });

  it('puts ^C where the output of an interrupted command stopped', async () => {
    const t = await setUp({ cols: 200 });
    t.port.typeKeys('echo x > f; printf partial; openssl enc -aes-128-cbc -md md5 -pbkdf2 -iter 99999999 -pass pass:x -in f -out g; echo never\r');
    await new Promise((resolve) => setTimeout(resolve, 300));
    t.port.send(KEY.ctrlC);
    await t.controller.idle();
    expect(t.screen.linesFrom(1)).toEqual(['partial^C', PROMPT]);
    expect(t.commands[0]!.result.exitCode).toBe(130);
  });

  it("types and runs a lesson's command, then gives back the line being written", async () => {
    const t = await setUp();
    await t.typeKeys('ls -');
    t.controller.type('echo from the lesson', { run: true });
    await t.controller.idle();
    expect(t.screen.linesFrom(0)).toEqual([`${PROMPT} echo from the lesson`, 'from the lesson', `${PROMPT} ls -`]);
    t.controller.type('la');
    await t.controller.idle();
    expect(t.screen.cursorLine()).toBe(`${PROMPT} ls -la`);
  });

  it('runs a typed command after the one running', async () => {
    const { held, release } = holdingSession((await Sandbox.create({ seed: 1, ansi: true })).session);
    const t = await setUp({ wrap: () => held });
    t.port.typeKeys('echo first\r');
    t.controller.type('echo second', { run: true });
    await release();
    await release();
    await t.controller.idle();
    expect(t.commands.map((c) => c.line)).toEqual(['echo first', 'echo second']);
  });

  it('says so when the shell exits, and carries on', async () => {
    const t = await setUp();
    await t.typeKeys('X=kept', KEY.enter, 'exit', KEY.enter);
    expect(t.screen.linesFrom(1)).toEqual([`${PROMPT} exit`, 'exit: the shell has restarted. Your files, keys and variables are still here.', PROMPT]);
    expect(t.announced.at(-1)).toContain('restarted');
    await t.typeKeys('echo $X', KEY.enter);
    expect(t.screen.linesFrom(4)).toEqual(['kept', PROMPT]);
  });

  it('answers Ctrl-D on an empty line as bash with IGNOREEOF does', async () => {
    const t = await setUp();
    await t.typeKeys(KEY.ctrlD);
    expect(t.screen.linesFrom(0)).toEqual([PROMPT, 'Use "exit" to leave the shell.', PROMPT]);
    expect(t.commands).toEqual([]);
  });

  it('starts the prompt on a new row after output without a final newline', async () => {
    const t = await setUp();
    await t.typeKeys('printf abc', KEY.enter);
    expect(t.screen.linesFrom(0)).toEqual([`${PROMPT} printf abc`, 'abc', PROMPT]);
  });

  it('shows stdout and stderr in the order they were written, and announces them without colour', async () => {
    const t = await setUp();
    await t.typeKeys('echo a; ls nope; printf "\\e[31mb\\e[0m\\n"', KEY.enter);
    expect(t.screen.linesFrom(1)).toEqual(['a', "ls: cannot access 'nope': No such file or directory", 'b', PROMPT]);
    expect(t.announced).toEqual(["a\nls: cannot access 'nope': No such file or directory\nb"]);
  });

  it('clears the screen for `clear` and Ctrl-L, with the prompt on the top row', async () => {
    const t = await setUp();
    await t.typeKeys('echo hi', KEY.enter, 'clear', KEY.enter);
    expect(t.screen.text()).toBe(PROMPT);
    expect(t.screen.cursor).toEqual({ line: 0, col: PROMPT.length + 1 });
    await t.typeKeys('echo a', KEY.enter, 'echo b', KEY.ctrlL);
    expect(t.screen.text()).toBe(`${PROMPT} echo b`);
  });

  it('wraps at the new width after the terminal is resized', async () => {
    const t = await setUp();
    t.port.resize(30);
    await t.typeKeys('echo 0123456789abc');
    expect(t.screen.linesFrom(0)).toEqual([`${PROMPT} echo 012345`, '6789abc']);
  });

  it('uses a given prompt, and skips empty lines', async () => {
    const t = await setUp({ options: { prompt: () => '% ' } });
    await t.typeKeys(KEY.enter, '   ', KEY.enter, 'echo x', KEY.enter);
    expect(t.screen.linesFrom(0)).toEqual(['%', '%', '% echo x', 'x', '%']);
    expect(t.commands.map((c) => c.line)).toEqual(['echo x']);
  });

  it('keeps going when a callback throws or the session fails', async () => {
    const failing: TerminalSession = {
      prompt: () => '$ ',
      complete: () => ({ candidates: [], replaceFrom: 0 }),
      subscribe: () => () => {},
      interrupt: () => {},
      run: () => Promise.reject(new Error('boom')),
    };
    const port = new FakePort();
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      const controller = createTerminalController({
        port,
        session: failing,
        onCommand: () => {
          throw new Error('page bug');
        },
      });
      port.typeKeys('x\r');
      await controller.idle();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(port.screen.linesFrom(0)).toEqual(['$ x', 'bash: internal error: boom', '$']);
      expect(errors).toHaveLength(1);
    } finally {
      process.off('uncaughtException', onError);
    }
  });

  it('stops listening when disposed', async () => {
    const { held, release } = holdingSession((await Sandbox.create({ seed: 1, ansi: true })).session);
    const t = await setUp({ wrap: () => held });
    t.port.typeKeys('echo late\r');
    t.controller.dispose();
    expect(t.port.listening).toBe(0);
    expect(t.screen.modes.has('?2004')).toBe(false);
    const writes = t.port.writes.length;
    await release();
    await t.controller.idle();
    t.port.typeKeys('more');
    t.controller.type('echo x', { run: true });
    expect(t.port.writes).toHaveLength(writes);
    expect(t.controller.busy).toBe(false);
  });
});

describe('terminal controller: history search and keys that leave', () => {
  it('runs the command Ctrl-R finds, not the words typed after it (before: they ran as a command)', async () => {
    const t = await setUp();
    await t.typeKeys('echo first', KEY.enter, 'echo second', KEY.enter);
    await t.typeKeys('\x12', 'fir');
    expect(t.screen.cursorLine()).toBe("(reverse-i-search)`fir': echo first");
    await t.typeKeys(KEY.enter);
    expect(t.commands.map((c) => c.line)).toEqual(['echo first', 'echo second', 'echo first']);
    expect(t.screen.linesFrom(4)).toEqual([`${PROMPT} echo first`, 'first', PROMPT]);
  });

  it('says "failed reverse-i-search" when nothing matches, and Ctrl-G gives the prompt back', async () => {
    const t = await setUp();
    await t.typeKeys('echo only', KEY.enter, 'draft', '\x12', 'zzz');
    expect(t.screen.cursorLine()).toBe("(failed reverse-i-search)`zzz': draft");
    expect(t.screen.bells).toBeGreaterThan(0);
    await t.typeKeys('\x07');
    expect(t.screen.cursorLine()).toBe(`${PROMPT} draft`);
    expect(t.commands.map((c) => c.line)).toEqual(['echo only']);
  });

  it('ignores Shift+Tab if a terminal sends it (the browser moves the focus instead, see key-policy.ts)', async () => {
    const t = await setUp();
    await t.typeKeys('aws km', '\x1b[Z');
    expect(t.screen.text()).toBe(`${PROMPT} aws km`);
    expect(t.screen.bells).toBe(0);
  });
});

/** A store in memory, recording when each save happened. */
function memoryStore(initial?: string) {
  const saves: { text: string; at: number }[] = [];
  let text = initial;
  const store: ScrollbackStore = {
    load: () => text,
    save: (next) => {
      text = next;
      saves.push({ text: next, at: Date.now() });
    },
  };
  return { store, saves, get text() {
    return text;
  } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MARK = '── restored from your last visit ──';

describe('terminal controller: scrollback kept across page loads', () => {
  it('shows what the last page showed above a fresh prompt, under a dim "restored" row', async () => {
    const saved = memoryStore();
    const first = await setUp({ options: { scrollback: { store: saved.store, delayMs: 5 } } });
    await first.typeKeys('echo one', KEY.enter, 'printf "two"', KEY.enter, 'half typed');
    first.controller.saveScrollback();
    first.controller.dispose();
    // The next page: a new terminal (narrower, as on a phone), the same store; the rows wrap at the new width.
    const second = await setUp({ cols: 30, options: { scrollback: { store: saved.store, delayMs: 5 } } });
    expect(second.screen.text().split('\n')).toEqual([`${PROMPT} echo one`, 'one', `${PROMPT} printf "two`, '"', 'two', MARK.slice(0, 30), MARK.slice(30), PROMPT]);
    expect(second.port.writes.join('')).toContain('\x1b[90m── restored');
    // The restored rows keep their colours.
    expect(saved.text).toContain('\x1b[1;32m');
    await second.typeKeys('echo three', KEY.enter);
    second.controller.saveScrollback();
    const third = await setUp({ options: { scrollback: { store: saved.store } } });
    expect(third.screen.text().split('\n')).toEqual([`${PROMPT} echo one`, 'one', `${PROMPT} printf "two"`, 'two', MARK, `${PROMPT} echo three`, 'three', MARK, PROMPT]);
    // A page that adds nothing does not add another mark.
    third.controller.saveScrollback();
    const fourth = await setUp({ options: { scrollback: { store: saved.store } } });
    expect(fourth.screen.text().split('\n').filter((row) => row === MARK)).toHaveLength(2);
  });

  it('saves a moment after the output stops, never while a command runs', async () => {
    const saved = memoryStore();
    const { held, release } = holdingSession((await Sandbox.create({ seed: 1, ansi: true })).session);
    const t = await setUp({ wrap: () => held, options: { scrollback: { store: saved.store, delayMs: 30 } } });
    t.port.typeKeys('echo one\r');
    await release();
    await t.controller.idle();
    // Enter again at once: the save due for "one" falls while "two" runs, and waits.
    t.port.typeKeys('echo two\r');
    await sleep(80);
    expect(t.controller.busy).toBe(true);
    expect(saved.saves).toEqual([]);
    await release();
    await t.controller.idle();
    const done = Date.now();
    expect(saved.saves).toEqual([]);
    await sleep(80);
    expect(saved.saves).toHaveLength(1);
    expect(saved.saves[0]!.at - done).toBeGreaterThanOrEqual(25);
    expect(saved.saves[0]!.text.split('\n').slice(1)).toEqual([`\x1b[1;32mlearner@kms-lab\x1b[0m:\x1b[1;34m~\x1b[0m$ echo one`, 'one', `\x1b[1;32mlearner@kms-lab\x1b[0m:\x1b[1;34m~\x1b[0m$ echo two`, 'two']);
    // Typing alone changes nothing kept: no more saves.
    await t.typeKeys('echo thr');
    await sleep(80);
    expect(saved.saves).toHaveLength(1);
  });

  it('restores only what followed the last clear (the clear command or Ctrl-L)', async () => {
    const saved = memoryStore();
    const t = await setUp({ options: { scrollback: { store: saved.store } } });
    await t.typeKeys('echo gone', KEY.enter, 'clear', KEY.enter, 'echo kept', KEY.enter);
    t.controller.saveScrollback();
    expect((await setUp({ options: { scrollback: { store: saved.store } } })).screen.text().split('\n')).toEqual([`${PROMPT} echo kept`, 'kept', MARK, PROMPT]);
    await t.typeKeys(KEY.ctrlL, 'echo after', KEY.enter);
    t.controller.saveScrollback();
    expect((await setUp({ options: { scrollback: { store: saved.store } } })).screen.text().split('\n')).toEqual([`${PROMPT} echo after`, 'after', MARK, PROMPT]);
  });

  it('keeps interrupted lines, searches and completion listings as they were shown', async () => {
    const saved = memoryStore();
    const t = await setUp({ options: { scrollback: { store: saved.store } } });
    await t.typeKeys('echo nope', KEY.ctrlC, 'aws kms list-ke', KEY.tab, KEY.tab, KEY.ctrlC, 'echo "a', KEY.enter, 'b"', KEY.enter);
    await t.typeKeys('\x12', 'echo', KEY.ctrlC, 'printf "no newline"', KEY.enter);
    const shown = t.screen.text().split('\n').slice(0, -1);
    expect(shown).toContain(`${PROMPT} aws kms list-key^C`);
    expect(shown).toContain('(reverse-i-search)`echo\': echo "a^Jb"^C');
    expect(shown).toContain('> b"');
    t.controller.saveScrollback();
    const again = await setUp({ options: { scrollback: { store: saved.store } } });
    expect(again.screen.text().split('\n')).toEqual([...shown, MARK, PROMPT]);
  });

  it('works on when storage refuses to load or save', async () => {
    const broken: ScrollbackStore = {
      load: () => {
        throw new Error('blocked');
      },
      save: () => {
        throw new Error('full');
      },
    };
    const t = await setUp({ options: { scrollback: { store: broken, delayMs: 1 } } });
    await t.typeKeys('echo fine', KEY.enter);
    await sleep(10);
    t.controller.saveScrollback();
    expect(t.screen.linesFrom(0)).toEqual([`${PROMPT} echo fine`, 'fine', PROMPT]);
  });
});
