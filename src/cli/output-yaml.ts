/** `--output yaml` and `yaml-stream`: ruamel.yaml's safe representer feeding a port of the libyaml emitter. */
import { isScalar, type Json } from './output-values.ts';
import { pyJsonDumps } from './python/json.ts';
import { pyNumberRepr } from './python/repr.ts';
import { sortedPy } from './python/values.ts';

// ---------------------------------------------------------------------------
// yaml: ruamel.yaml SafeRepresenter (keys sorted, block style because the CLI
// sets default_flow_style=False) feeding the libyaml emitter, whose scalar
// style rules and line folding at width 80 are ported below.

export type YNode =
  | { kind: 'scalar'; tag: string; value: string }
  | { kind: 'seq'; items: YNode[] }
  | { kind: 'map'; pairs: [YNode, YNode][] };

export function yamlDump(value: Json): string {
  // YAMLDumper writes lone scalars as JSON so YAML adds no '...' marker.
  if (isScalar(value)) return `${pyJsonDumps(value, { ensureAscii: false })}\n`;
  const emitter = new YamlEmitter();
  emitter.emitDocument(represent(value));
  return emitter.output;
}

export function represent(value: Json): YNode {
  if (value === null) return { kind: 'scalar', tag: 'null', value: 'null' };
  if (typeof value === 'boolean') return { kind: 'scalar', tag: 'bool', value: value ? 'true' : 'false' };
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return { kind: 'scalar', tag: 'int', value: pyNumberRepr(value) };
    const text = Number.isNaN(value)
      ? '.nan'
      : value === Number.POSITIVE_INFINITY
        ? '.inf'
        : value === Number.NEGATIVE_INFINITY
          ? '-.inf'
          : pyNumberRepr(value).toLowerCase();
    return { kind: 'scalar', tag: 'float', value: text };
  }
  if (typeof value === 'string') return { kind: 'scalar', tag: 'str', value };
  if (Array.isArray(value)) return { kind: 'seq', items: value.map(represent) };
  return {
    kind: 'map',
    pairs: sortedPy(Object.keys(value)).map((k): [YNode, YNode] => [represent(k), represent(value[k] ?? null)]),
  };
}

// ruamel.yaml.resolver.Resolver: the YAML 1.2 implicit resolvers, keyed by
// first character. Python's `$` also matches before a final newline.
export const RESOLVER_LIST: [string, RegExp, string[]][] = [
  ['bool', /^(?:true|True|TRUE|false|False|FALSE)\n?$/, [...'tTfF']],
  [
    'float',
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\n?$/,
    [...'-+0123456789.'],
  ],
  ['int', /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)\n?$/, [...'-+0123456789']],
  ['merge', /^(?:<<)\n?$/, ['<']],
  ['null', /^(?:~|null|Null|NULL|)\n?$/, ['~', 'n', 'N', '']],
  [
    'timestamp',
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\n?$/,
    [...'0123456789'],
  ],
  ['value', /^(?:=)\n?$/, ['=']],
  ['yaml', /^(?:!|&|\*)\n?$/, [...'!&*']],
];

export const RESOLVERS = new Map<string, [string, RegExp][]>();
for (const [tag, re, firsts] of RESOLVER_LIST) {
  for (const first of firsts) {
    const list = RESOLVERS.get(first) ?? [];
    list.push([tag, re]);
    RESOLVERS.set(first, list);
  }
}

export function resolveImplicit(value: string): string {
  const first = value === '' ? '' : (Array.from(value)[0] ?? '');
  for (const [tag, re] of RESOLVERS.get(first) ?? []) if (re.test(value)) return tag;
  return 'str';
}

export interface ScalarAnalysis {
  chars: string[];
  byteLength: number;
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
}

export const isBreak = (ch: string | undefined) =>
  ch === '\n' || ch === '\r' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';
// Past the end libyaml reads the terminating NUL, which counts as blank.
export const isBlankz = (ch: string | undefined) =>
  ch === undefined || ch === ' ' || ch === '\t' || ch === '\0' || isBreak(ch);

export function isPrintable(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

export function utf8Length(chars: string[]): number {
  let n = 0;
  for (const ch of chars) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

// yaml_emitter_analyze_scalar
export function analyzeScalar(value: string): ScalarAnalysis {
  const chars = Array.from(value);
  const n = chars.length;
  if (n === 0) {
    return {
      chars,
      byteLength: 0,
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
    };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  let followedByWhitespace = isBlankz(chars[1]);
  for (let i = 0; i < n; i++) {
    const ch = chars[i] ?? '';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true;
      if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    if (!isPrintable(ch)) specialCharacters = true;
    if (isBreak(ch)) lineBreaks = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(ch);
    if (i + 1 < n) followedByWhitespace = isBlankz(chars[i + 2]);
  }
  let flowPlainAllowed = true;
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
  }
  if (breakSpace) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (lineBreaks) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
  }
  if (flowIndicators) flowPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { chars, byteLength: utf8Length(chars), multiline: lineBreaks, flowPlainAllowed, blockPlainAllowed, singleQuotedAllowed };
}

export const DOUBLE_QUOTED_ESCAPES: Record<number, string> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

/** libyaml's emitter (best_indent 2, best_width 80, unicode on), recursive instead of event-driven. */
export class YamlEmitter {
  output = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;
  private readonly bestIndent = 2;
  private readonly bestWidth = 80;

  emitDocument(root: YNode): void {
    // Implicit document start: no '---'.
    this.emitNode(root, false, false);
    // Implicit document end: just finish the line.
    this.writeIndent();
  }

  private emitNode(node: YNode, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (node.kind === 'scalar') this.emitScalar(node);
    else if (node.kind === 'seq') {
      if (this.flowLevel > 0 || node.items.length === 0) this.emitFlowSequence(node.items);
      else this.emitBlockSequence(node.items);
    } else if (this.flowLevel > 0 || node.pairs.length === 0) this.emitFlowMapping(node.pairs);
    else this.emitBlockMapping(node.pairs);
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  private emitBlockSequence(items: YNode[]): void {
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.emitNode(item, false, false);
    }
    this.popIndent();
  }

  private emitBlockMapping(pairs: [YNode, YNode][]): void {
    this.increaseIndent(false, false);
    for (const [key, value] of pairs) {
      this.writeIndent();
      if (this.checkSimpleKey(key)) {
        this.emitNode(key, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.emitNode(key, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emitNode(value, true, false);
    }
    this.popIndent();
  }

  private emitFlowSequence(items: YNode[]): void {
    this.writeIndicator('[', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      this.emitNode(item, false, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(']', false, false, false);
  }

  private emitFlowMapping(pairs: [YNode, YNode][]): void {
    this.writeIndicator('{', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    pairs.forEach(([key, value], i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      if (this.checkSimpleKey(key)) {
        this.emitNode(key, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, false);
        this.emitNode(key, true, false);
        if (this.column > this.bestWidth) this.writeIndent();
        this.writeIndicator(':', true, false, false);
      }
      this.emitNode(value, true, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator('}', false, false, false);
  }

  private checkSimpleKey(node: YNode): boolean {
    if (node.kind === 'scalar') {
      const analysis = analyzeScalar(node.value);
      return !analysis.multiline && analysis.byteLength <= 128;
    }
    return node.kind === 'seq' ? node.items.length === 0 : node.pairs.length === 0;
  }

  private emitScalar(node: { tag: string; value: string }): void {
    const a = analyzeScalar(node.value);
    // The serializer's implicit flags: plain only if the text resolves back to its tag.
    const plainImplicit = resolveImplicit(node.value) === node.tag;
    let style: 'plain' | 'single' | 'double' = 'plain';
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = 'single';
      if (a.chars.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
      if (!plainImplicit) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    if (style === 'plain') this.writePlain(a.chars, allowBreaks);
    else if (style === 'single') this.writeSingleQuoted(a.chars, allowBreaks);
    else this.writeDoubleQuoted(a.chars, allowBreaks);
    this.popIndent();
  }

  private put(ch: string): void {
    this.output += ch;
    this.column++;
  }

  private putBreak(): void {
    this.output += '\n';
    this.column = 0;
  }

  private writeBreak(ch: string): void {
    if (ch === '\n') this.putBreak();
    else {
      this.output += ch;
      this.column = 0;
    }
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of indicator) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writePlain(chars: string[], allowBreaks: boolean): void {
    if (!this.whitespace && (chars.length > 0 || this.flowLevel > 0)) this.put(' ');
    let spaces = false;
    let breaks = false;
    chars.forEach((ch, i) => {
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(ch);
        spaces = true;
      } else if (isBreak(ch)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    });
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const last = chars.length - 1;
    chars.forEach((ch, i) => {
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i !== 0 && i !== last && chars[i + 1] !== ' ') {
          this.writeIndent();
        } else {
          this.put(ch);
        }
        spaces = true;
      } else if (isBreak(ch)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (ch === "'") this.put("'");
        this.put(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    });
    if (breaks) this.writeIndent();
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    const last = chars.length - 1;
    chars.forEach((ch, i) => {
      const cp = ch.codePointAt(0) ?? 0;
      if (!isPrintable(ch) || cp === 0xfeff || isBreak(ch) || ch === '"' || ch === '\\') {
        this.put('\\');
        const named = DOUBLE_QUOTED_ESCAPES[cp];
        if (named !== undefined) this.put(named);
        else {
          const [prefix, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(prefix);
          for (const digit of cp.toString(16).toUpperCase().padStart(width, '0')) this.put(digit);
        }
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i !== 0 && i !== last) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else {
          this.put(ch);
        }
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    });
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }
}
