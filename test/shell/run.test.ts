import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64Decode } from '../../src/kms/base64.ts';
import { createSession, runText, type Session, type SessionEvent, type SessionOptions } from '../../src/shell/run.ts';
import type { CommandFn } from '../../src/shell/types.ts';
import { HOME, Vfs } from '../../src/shell/vfs.ts';
import { HAS_BASH, interactive, realBash } from './real-bash.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Small stand-ins for the injected commands. */
const FAKES: Record<string, CommandFn> = {
  // GNU cat, enough for these tests.
  cat: ({ args, stdin, stdout, stderr, vfs, cwd }) => {
    if (args.length === 0) stdout(stdin);
    let status = 0;
    for (const a of args) {
      const path = vfs.resolve(cwd, a);
      const stat = vfs.stat(path);
      if (stat === undefined) {
        stderr(`cat: ${a}: No such file or directory\n`);
        status = 1;
      } else stdout(vfs.readFile(path));
    }
    return status;
  },
  base64: ({ args, stdin, stdout }) => {
    if (args[0] !== '--decode') throw new Error('only --decode here');
    stdout(base64Decode(text(stdin).replace(/\s/g, '')));
    return 0;
  },
  /** Writes bytes that are not UTF-8. */
  binary: ({ stdout }) => {
    stdout(new Uint8Array([0, 255, 128, 10, 13, 0xc3]));
    return 0;
  },
  boom: () => {
    throw new Error('kaboom');
  },
  boomstring: () => {
    throw 'not an Error';
  },
  /** Writes to both streams and fails with 3. */
  mixed: ({ stdout, stderr }) => {
    stdout('out\n');
    stderr('err\n');
    return 3;
  },
  status: ({ args }) => Number(args[0]),
  getenv: ({ args, env, stdout }) => {
    for (const name of args) stdout(`${name}=${env[name] ?? '<unset>'}\n`);
    return 0;
  },
  where: ({ cwd, stdout }) => {
    stdout(`${cwd}\n`);
    return 0;
  },
  /** Uses the session services a command is given. */
  services: ({ args, session, stdout }) => {
    if (args[0] === 'chdir') session.chdir(args[1]!);
    if (args[0] === 'set') session.setVariable(args[1]!, args[2], args[3] === 'export');
    if (args[0] === 'history') stdout(`${session.history().length}\n`);
    if (args[0] === 'ansi') stdout(`${session.ansi}\n`);
    return 0;
  },
  stdinlen: ({ stdin, stdout }) => {
    stdout(`${stdin.length}\n`);
    return 0;
  },
};

function session(options: Partial<SessionOptions> = {}): Session {
  return createSession({ commands: FAKES, ...options });
}

async function run(line: string, s: Session = session()) {
  return runText(s, line);
}

describe('the same output as bash', () => {
  // Only builtins (and cat) here, so the real bash runs the very same script.
  const SCRIPTS = [
    'X="a  b"; echo "a  b" $X',
    `printf '%s-%d\\n' a 1 b 2`,
    'printf "[%s]" $EMPTY "" "$EMPTY" a$EMPTY; echo',
    'X=" lead  trail "; printf "[%s]" $X "$X" x${X}y; echo',
    "X=$'a\\tb\\nc'; printf '[%s]' $X; echo",
    "IFS=,; X=a,,b,; printf '[%s]' $X; echo",
    "IFS=', '; X='a , b,,c'; printf '[%s]' $X; echo",
    "IFS=; X='a b'; printf '[%s]' $X; echo",
    'X="1 2"; Y=$X; printf "[%s]" $Y "$Y"; echo',
    'echo $(echo "a  b") "$(echo "a  b")"',
    'echo "[$(printf "a\\n\\n\\n")]"',
    'A=1 B=$A; echo $B',
    'echo ${U:-def} ${U-x} ${HOME:+set} ${#HOME} "${U:-a  b}" ${U:-a  b}',
    'echo ${V:=assigned}; echo $V',
    'X=abc.tar.gz; echo ${X%.*} ${X%%.*} ${X#*.} ${X##*.} ${X#"abc."}',
    'echo $((2+3*4)) $((7/2)) $((7%3)) $((2**10)) $(( (1+2)*3 )) $((1<2)) $((-5/2)) $((0x10)) $((010))',
    'X=5; echo $((X*2)) $(($X+1))',
    'X="a b c"; echo "${X%% *}" "${X#* }" "${X%"b c"}" "${X%\\ c}" "${X##*[[:space:]]}"; Y="x*y"; echo "${Y%"*y"}" "${Y%*y}"',
    `echo 'a'"b"c \\$HOME "\\$HOME" '\\$HOME' "a\\b"`,
    'echo -e "a\\tb\\x41\\0101" -n; echo -n x; echo -E "a\\tb"; echo -ne "c\\cd"; echo; echo -x -- a',
    'printf "%5s|%-5s|%.2s|%*d|%-*d|\\n" ab cd efgh 4 7 3 8',
    'printf "%+d|% d|%#x|%#o|%05.1f|%e|%g|%g|%g|%G|%i|%u|%X|%c\\n" 5 5 255 8 3.14159 0 100000 1000000 1e-5 1e-5 7 8 255 hello',
    `printf '%d\\n' abc 1.5 " 12" 0x1f 010 "'A" -3`,
    'printf "%s %s\\n" a b c',
    'printf "%b|" "a\\tb" "\\101" "\\0101" "x\\cy"; echo',
    `printf '\\101|\\0101|\\x41z|\\q|%%|\\"\\n'`,
    `printf '%q\\n' "a b" "it's" "" 'a$b' plain`,
    'printf "%x %o\\n" -1 -1',
    'printf "%s\\n"; printf "x%sy\\n" ""',
    'printf "%z\\n" 1',
    'printf',
    'printf -v X "%s=%d" a 5; echo "$X"',
    'X=1; (X=2; echo $X); echo $X',
    'echo a && false || echo b; echo $?',
    'false; echo $?; true; echo $?; ! false; echo $?; ! true; echo $?',
    'x=$(exit 3); echo $?; x=$(false) y=1; echo $?',
    '(exit 4); echo $?',
    'echo "a" # c',
    'echo ~ ~/x "~" a~ X=~ --opt=~ X=~/a:b',
    'echo $(echo a; echo b) `echo c` "`echo d`"',
    'cat <<EOF\nhi $HOME $(echo x)\n\\$HOME\nEOF',
    "cat <<'EOF'\nhi $HOME\nEOF",
    'cat <<-EOF\n\tindented\n\tEOF',
    'cat <<< "here $HOME"',
    'echo a; echo b >&2; echo c',
    'echo ${a b}; echo after $?',
    'unset HOME; cd',
    'export A=1 1B=2; echo $? $A',
    'X="a  b"; export Y=$X; printf "[%s]" "$Y"; echo',
    'A=1; A+=2; echo $A',
    'echo a | cat | cat',
    'echo a |& cat',
    'x=1; echo $x | cat; x=2 | cat; echo $x',
    'cd /; pwd; cd /tmp; cd -; pwd; echo $OLDPWD',
    'cd a b',
    'cd /tmp; pwd | cat',
    'history x',
    'exit abc; echo not reached',
    'echo $(printf "a\\0b")',
    'f=$(echo a; echo >&2 err); echo "[$f]"',
    'echo a > /dev/null; echo b 2>/dev/null >&2; cat < /dev/null',
    'echo "$(echo "$(echo ")")")"',
    'echo `echo \\`echo nested\\``',
    "echo $'it\\'s' $\"x\"",
    'echo a\\\nb',
    'echo !; echo a!b',
    '! ! true; echo $?; true && ! false; echo $?',
    'false; echo "$(true)" $?; true; echo $(false) $?',
    'X=1; echo "$X\\\na" $(( "1" + 2 ))',
    // Arithmetic errors (bash -c then exits, with the same status 1 as the abandoned line here).
    'echo $((1+))',
    'echo $((*1))',
    'echo $((1/0))',
    'echo $((5 % 0 + 1))',
    'echo $((1 2))',
    'echo $((1 @ 2))',
    'echo $((08))',
    'echo $((2**-1))',
    'echo $((1?2))',
    'echo $((1 ? 2 : 3)) $((2**63)) $((1 << 4 | 1)) $((!0 && ~0)) $((16#ff)) $((2#101))',
  ];

  it.skipIf(!HAS_BASH).each(SCRIPTS)('%s', async (script) => {
    const bash = realBash(script);
    const ours = await run(script);
    expect({ stdout: ours.stdout, stderr: ours.stderr, exitCode: ours.exitCode }).toEqual({
      stdout: bash.stdout,
      stderr: interactive(bash.stderr),
      exitCode: bash.exitCode,
    });
  });
});

describe('globbing, compared with bash', () => {
  let dir = '';
  const FILES = ['a.txt', 'b.txt', 'c.log', '.hidden', 'my file.txt', 'sub/x.txt', 'sub/y.json', 'other/z.txt'];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kms-lab-glob-'));
    for (const f of FILES) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), f);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function filled(): Session {
    const vfs = new Vfs();
    for (const f of FILES) {
      const path = `${HOME}/${f}`;
      vfs.mkdir(path.slice(0, path.lastIndexOf('/')), { parents: true });
      vfs.writeFile(path, f);
    }
    return session({ vfs });
  }

  it.skipIf(!HAS_BASH).each([
    'echo *',
    'echo *.txt',
    'echo ?.txt',
    'echo [ab].txt [!a].txt [[:alpha:]].log',
    'echo nomatch* "no"*match',
    'echo "*" \\* \'*\'',
    'X="*.txt"; echo $X; echo "$X"',
    'echo */',
    'echo .*',
    'echo */*.txt',
    'echo ./s*/x*',
    'printf "[%s]" my*; echo',
    'cat *.log',
  ])('%s', async (script) => {
    const bash = realBash(script, dir);
    const ours = await run(script, filled());
    expect(ours.stdout).toBe(bash.stdout);
    expect(ours.exitCode).toBe(bash.exitCode);
  });
});

describe('exit', () => {
  it('tells the terminal to close only when the shell itself exits, not a subshell', async () => {
    const s = session();
    const exited = await s.run('echo a; exit 5; echo b');
    expect(exited.exited).toBe(true);
    expect(exited.exitCode).toBe(5);
    expect(text(exited.stdout)).toBe('a\n');
    expect((await s.run('(exit 4); x=$(exit 2)')).exited).toBeUndefined();
    // The session stays usable: the browser terminal offers a new shell.
    expect(text((await s.run('echo again')).stdout)).toBe('again\n');
  });
});

describe('redirections', () => {
  it('creates, truncates and appends files in the Vfs', async () => {
    const s = session();
    expect(await run('echo hi > f; echo more >> f; cat f', s)).toEqual({ stdout: 'hi\nmore\n', stderr: '', exitCode: 0 });
    await run('echo new > f; > empty', s);
    expect(text(s.vfs.readFile(`${HOME}/f`))).toBe('new\n');
    expect(s.vfs.readFile(`${HOME}/empty`)).toEqual(new Uint8Array());
  });

  it('reports a file that cannot be opened as bash does, and does not run the command', async () => {
    const s = session();
    expect(await run('boom > nope/x', s)).toEqual({ stdout: '', stderr: 'bash: nope/x: No such file or directory\n', exitCode: 1 });
    expect(await run(`echo a > ${HOME}`, s)).toEqual({ stdout: '', stderr: `bash: ${HOME}: Is a directory\n`, exitCode: 1 });
    expect(await run('cat < missing', s)).toEqual({ stdout: '', stderr: 'bash: missing: No such file or directory\n', exitCode: 1 });
    expect(await run('echo a > $NOPE', s)).toEqual({ stdout: '', stderr: 'bash: $NOPE: ambiguous redirect\n', exitCode: 1 });
    expect(await run('echo a >&3', s)).toEqual({ stdout: '', stderr: 'bash: 3: Bad file descriptor\n', exitCode: 1 });
  });

  it('prints a redirection error where stderr points at that moment', async () => {
    const s = session();
    expect(await run('echo hi 2>/dev/null > nope/x', s)).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    await run('echo hi 2>err > nope/x', s);
    expect(text(s.vfs.readFile(`${HOME}/err`))).toBe('bash: nope/x: No such file or directory\n');
  });

  it('applies 2>&1 in order, as bash does', async () => {
    const s = session();
    expect(await run('mixed > both 2>&1', s)).toEqual({ stdout: '', stderr: '', exitCode: 3 });
    expect(text(s.vfs.readFile(`${HOME}/both`))).toBe('out\nerr\n');
    expect(await run('mixed 2>&1 > only-out', s)).toEqual({ stdout: 'err\n', stderr: '', exitCode: 3 });
    expect(text(s.vfs.readFile(`${HOME}/only-out`))).toBe('out\n');
  });

  it('handles 2>, 2>>, >&2, &>, &>>, >& file and /dev/null', async () => {
    const s = session();
    await run('mixed 2> e; mixed 2>> e', s);
    expect(text(s.vfs.readFile(`${HOME}/e`))).toBe('err\nerr\n');
    expect(await run('echo to-err >&2', s)).toEqual({ stdout: '', stderr: 'to-err\n', exitCode: 0 });
    await run('mixed &> all; mixed &>> all; mixed >& all2', s);
    expect(text(s.vfs.readFile(`${HOME}/all`))).toBe('out\nerr\nout\nerr\n');
    expect(text(s.vfs.readFile(`${HOME}/all2`))).toBe('out\nerr\n');
    expect(await run('mixed 2>/dev/null', s)).toEqual({ stdout: 'out\n', stderr: '', exitCode: 3 });
  });

  it('pipes stdout only, unless 2>&1 or |& joins stderr in', async () => {
    const s = session();
    expect(await run('mixed | cat', s)).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 0 });
    expect(await run('mixed 2>&1 | cat', s)).toEqual({ stdout: 'out\nerr\n', stderr: '', exitCode: 0 });
    expect(await run('mixed |& cat', s)).toEqual({ stdout: 'out\nerr\n', stderr: '', exitCode: 0 });
    expect(await run('echo a | mixed', s)).toMatchObject({ exitCode: 3 });
  });

  it('feeds here-documents, here-strings and < files to stdin', async () => {
    const s = session();
    await run('printf abc > in', s);
    expect(await run('stdinlen < in; stdinlen <<< abc; stdinlen <<E\nab\nE\nstdinlen', s)).toMatchObject({
      stdout: '3\n4\n3\n0\n',
    });
  });

  it('keeps bytes intact through pipes and files (base64 --decode > file)', async () => {
    const s = session();
    await run('echo AP+AgQ== | base64 --decode > blob; base64 --decode <<< AP+AgQ== > blob2', s);
    expect(s.vfs.readFile(`${HOME}/blob`)).toEqual(new Uint8Array([0, 255, 128, 129]));
    expect(s.vfs.readFile(`${HOME}/blob2`)).toEqual(new Uint8Array([0, 255, 128, 129]));
    await run('binary | cat | cat > raw', s);
    expect(s.vfs.readFile(`${HOME}/raw`)).toEqual(new Uint8Array([0, 255, 128, 10, 13, 0xc3]));
    const result = await s.run('cat raw');
    expect(result.stdout).toEqual(new Uint8Array([0, 255, 128, 10, 13, 0xc3]));
  });

  it('redirects a subshell and a bare redirection', async () => {
    const s = session();
    await run('(echo a; echo b) > ab', s);
    expect(text(s.vfs.readFile(`${HOME}/ab`))).toBe('a\nb\n');
  });
});

describe('commands', () => {
  it('reports an unknown command with status 127', async () => {
    expect(await run('nope arg')).toEqual({ stdout: '', stderr: 'bash: nope: command not found\n', exitCode: 127 });
    expect(await run('./script.sh')).toEqual({ stdout: '', stderr: 'bash: ./script.sh: No such file or directory\n', exitCode: 127 });
    const s = session();
    await run('echo x > script.sh', s);
    expect(await run('./script.sh', s)).toEqual({ stdout: '', stderr: 'bash: ./script.sh: Permission denied\n', exitCode: 126 });
  });

  it('survives a command that throws, wherever it runs', async () => {
    const s = session();
    expect(await run('boom', s)).toEqual({ stdout: '', stderr: 'bash: boom: internal error: kaboom\n', exitCode: 1 });
    expect(await run('boomstring', s)).toEqual({ stdout: '', stderr: 'bash: boomstring: internal error: not an Error\n', exitCode: 1 });
    expect(await run('echo a | boom | cat; echo $?', s)).toEqual({ stdout: '0\n', stderr: 'bash: boom: internal error: kaboom\n', exitCode: 0 });
    expect(await run('x=$(boom); echo "[$x] $?"', s)).toEqual({ stdout: '[] 1\n', stderr: 'bash: boom: internal error: kaboom\n', exitCode: 0 });
    expect(await run('boom || echo recovered', s)).toMatchObject({ stdout: 'recovered\n', exitCode: 0 });
    expect(await run('base64 --encode 2> e; echo $?', s)).toMatchObject({ stdout: '1\n' });
    expect(text(s.vfs.readFile(`${HOME}/e`))).toBe('bash: base64: internal error: only --decode here\n');
    expect(await run('echo still here', s)).toEqual({ stdout: 'still here\n', stderr: '', exitCode: 0 });
  });

  it('keeps statuses in 0–255', async () => {
    expect((await run('status 256')).exitCode).toBe(0);
    expect((await run('status -1')).exitCode).toBe(255);
    expect((await run('status 300')).exitCode).toBe(44);
  });

  it('passes exported variables (only) to commands, and VAR=value for one command only', async () => {
    const s = session({ env: { AWS_DEFAULT_REGION: 'eu-west-1' } });
    const r = await run('LOCAL=1; export EXP=2; ONCE=3 getenv AWS_DEFAULT_REGION LOCAL EXP ONCE HOME; getenv ONCE; echo $ONCE', s);
    expect(r.stdout).toBe('AWS_DEFAULT_REGION=eu-west-1\nLOCAL=<unset>\nEXP=2\nONCE=3\nHOME=/home/learner\nONCE=<unset>\n\n');
    expect(await run('export LOCAL; getenv LOCAL', s)).toMatchObject({ stdout: 'LOCAL=1\n' });
  });

  it('runs builtins before injected commands of the same name, as bash does', async () => {
    const s = createSession({ commands: { ...FAKES, echo: () => 99 } });
    expect(await run('echo builtin', s)).toEqual({ stdout: 'builtin\n', stderr: '', exitCode: 0 });
  });

  it('gives commands the session services', async () => {
    const s = session({ ansi: true });
    expect(await run('services chdir /tmp; where; pwd; echo $PWD', s)).toMatchObject({ stdout: '/tmp\n/tmp\n/tmp\n' });
    expect(await run('services set K v export; getenv K; services set K; echo "[$K]"', s)).toMatchObject({ stdout: 'K=v\n[]\n' });
    expect(await run('services history; services ansi', s)).toMatchObject({ stdout: '3\ntrue\n' });
  });

  it('gives each command the working directory it runs in', async () => {
    const s = session();
    expect(await run('where; cd /tmp && where; (cd /; where); where', s)).toMatchObject({
      stdout: `${HOME}\n/tmp\n/\n/tmp\n`,
    });
  });

  it('does not let a pipeline member or $( ) change the shell', async () => {
    const s = session();
    expect(await run('cd /tmp | cat; pwd; X=$(cd /; Y=1; pwd); echo "$X [$Y]"; pwd', s)).toMatchObject({
      stdout: `${HOME}\n/ []\n${HOME}\n`,
    });
  });
});

describe('expansion errors', () => {
  // Checked against bash -i: an expansion error abandons the rest of the line, not the session.
  it('abandon the rest of the line with status 1; the next line runs', async () => {
    expect(await run('echo ${a b}; echo after\necho next $?')).toEqual({
      stdout: 'next 1\n',
      stderr: 'bash: ${a b}: bad substitution\n',
      exitCode: 0,
    });
    expect(await run('echo ${U:?is required} && echo no || echo or')).toEqual({ stdout: '', stderr: 'bash: U: is required\n', exitCode: 1 });
    expect(await run('echo ${U:?}')).toMatchObject({ stderr: 'bash: U: parameter null or not set\n' });
    expect(await run('x=${a b} y; echo after')).toMatchObject({ stdout: '', exitCode: 1 });
  });

  it('end only the subshell, $( ) or pipeline member they happen in', async () => {
    const stderr = 'bash: ${a b}: bad substitution\n';
    expect(await run('(echo ${a b}; echo in); echo after $?')).toEqual({ stdout: 'after 1\n', stderr, exitCode: 0 });
    expect(await run('echo $(echo ${a b}) x; echo after')).toEqual({ stdout: 'x\nafter\n', stderr, exitCode: 0 });
    expect(await run('echo ${a b} | cat; echo after')).toEqual({ stdout: 'after\n', stderr, exitCode: 0 });
  });

  it('leave an ambiguous redirection to fail only its command', async () => {
    expect(await run('echo a > $NOPE; echo after')).toEqual({ stdout: 'after\n', stderr: 'bash: $NOPE: ambiguous redirect\n', exitCode: 0 });
  });
});

describe('syntax errors and multi-line input', () => {
  it('prints the message, sets $? to 2 and goes on with the next line', async () => {
    expect(await run('echo >')).toEqual({ stdout: '', stderr: "bash: syntax error near unexpected token `newline'\n", exitCode: 2 });
    expect(await run('echo a\necho d; |\necho $?\necho "open')).toEqual({
      stdout: 'a\n2\n',
      stderr: "bash: syntax error near unexpected token `|'\nbash: unexpected EOF while looking for matching `\"'\n",
      exitCode: 2,
    });
  });

  it('runs each line of a multi-line input, one history entry for all', async () => {
    const s = session();
    expect(await run('echo a\necho b |\ncat\n', s)).toEqual({ stdout: 'a\nb\n', stderr: '', exitCode: 0 });
    expect(s.history).toEqual(['echo a\necho b |\ncat']);
  });

  it('prints the warning for a here-document cut short and still runs it', async () => {
    expect(await run('cat <<EOF\nabc')).toEqual({
      stdout: 'abc\n',
      stderr: "bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n",
      exitCode: 0,
    });
  });
});

describe('builtins', () => {
  it('cd: home, -, errors; PWD and OLDPWD follow', async () => {
    const s = session();
    await run('echo > file', s);
    expect(await run('cd -', s)).toEqual({ stdout: '', stderr: 'bash: cd: OLDPWD not set\n', exitCode: 1 });
    expect(await run('cd /tmp; cd; pwd; cd -; echo $PWD $OLDPWD', s)).toMatchObject({ stdout: `${HOME}\n/tmp\n/tmp ${HOME}\n` });
    expect(await run('cd nope', s)).toEqual({ stdout: '', stderr: 'bash: cd: nope: No such file or directory\n', exitCode: 1 });
    expect(await run(`cd ${HOME}/file`, s)).toEqual({ stdout: '', stderr: `bash: cd: ${HOME}/file: Not a directory\n`, exitCode: 1 });
    expect(await run('cd ~; cd ..; pwd; cd ""; pwd', s)).toMatchObject({ stdout: '/home\n/home\n', exitCode: 0 });
    expect(s.cwd).toBe('/home');
  });

  it('export lists and validates; unset removes', async () => {
    const s = createSession({ commands: {}, env: { B: 'x"y' } });
    expect(await run('export A=1; export', s)).toMatchObject({ stdout: expect.stringContaining('declare -x A="1"\ndeclare -x B="x\\"y"\n') });
    expect(await run('export 1x=2', s)).toEqual({ stdout: '', stderr: "bash: export: `1x=2': not a valid identifier\n", exitCode: 1 });
    expect(s.variables.get('A')).toEqual({ value: '1', exported: true });
    await run('unset A', s);
    expect(s.variables.has('A')).toBe(false);
    await run('Q=local', s);
    expect(s.variables.get('Q')).toEqual({ value: 'local', exported: false });
  });

  it('env prints the exported variables in order, and runs a command with more', async () => {
    const s = createSession({ commands: FAKES, env: { HOME: '/home/learner', Z: 'last', A: 'first' } });
    const listed = (await run('export M=mid; HIDDEN=1; env', s)).stdout.split('\n');
    expect(listed.filter((l) => /^(Z|A|M)=/.test(l))).toEqual(['Z=last', 'A=first', 'M=mid']);
    expect(listed.some((l) => l.startsWith('HIDDEN='))).toBe(false);
    expect(await run('env X=1 getenv X A; env -u A getenv A', s)).toMatchObject({ stdout: 'X=1\nA=first\nA=<unset>\n' });
    expect(await run('env nope', s)).toEqual({ stdout: '', stderr: 'env: ‘nope’: No such file or directory\n', exitCode: 127 });
    expect(await run('env -x', s)).toMatchObject({ exitCode: 125, stderr: "env: invalid option -- 'x'\nTry 'env --help' for more information.\n" });
  });

  it('echo -e writes raw bytes for \\x escapes', async () => {
    const result = await session().run('echo -ne "\\xff\\x00A"');
    expect(result.stdout).toEqual(new Uint8Array([0xff, 0, 0x41]));
  });

  it('history numbers the inputs like bash; -c clears; N shows the last N', async () => {
    const s = session();
    await run('echo a', s);
    await run('   ', s);
    expect(await run('history', s)).toMatchObject({ stdout: '    1  echo a\n    2  history\n' });
    expect(await run('history 1', s)).toMatchObject({ stdout: '    3  history 1\n' });
    await run('history -c', s);
    expect(s.history).toEqual([]);
  });

  it('help lists builtins and injected commands, and mentions sim when there is one', async () => {
    const plain = await run('help', createSession({ commands: { aws: () => 0 } }));
    expect(plain.stdout).toMatch(/^ {2}aws +the AWS CLI/m);
    expect(plain.stdout).toMatch(/^ {2}cd +change the working directory/m);
    expect(plain.stdout).not.toMatch(/\bsim\b/);
    const withSim = await run('help', createSession({ commands: { aws: () => 0, sim: () => 0, mystery: () => 0 } }));
    expect(withSim.stdout).toMatch(/^ {2}sim +KMS Lab’s own controls/m);
    expect(withSim.stdout).toMatch(/^ {2}mystery$/m);
    expect(withSim.stdout).toContain('sim help');
  });

  it('clear writes the clear-screen sequence', async () => {
    expect(await run('clear')).toEqual({ stdout: '\x1b[H\x1b[2J', stderr: '', exitCode: 0 });
  });

  it('exit stops the rest of the input with its status, and the session goes on', async () => {
    const s = session();
    expect(await run('echo a; exit 3; echo b\necho c', s)).toEqual({ stdout: 'a\n', stderr: '', exitCode: 3 });
    expect(await run('echo $?', s)).toMatchObject({ stdout: '3\n' });
    // Interactive bash refuses two arguments and stays.
    expect(await run('exit 1 2; echo $?', s)).toEqual({ stdout: '1\n', stderr: 'bash: exit: too many arguments\n', exitCode: 0 });
  });

  it('~+ and ~- are the working and the previous directory', async () => {
    expect(await run('cd /tmp; echo ~+ ~-')).toMatchObject({ stdout: `/tmp ${HOME}\n` });
  });
});

describe('session', () => {
  it('publishes output as it is written, then the command', async () => {
    const s = session();
    const events: SessionEvent[] = [];
    const stop = s.subscribe((e) => events.push(e));
    await s.run('echo a; mixed');
    stop();
    await s.run('echo unseen');
    expect(
      events.map((e) => (e.type === 'output' ? `${e.stream}:${text(e.data)}` : e.type === 'command' ? `command:${e.line}:${e.exitCode}` : e.type)),
    ).toEqual(['stdout:a\n', 'stdout:out\n', 'stderr:err\n', 'command:echo a; mixed:3']);
  });

  it('forwards file changes from the Vfs, also after the Vfs is replaced', async () => {
    const s = session();
    const paths: string[] = [];
    s.subscribe((e) => {
      if (e.type === 'vfs') paths.push(`${e.change.kind} ${e.change.path}`);
    });
    await s.run('echo a > f');
    const fresh = new Vfs();
    s.vfs = fresh;
    await s.run('echo b > g');
    expect(paths).toEqual([`write ${HOME}/f`, `write ${HOME}/f`, `write ${HOME}/g`, `write ${HOME}/g`]);
    expect(text(fresh.readFile(`${HOME}/g`))).toBe('b\n');
  });

  it('moves to home when a new Vfs lacks the working directory', async () => {
    const s = session();
    await s.run('mkdir_is_not_here; cd /tmp');
    s.vfs = Vfs.restore({ version: 1, entries: [{ path: '/', type: 'dir', mtime: 0 }] });
    expect(s.cwd).toBe('/');
    s.vfs = new Vfs();
    expect(s.cwd).toBe('/');
  });

  it('runs inputs one after another even when called together', async () => {
    const s = session();
    const [, second] = await Promise.all([s.run('A=1'), runText(s, 'echo $A')]);
    expect(second.stdout).toBe('1\n');
  });

  it('shows a bash-like prompt, coloured for an ANSI terminal', async () => {
    const s = session();
    expect(s.prompt()).toBe('learner@kms-lab:~$ ');
    await s.run('cd /tmp');
    expect(s.prompt()).toBe('learner@kms-lab:/tmp$ ');
    expect(session({ ansi: true }).prompt()).toBe('\x1b[1;32mlearner@kms-lab\x1b[0m:\x1b[1;34m~\x1b[0m$ ');
    expect(session({ prompt: '[\\W]\\$ ' }).prompt()).toBe('[~]$ ');
  });

  it('starts in home with a usual environment, overridable', () => {
    const s = createSession({ commands: {}, env: { USER: 'alice', AWS_PROFILE: 'dev' } });
    expect(s.cwd).toBe(HOME);
    expect(s.variables.get('USER')).toEqual({ value: 'alice', exported: true });
    expect(s.variables.get('AWS_PROFILE')).toEqual({ value: 'dev', exported: true });
    expect(s.variables.get('HOME')?.value).toBe(HOME);
  });
});

describe('Tab completion', () => {
  function filled(): Session {
    const vfs = new Vfs();
    for (const f of ['secret.txt', 'second.bin', 'my file.txt', '.hidden', 'keys/k1.json', 'keys/k2.json']) {
      const path = `${HOME}/${f}`;
      vfs.mkdir(path.slice(0, path.lastIndexOf('/')), { parents: true });
      vfs.writeFile(path, '');
    }
    return createSession({
      vfs,
      commands: { aws: () => 0, cat: () => 0, sim: () => 0 },
      completers: {
        aws: ({ words }) => (words.length === 1 ? ['kms', 'kinesis', 's3'] : undefined),
        sim: () => ['time', 'reset', 'seed', 'help', 'whoami'],
      },
    });
  }

  it('completes command names in command position', () => {
    const s = filled();
    expect(s.complete('ec', 2)).toEqual({ candidates: ['echo'], replaceFrom: 0 });
    expect(s.complete('echo a | ca', 11)).toEqual({ candidates: ['cat'], replaceFrom: 9 });
    expect(s.complete('A=1 e', 5)).toEqual({ candidates: ['echo', 'env', 'exit', 'export'], replaceFrom: 4 });
    expect(s.complete('', 0).candidates).toContain('aws');
  });

  it('completes file names, directories with a slash, hidden ones only when asked', () => {
    const s = filled();
    expect(s.complete('cat se', 6)).toEqual({ candidates: ['second.bin', 'secret.txt'], replaceFrom: 4 });
    expect(s.complete('cat ', 4).candidates).toEqual(['keys/', 'my\\ file.txt', 'second.bin', 'secret.txt']);
    expect(s.complete('cat .h', 6).candidates).toEqual(['.hidden']);
    expect(s.complete('cat keys/', 9)).toEqual({ candidates: ['keys/k1.json', 'keys/k2.json'], replaceFrom: 4 });
    expect(s.complete('cat ~/ke', 8).candidates).toEqual(['~/keys/']);
    expect(s.complete('echo a > sec', 12).candidates).toEqual(['second.bin', 'secret.txt']);
    expect(s.complete('cat nope/', 9).candidates).toEqual([]);
  });

  it('quotes names as the word was begun', () => {
    const s = filled();
    expect(s.complete('cat my', 6).candidates).toEqual(['my\\ file.txt']);
    expect(s.complete('cat "my f', 9)).toEqual({ candidates: ['"my file.txt'], replaceFrom: 4 });
    expect(s.complete("cat 'my", 7).candidates).toEqual(["'my file.txt"]);
  });

  it('completes file names after fileb:// and file://', () => {
    const s = filled();
    expect(s.complete('aws kms encrypt --plaintext fileb://secr', 40)).toEqual({
      candidates: ['fileb://secret.txt'],
      replaceFrom: 28,
    });
    expect(s.complete('aws kms put-key-policy --policy file://keys/k1', 46).candidates).toEqual(['file://keys/k1.json']);
  });

  it('asks a command’s completer, falling back to file names', () => {
    const s = filled();
    expect(s.complete('aws k', 5).candidates).toEqual(['kms', 'kinesis']);
    expect(s.complete('sim r', 5).candidates).toEqual(['reset']);
    expect(s.complete('aws kms sec', 11).candidates).toEqual(['second.bin', 'secret.txt']);
  });

  it('completes variable names after $', () => {
    const s = filled();
    expect(s.complete('echo $HO', 8)).toEqual({ candidates: ['$HOME'], replaceFrom: 5 });
    expect(s.complete('echo "${US', 10)).toEqual({ candidates: ['${USER}'], replaceFrom: 6 });
  });

  it('uses only the text left of the cursor', () => {
    expect(filled().complete('ec foo', 2)).toEqual({ candidates: ['echo'], replaceFrom: 0 });
  });
});
