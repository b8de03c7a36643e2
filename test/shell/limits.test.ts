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
