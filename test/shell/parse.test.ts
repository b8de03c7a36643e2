import { describe, expect, it } from 'vitest';
import {
  needsMoreInput,
  parse,
  type CommandLine,
  type Pipeline,
  type Redirect,
  type SimpleCommand,
  type Word,
  type WordPart,
} from '../../src/shell/parse.ts';
import { HAS_BASH, interactive, realBash } from './real-bash.ts';

/** The command lines of an input that must parse without errors. */
function lines(src: string): CommandLine[] {
  const items = parse(src).items;
  for (const item of items) if (item.type === 'error') throw new Error(`unexpected syntax error: ${item.message}`);
  return items as CommandLine[];
}

function pipeline(src: string): Pipeline {
  const [line, ...more] = lines(src);
  expect(more).toEqual([]);
  const [andOr, ...rest] = line!.list.items;
  expect(rest).toEqual([]);
  expect(andOr!.rest).toEqual([]);
  return andOr!.first;
}

function simple(src: string): SimpleCommand {
  const p = pipeline(src);
  expect(p.commands).toHaveLength(1);
  const command = p.commands[0]!;
  if (command.type !== 'simple') throw new Error('expected a simple command');
  return command;
}

/** A compact picture of a word: 'text' quoted, text unquoted, $NAME, ${NAME op …}, $(…), $((…)). */
function show(word: Word): string {
  return word.parts.map(showPart).join('');
}

function showPart(part: WordPart): string {
  switch (part.type) {
    case 'text':
      return part.quoted ? `'${part.value}'` : part.value;
    case 'param': {
      const q = part.quoted ? '"' : '';
      if (part.op === undefined) return `${q}$${part.name}${q}`;
      if (part.op === 'length') return `${q}\${#${part.name}}${q}`;
      return `${q}\${${part.name}${part.op}${show(part.operand!)}}${q}`;
    }
    case 'command':
      return `$(${part.body.items.length} item)`;
    case 'arith':
      return `$((${show(part.expr)}))`;
    case 'bad':
      return `BAD(${part.text})`;
  }
}

const words = (src: string): string[] => simple(src).words.map(show);

function errors(src: string): string[] {
  return parse(src).items.flatMap((i) => (i.type === 'error' ? [i.message] : []));
}

describe('words and quoting', () => {
  it('keeps single-quoted text literal and marks it quoted', () => {
    expect(words(`echo 'a  $X "b"' c`)).toEqual(['echo', `'a  $X "b"'`, 'c']);
  });

  it('expands inside double quotes and honours only \\$ \\` \\" \\\\ there', () => {
    expect(words(String.raw`echo "a $X \$Y \" \\ \n"`)).toEqual([`echo`, `'a '"$X"' $Y " \\ \\n'`]);
  });

  it('turns a backslash outside quotes into a quoted character', () => {
    expect(words(String.raw`echo a\ b \$X \'`)).toEqual(['echo', "a' 'b", "'$'X", "'''"]);
  });

  it('reads $VAR, ${VAR}, $?, $1 and a lone $', () => {
    expect(words('echo $HOME ${USER}x $? $1x $ a$')).toEqual(['echo', '$HOME', '$USERx', '$?', '$1x', '$', 'a$']);
  });

  it('reads ${#VAR}, ${VAR:-word} with a quoted operand, and keeps bad forms for expansion time', () => {
    expect(words('echo ${#HOME} ${A:-"x y"} "${B:=z}" ${a b}')).toEqual([
      'echo',
      '${#HOME}',
      `\${A:-'x y'}`,
      `''"\${B:='z'}"`,
      'BAD(${a b})',
    ]);
  });

  it('decodes $\'…\' escapes', () => {
    expect(words(String.raw`echo $'a\tb\x41\'c' $'\u00e9'`)).toEqual(['echo', "'a\tbA'c'", "'é'"]);
  });

  it('parses $( … ) recursively, with quotes and parentheses inside', () => {
    const [, arg] = simple(`echo "$(echo ")" '(' $(echo a; echo b))"`).words;
    const part = arg!.parts.find((p) => p.type === 'command');
    if (part?.type !== 'command') throw new Error('expected a command substitution');
    expect(part.quoted).toBe(true);
    const inner = part.body.items[0]!.first.commands[0] as SimpleCommand;
    expect(inner.words.map(show)).toEqual(['echo', "')'", "'('", '$(2 item)']);
  });

  it('parses backquotes, with \\` inside', () => {
    const [, arg] = simple('echo `echo \\`echo hi\\``').words;
    expect(show(arg!)).toBe('$(1 item)');
  });

  it('parses $(( … )) as arithmetic and $( ( … ) ) as a subshell', () => {
    expect(words('echo $((1 + $X))')).toEqual(['echo', `$(('1 + '"$X"))`]);
    expect(words('echo $( (echo a) )')).toEqual(['echo', '$(1 item)']);
  });

  it('keeps the typed text of each word', () => {
    expect(simple(`cat "my file" $X`).words.map((w) => w.text)).toEqual(['cat', '"my file"', '$X']);
  });

  it('joins lines ended by a backslash, except inside single quotes', () => {
    expect(words('echo a\\\nb "c\\\nd"')).toEqual(['echo', 'ab', "'cd'"]);
    expect(words("echo 'a\\\nb'")).toEqual(['echo', "'a\\\nb'"]);
  });

  it('starts a comment only at the start of a word', () => {
    expect(words('echo a#b # c d')).toEqual(['echo', 'a#b']);
    expect(parse('# only a comment\n   \n').items).toEqual([]);
  });
});

describe('assignments', () => {
  it('reads NAME=value before the command name, and not after it', () => {
    const c = simple('A=1 B=$X cmd C=3');
    expect(c.assignments.map((a) => `${a.name}=${show(a.value)}`)).toEqual(['A=1', 'B=$X']);
    expect(c.words.map(show)).toEqual(['cmd', 'C=3']);
  });

  it('reads a bare assignment, NAME+=value, and an empty value', () => {
    const c = simple('A=1 B+=x C=');
    expect(c.words).toEqual([]);
    expect(c.assignments.map((a) => [a.name, a.append, show(a.value)])).toEqual([
      ['A', false, '1'],
      ['B', true, 'x'],
      ['C', false, ''],
    ]);
  });

  it('does not take a quoted or invalid name for an assignment', () => {
    expect(simple('"A"=1').assignments).toEqual([]);
    expect(simple('1A=1').assignments).toEqual([]);
  });
});

describe('pipelines, lists and subshells', () => {
  it('reads pipes, and |& as 2>&1 on the command before', () => {
    const p = pipeline('a | b |& c');
    expect(p.commands).toHaveLength(3);
    expect(p.commands[1]!.redirects).toEqual([
      { type: 'dup', fd: 2, op: '>&', target: { text: '1', parts: [{ type: 'text', value: '1', quoted: false }] } },
    ]);
  });

  it('reads ; && || and & lists', () => {
    const [line] = lines('a; b && c || d & e');
    const items = line!.list.items;
    expect(items.map((i) => [i.rest.map((r) => r.op), i.background])).toEqual([
      [[], false],
      [['&&', '||'], true],
      [[], false],
    ]);
  });

  it('allows newlines after |, && and ||', () => {
    expect(pipeline('a |\n\n b').commands).toHaveLength(2);
    expect(lines('a &&\n b')).toHaveLength(1);
  });

  it('reads ! as negation', () => {
    expect(pipeline('! a | b').negated).toBe(true);
    expect(pipeline('a !').negated).toBe(false);
  });

  it('reads ( … ) subshells with redirections', () => {
    const command = pipeline('(cd /; ls) > out').commands[0];
    if (command?.type !== 'subshell') throw new Error('expected a subshell');
    expect(command.body.items).toHaveLength(2);
    expect(command.redirects.map((r) => r.type)).toEqual(['file']);
  });

  it('splits several lines into several command lines, with their text', () => {
    expect(lines('echo a\necho b; echo c\n\necho "d\ne"').map((l) => l.text)).toEqual([
      'echo a',
      'echo b; echo c',
      'echo "d\ne"',
    ]);
  });
});

describe('redirections', () => {
  const redirects = (src: string): Redirect[] => [...simple(src).redirects];
  const brief = (r: Redirect): string => {
    switch (r.type) {
      case 'file':
      case 'dup':
        return `${r.fd}${r.op}${r.target.text}`;
      case 'both':
        return `&${r.append ? '>>' : '>'}${r.target.text}`;
      case 'herestring':
        return `${r.fd}<<<${r.target.text}`;
      case 'heredoc':
        return `${r.fd}<<${JSON.stringify(show(r.body))}`;
    }
  };

  it('reads > >> < 2> 2>> 2>&1 >&2 &> &>> >| <>', () => {
    expect(redirects('cmd >a >>b <c 2>d 2>>e 2>&1 >&2 &>f &>>g >|h <>i').map(brief)).toEqual([
      '1>a',
      '1>>b',
      '0<c',
      '2>d',
      '2>>e',
      '2>&1',
      '1>&2',
      '&>f',
      '&>>g',
      '1>|h',
      '0<>i',
    ]);
  });

  it('takes digits as a descriptor only right before < or >', () => {
    const c = simple('echo 2 >x 2>y a2>z');
    expect(c.words.map(show)).toEqual(['echo', '2', 'a2']);
    expect(c.redirects.map(brief)).toEqual(['1>x', '2>y', '1>z']);
  });

  it('allows redirections before and between words', () => {
    const c = simple('>out echo a 2>err b');
    expect(c.words.map(show)).toEqual(['echo', 'a', 'b']);
    expect(c.redirects.map(brief)).toEqual(['1>out', '2>err']);
  });

  it('reads here-strings and here-documents (expanding, quoted, <<- without leading tabs)', () => {
    expect(redirects('cat <<< "$X y"').map(brief)).toEqual(['0<<<"$X y"']);
    const [first, second, third] = lines('cat <<EOF\na $X\nEOF\ncat <<\'EOF\'\na $X\nEOF\ncat <<-END\n\t\tx\n\tEND\n');
    expect((first!.list.items[0]!.first.commands[0] as SimpleCommand).redirects.map(brief)).toEqual([
      `0<<${JSON.stringify(`'a '"$X"'\n'`)}`,
    ]);
    expect((second!.list.items[0]!.first.commands[0] as SimpleCommand).redirects.map(brief)).toEqual([
      `0<<${JSON.stringify(`'a $X\n'`)}`,
    ]);
    expect((third!.list.items[0]!.first.commands[0] as SimpleCommand).redirects.map(brief)).toEqual([
      `0<<${JSON.stringify(`'x\n'`)}`,
    ]);
  });

  it('warns, as bash does, about a here-document cut short by the end of input', () => {
    const [line] = lines('cat <<EOF\nabc');
    expect(line!.warnings).toEqual(["bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')"]);
  });
});

describe('syntax errors', () => {
  const CASES: [string, string][] = [
    ['| echo', "bash: syntax error near unexpected token `|'"],
    ['echo >', "bash: syntax error near unexpected token `newline'"],
    ['echo 2>', "bash: syntax error near unexpected token `newline'"],
    ['echo <', "bash: syntax error near unexpected token `newline'"],
    ['echo > |', "bash: syntax error near unexpected token `|'"],
    ['echo a > > b', "bash: syntax error near unexpected token `>'"],
    ['cat <<<', "bash: syntax error near unexpected token `newline'"],
    ['echo a >& ', "bash: syntax error near unexpected token `newline'"],
    [';', "bash: syntax error near unexpected token `;'"],
    ['echo a ;; b', "bash: syntax error near unexpected token `;;'"],
    ['echo a ; ; b', "bash: syntax error near unexpected token `;'"],
    ['echo a & ; b', "bash: syntax error near unexpected token `;'"],
    ['&& b', "bash: syntax error near unexpected token `&&'"],
    ['echo a &&&& b', "bash: syntax error near unexpected token `&&'"],
    ['echo a || || b', "bash: syntax error near unexpected token `||'"],
    ['echo a | | b', "bash: syntax error near unexpected token `|'"],
    ['echo a | ;', "bash: syntax error near unexpected token `;'"],
    ['true | ! false', "bash: syntax error near unexpected token `!'"],
    ['echo )', "bash: syntax error near unexpected token `)'"],
    ['echo a; )', "bash: syntax error near unexpected token `)'"],
    ['echo (', "bash: syntax error near unexpected token `newline'"],
    ['echo a (', "bash: syntax error near unexpected token `('"],
    ['echo ( ) x', "bash: syntax error near unexpected token `x'"],
    ['( )', "bash: syntax error near unexpected token `)'"],
    ['(echo a) b', "bash: syntax error near unexpected token `b'"],
    ['echo $(|)', "bash: syntax error near unexpected token `|'"],
    ['echo $(echo >)', "bash: syntax error near unexpected token `)'"],
    ['echo $(echo a))', "bash: syntax error near unexpected token `)'"],
    // Input that ends too soon.
    ['echo |', 'bash: syntax error: unexpected end of file'],
    ['echo a &&', 'bash: syntax error: unexpected end of file'],
    ['(echo a', 'bash: syntax error: unexpected end of file'],
    ['echo ( )', 'bash: syntax error: unexpected end of file'],
    ["echo 'abc", "bash: unexpected EOF while looking for matching `''"],
    ['echo "abc', 'bash: unexpected EOF while looking for matching `"\''],
    ['echo $(ls', "bash: unexpected EOF while looking for matching `)'"],
    ['echo $(echo |', "bash: unexpected EOF while looking for matching `)'"],
    ['echo "$(ls', "bash: unexpected EOF while looking for matching `)'"],
    ['echo $(echo "a', 'bash: unexpected EOF while looking for matching `"\''],
    ['echo `ls', 'bash: unexpected EOF while looking for matching ``\''],
    ['echo ${x', "bash: unexpected EOF while looking for matching `}'"],
    ['echo "${a"', 'bash: unexpected EOF while looking for matching `"\''],
    ['echo $((1+', "bash: unexpected EOF while looking for matching `)'"],
    ["echo $'abc", "bash: unexpected EOF while looking for matching `''"],
  ];

  it.each(CASES)('%j → %s', (src, message) => {
    expect(errors(src)).toEqual([message]);
  });

  it.skipIf(!HAS_BASH).each(CASES)('%j reads as the real bash (5.2) says', (src) => {
    expect(errors(src).map((m) => `${m}\n`).join('')).toBe(interactive(realBash(src).stderr));
  });

  it('says plainly that compound commands and functions are not available, instead of running part of them', () => {
    const unsupported = (what: string) =>
      `bash: ${what}: not available in KMS Lab's shell, which runs simple commands, pipes and lists (; && ||) but no if, for, while, case, { } or functions`;
    expect(errors('if true; then echo yes; fi')).toEqual([unsupported('if')]);
    expect(errors('echo a && while true; do echo b; done')).toEqual([unsupported('while')]);
    expect(errors('for f in *; do cat $f; done')).toEqual([unsupported('for')]);
    expect(errors('greet() { echo hi; }')).toEqual([unsupported('functions')]);
    expect(errors('{ echo a; }')).toEqual([unsupported('{')]);
    // Quoted or as arguments, the words are ordinary.
    expect(lines("echo if for done; 'if' x; \\for").map((l) => l.text)).toHaveLength(1);
  });

  it('does not wait for a here-document body when the line already has a syntax error', () => {
    expect(needsMoreInput('cat <<EOF >')).toBe(false);
    expect(needsMoreInput('<<%>')).toBe(false);
    expect(needsMoreInput('cat <<EOF')).toBe(true);
  });

  it('marks only errors that more input could fix as incomplete', () => {
    const incomplete = (src: string) => parse(src).items.map((i) => i.type === 'error' && i.incomplete);
    expect(incomplete('echo >')).toEqual([false]);
    expect(incomplete('echo |')).toEqual([true]);
    expect(incomplete('echo "a')).toEqual([true]);
  });

  it('drops only the line with the error, as interactive bash does, and reads on', () => {
    const items = parse('echo a\necho d; |\necho >\necho e').items;
    expect(items.map((i) => (i.type === 'error' ? i.message : i.text))).toEqual([
      'echo a',
      "bash: syntax error near unexpected token `|'",
      "bash: syntax error near unexpected token `newline'",
      'echo e',
    ]);
  });

  it('stops at an error the end of input caused', () => {
    expect(parse('echo a\necho "b\necho c').items.map((i) => i.type)).toEqual(['line', 'error']);
  });
});

describe('needsMoreInput', () => {
  it.each([
    ["echo 'a", true],
    ['echo "a', true],
    ['echo a\\', true],
    ['echo a |', true],
    ['echo a &&', true],
    ['echo a ||', true],
    ['echo $(ls', true],
    ['echo $(ls |', true],
    ['echo `ls', true],
    ['echo ${A', true],
    ['(echo a', true],
    ['cat <<EOF\nline', true],
    ['echo a', false],
    ['echo a\n', false],
    ['echo >', false],
    ['| echo', false],
    ["echo 'a\nb'", false],
    ['echo a \\\nb', false],
    ['cat <<EOF\nline\nEOF', false],
    ['# comment \\', false],
    ['', false],
  ] as const)('%j → %s', (src, more) => {
    expect(needsMoreInput(src)).toBe(more);
  });
});
