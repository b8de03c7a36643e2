/**
 * Inputs that used to leak a JavaScript error or block for seconds: deep nesting, long runs of
 * operators, huge glob patterns, deep mkdir -p, huge printf widths, long-running input. Each gets
 * bash's own message or a stated limit, quickly.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ARITH_NESTING } from '../../src/shell/arith.ts';
import { MAX_NESTING } from '../../src/shell/parse.ts';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';

const TOO_DEEP = `bash: syntax error: nesting too deep: KMS Lab's shell allows ${MAX_NESTING} levels of ( ), $( ), \` \`, $(( )) and \${ } inside one another\n`;

async function run(line: string) {
  const sandbox = await Sandbox.create({ seed: 1 });
  const start = performance.now();
  const result = await runText(sandbox.session, line);
  return { ...result, ms: performance.now() - start };
}

describe('nesting', () => {
  it.each([
    ['1,000 nested $(', `echo ${'$('.repeat(1000)}echo hi${')'.repeat(1000)}`],
    ['1,000 nested $((', `echo ${'$(('.repeat(1000)}1${'))'.repeat(1000)}`],
    ['3,000 nested (', `${'('.repeat(3000)}echo hi${')'.repeat(3000)}`],
    ['3,000 nested ( with spaces', `${'( '.repeat(3000)}echo hi${' )'.repeat(3000)}`],
    ['1,000 nested ${x:-', `echo ${'${x:-'.repeat(1000)}1${'}'.repeat(1000)}`],
    ['an unfinished deep nesting', `echo ${'$('.repeat(5000)}`],
  ])('%s: a stated limit, not a stack overflow', async (_, line) => {
    const result = await run(line);
    expect(result.stderr).toBe(TOO_DEEP);
    expect(result.exitCode).toBe(2);
    expect(result.ms).toBeLessThan(2000);
  });

  it('runs nesting up to the limit, of every kind mixed', async () => {
    const depth = MAX_NESTING / 4;
    const line = `echo ${'$( ( echo $(( ${x:-'.repeat(depth)}1${'} )) ) )'.repeat(depth)}`;
    expect(await run(line)).toMatchObject({ stdout: '1\n', stderr: '', exitCode: 0 });
    expect(await run(`echo ${'$(echo '.repeat(MAX_NESTING)}hi${')'.repeat(MAX_NESTING)}`)).toMatchObject({ stdout: 'hi\n', exitCode: 0 });
    expect(await run(`${'('.repeat(MAX_NESTING)}echo hi${')'.repeat(MAX_NESTING)}`)).toMatchObject({ stdout: 'hi\n', exitCode: 0 });
  });

  it('evaluates arithmetic nested to its limit inside the deepest substitution', async () => {
    const inner = `$(( ${'('.repeat(MAX_ARITH_NESTING - 1)}7${')'.repeat(MAX_ARITH_NESTING - 1)} ))`;
    const line = `echo ${'$(echo '.repeat(MAX_NESTING - 2)}${inner}${')'.repeat(MAX_NESTING - 2)}`;
    expect(await run(line)).toMatchObject({ stdout: '7\n', stderr: '', exitCode: 0 });
  });
});

describe('arithmetic', () => {
  it('reports parentheses nested past the limit in bash words', async () => {
    const n = MAX_ARITH_NESTING + 1;
    const result = await run(`echo $((${'('.repeat(n)}1${')'.repeat(n)}))`);
    expect(result.stderr).toMatch(/^bash: \(+1\)+: expression recursion level exceeded \(error token is "\(1\)+"\)\n$/);
    expect(result.exitCode).toBe(1);
  });

  it('takes long runs of prefix operators and ** without using the stack', async () => {
    expect(await run(`echo $((${'-'.repeat(100_000)}1)) $((${'- '.repeat(50_001)}1)) $((${'!'.repeat(99_999)}0))`)).toMatchObject({
      stdout: '1 -1 1\n',
      exitCode: 0,
    });
    expect(await run(`echo $((${'1**'.repeat(20_000)}2)) $((2**3**2)) $((-2**2)) $((2**-1))`)).toMatchObject({
      stdout: '',
      stderr: 'bash: 2**-1: exponent less than 0 (error token is "1")\n',
    });
    expect(await run(`echo $((${'1**'.repeat(20_000)}2)) $((2**3**2)) $((-2**2)) $((2**62*2)) $((10-2-3)) $((2*3+4*5))`)).toMatchObject({
      stdout: '1 512 4 -9223372036854775808 5 26\n',
      exitCode: 0,
    });
  });

  it('nests ?: within the limit and reports past it', async () => {
    const n = 2000;
    const result = await run(`echo $((${'1?'.repeat(n)}5${':0'.repeat(n)}))`);
    expect(result.stderr).toContain('expression recursion level exceeded');
    expect(await run(`echo $((${'1?'.repeat(500)}5${':0'.repeat(500)}))`)).toMatchObject({ stdout: '5\n', exitCode: 0 });
  });
});

describe('file names', () => {
  it('creates mkdir -p paths up to PATH_MAX in one walk, then says File name too long as Linux does', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    const deep = Array(3000).fill('a').join('/');
    const start = performance.now();
    const result = await runText(sandbox.session, `mkdir -p ${deep}`);
    expect(performance.now() - start).toBeLessThan(500);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^mkdir: cannot create directory ‘(a\/)+a’: File name too long\n$/);
    // /home/learner/ + a/… : the deepest directory made has a path just under 4096 bytes.
    const made = (await runText(sandbox.session, `cd ${Array(2041).fill('a').join('/')} && pwd | wc -c`)).stdout;
    expect(Number(made) - 1).toBeLessThan(4096); // wc counts pwd's newline
    expect((await runText(sandbox.session, `cd ${Array(2042).fill('a').join('/')}`)).stderr).toMatch(/: File name too long\n$/);
    const longer = await runText(sandbox.session, `mkdir -p ${Array(60000).fill('b').join('/')}`);
    expect(longer.stderr).toMatch(/File name too long\n$/);
  });

  it('refuses a name over 255 bytes as GNU tools do', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    const long = 'b'.repeat(256);
    expect(await runText(sandbox.session, `mkdir ${long}`)).toMatchObject({ stderr: `mkdir: cannot create directory ‘${long}’: File name too long\n`, exitCode: 1 });
    expect((await runText(sandbox.session, `mkdir -p x/${long}/c`)).stderr).toBe(`mkdir: cannot create directory ‘x/${long}’: File name too long\n`);
    expect((await runText(sandbox.session, `echo hi > ${long}`)).stderr).toBe(`bash: ${long}: File name too long\n`);
    expect((await runText(sandbox.session, `touch ${long}`)).stderr).toContain(': File name too long\n');
    expect((await runText(sandbox.session, `cat ${long}`)).stderr).toContain(': File name too long\n');
    await runText(sandbox.session, 'echo hi > f; mkdir d');
    for (const line of [`cp f ${long}`, `cp -r d ${long}`, `mv f ${long}`, `mv d ${long}`, `cp f d/${long}`]) {
      expect((await runText(sandbox.session, line)).stderr, line).toMatch(new RegExp(`^(cp|mv): cannot stat '(d/)?${long}': File name too long\\n$`));
    }
    await runText(sandbox.session, 'rm -r f d');
    expect(await runText(sandbox.session, `mkdir ${'é'.repeat(127)} && ls`)).toMatchObject({ stdout: `x\n${'é'.repeat(127)}\n`, exitCode: 0 });
    expect((await runText(sandbox.session, `mkdir ${'é'.repeat(128)}`)).stderr).toContain('File name too long');
  });

  it('looks up a missing deep path in one pass (cat, touch: tools that ask whether a file blocks the way)', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    const deep = Array(2000).fill('a').join('/');
    const start = performance.now();
    const result = await runText(sandbox.session, `touch ${deep}; cat ${deep}; touch f; cat f/${deep}`);
    expect(performance.now() - start).toBeLessThan(300);
    expect(result.stderr.split('\n').map((l) => l.replace(/(a\/)+a/, 'A'))).toEqual([
      "touch: cannot touch 'A': No such file or directory",
      'cat: A: No such file or directory',
      'cat: f/A: Not a directory',
      '',
    ]);
  });

  it('keeps mkdir -p -v naming each directory as written', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    expect(await runText(sandbox.session, 'mkdir -p -v a/./b/../c//d/ && ls a')).toMatchObject({
      stdout: "mkdir: created directory 'a'\nmkdir: created directory 'a/./b'\nmkdir: created directory 'a/./b/../c'\nmkdir: created directory 'a/./b/../c//d'\nb\nc\n",
      exitCode: 0,
    });
    await runText(sandbox.session, 'touch f');
    expect((await runText(sandbox.session, 'mkdir -p f/g f')).stderr).toBe("mkdir: cannot create directory ‘f’: Not a directory\nmkdir: cannot create directory ‘f’: File exists\n");
  });
});

describe('output size', () => {
  it("stops one printf at 16 MiB with a stated limit instead of building 100 MB", async () => {
    const start = performance.now();
    const result = await run("printf '%99999999d' 1");
    expect(performance.now() - start).toBeLessThan(1000);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("bash: printf: output too large: KMS Lab's shell stops one printf at 16 MiB\n");
    expect(result.exitCode).toBe(1);
    expect((await run("printf '%.99999999d' 1")).stderr).toContain('output too large');
    expect((await run("printf '%*s' 99999999 x")).stderr).toContain('output too large');
    expect((await run("printf '%1000000s' $(seq 1 1 2>/dev/null) a b c d e f g h i j k l m n o p q r | wc -c")).stderr).toContain('output too large');
  });

  it('prints widths bash prints, exactly, below the limit', async () => {
    expect((await run("printf '%2000000d' 7 | wc -c")).stdout).toBe('2000000\n');
    expect((await run("printf '%-3000000s|' x | tail -c 2")).stdout).toBe(' |');
  });

  it('cuts what one line sends to the terminal at 16 MiB, with a note', async () => {
    const result = await run("printf '%10000000d\\n' 1; printf '%10000000d\\n' 2; echo after");
    expect(result.stdout.length).toBe(16 * 1024 * 1024 - (result.stderr.length - result.stderr.length));
    expect(result.stderr).toBe("bash: output cut at 16 MiB: KMS Lab's terminal shows at most 16 MiB from one command line (redirect to a file to keep more)\n");
    const toFile = await run("printf '%10000000d\\n' 1 > f; printf '%10000000d\\n' 2 >> f; wc -c < f");
    expect(toFile).toMatchObject({ stdout: '20000002\n', stderr: '' });
  });
});

describe('interrupting', () => {
  it('stops a long run of commands on interrupt(), drops the rest, and answers 130', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    const line = `echo start; ${Array(200_000).fill('x=1').join('; ')}; echo never`;
    let ticks = 0;
    let ticker: ReturnType<typeof setInterval> | undefined;
    const started = new Promise<void>((resolve) =>
      sandbox.session.subscribe((event) => {
        if (event.type === 'output' && ticker === undefined) {
          ticker = setInterval(() => ticks++, 5);
          resolve();
        }
      }),
    );
    const running = runText(sandbox.session, line);
    await started;
    await new Promise((r) => setTimeout(r, 300));
    sandbox.session.interrupt();
    const start = performance.now();
    const result = await running;
    clearInterval(ticker);
    expect(performance.now() - start).toBeLessThan(200);
    expect(result).toEqual({ stdout: 'start\n', stderr: '', exitCode: 130 });
    // The interpreter handed the thread back while it worked: the timers ran meanwhile (this
    // one, and the one that interrupted).
    expect(ticks).toBeGreaterThanOrEqual(2);
    expect(await runText(sandbox.session, 'echo $? ok')).toEqual({ stdout: '130 ok\n', stderr: '', exitCode: 0 });
  });

  it('stops openssl enc -iter 99999999 (PBKDF2 in JavaScript, for md5) at once', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    await runText(sandbox.session, 'echo secret > f');
    const running = runText(sandbox.session, 'openssl enc -aes-128-cbc -md md5 -iter 99999999 -pass pass:x -in f -out f.enc; echo never');
    await new Promise((r) => setTimeout(r, 300));
    sandbox.session.interrupt();
    const start = performance.now();
    const result = await running;
    expect(performance.now() - start).toBeLessThan(500);
    expect(result.exitCode).toBe(130);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain('internal error');
  });

  it('leaves the next input alone: an interrupt between inputs is forgotten', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    sandbox.session.interrupt();
    expect(await runText(sandbox.session, 'echo fine')).toEqual({ stdout: 'fine\n', stderr: '', exitCode: 0 });
  });
});
