import { describe, expect, it } from 'vitest';
import { HOLD_MS, holdAfterEnter } from '../../../src/components/terminal/enter-hold.ts';
import { createTerminalController } from '../../../src/components/terminal/terminal-controller.ts';
import type { TerminalPort } from '../../../src/components/terminal/terminal-port.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

/** A terminal that records each write it gets, and lets the test type. */
function recordingPort() {
  const writes: string[] = [];
  let listener: ((data: string) => void) | undefined;
  const port: TerminalPort = {
    write: (data) => void writes.push(data),
    onData: (l) => ((listener = l), () => (listener = undefined)),
    onResize: () => () => {},
    cols: 80,
    rows: 24,
  };
  return { port, writes, type: (data: string) => listener?.(data) };
}

function manualAfter() {
  let pending: { run: () => void } | undefined;
  return {
    after: (_ms: number, run: () => void) => ((pending = { run }), () => (pending = undefined)),
    fire: () => pending?.run(),
    get armed() {
      return pending !== undefined;
    },
  };
}

describe('holdAfterEnter', () => {
  it('writes the line break, the output and the next prompt of a command as one write, and keystrokes at once', async () => {
    const box = await Sandbox.create({ seed: 1 });
    const terminal = recordingPort();
    const clock = manualAfter();
    const holder: { busy: () => boolean } = { busy: () => false };
    const port = holdAfterEnter(terminal.port, () => holder.busy(), clock.after);
    const controller = createTerminalController({ port, session: box.session, prompt: () => '$ ' });
    holder.busy = () => controller.busy;
    terminal.writes.length = 0;

    terminal.type('e');
    expect(terminal.writes).toEqual(['e']); // a keystroke's echo is never held
    terminal.type('cho hi');
    terminal.type('\r');
    await controller.idle();
    expect(terminal.writes.slice(1)).toEqual(['cho hi', '\r\nhi\r\n$ ']);
    expect(clock.armed).toBe(false);
  });

  it('lets an empty Enter and a continued line through as soon as the prompt shows', async () => {
    const box = await Sandbox.create({ seed: 1 });
    const terminal = recordingPort();
    const clock = manualAfter();
    let controller: ReturnType<typeof createTerminalController> | undefined;
    const port = holdAfterEnter(terminal.port, () => controller?.busy ?? false, clock.after);
    controller = createTerminalController({ port, session: box.session, prompt: () => '$ ' });
    terminal.writes.length = 0;
    terminal.type('\r');
    await controller.idle();
    expect(terminal.writes.join('')).toBe('\r\n$ ');
    terminal.writes.length = 0;
    terminal.type('echo "a\r');
    expect(terminal.writes.join('')).toBe('echo "a\r\n> ');
  });

  it('shows the line break of a command still running after HOLD_MS, and holds no more of it', async () => {
    const terminal = recordingPort();
    const clock = manualAfter();
    let busy = true;
    const port = holdAfterEnter(terminal.port, () => busy, clock.after);
    port.onData(() => port.write('\r\n'));
    terminal.type('\r');
    expect(terminal.writes).toEqual([]);
    expect(HOLD_MS).toBeLessThanOrEqual(50);
    clock.fire();
    expect(terminal.writes).toEqual(['\r\n']);
    port.write('late output');
    expect(terminal.writes.at(-1)).toBe('late output');
    busy = false;
  });
});
