/**
 * `--generate-cli-skeleton`: the parameter template (input, yaml-input) or the
 * made-up response (output) an operation prints instead of calling. Fetched
 * when asked for, apart from the arguments code every call needs (args.ts).
 * The caller passes the shapes: importing the API model here would make the
 * bundler split it out of the sandbox's start-up chunk.
 */
import type { ShapeDef } from '../kms/api-model-types.ts';
import { pyJsonDumps } from './python/json.ts';
import { PyFloat, type PyDict, type PyValue } from './python/values.ts';
import type { ShapeTable } from './validate.ts';

/** botocore ArgumentGenerator: "" for strings (or the first enum value), 0, true, null for blobs. */
export function skeletonValue(shapeName: string, shapes: ShapeTable, useMemberNames = false, stack: string[] = [], name = ''): PyValue {
  const shape = shapes[shapeName]!;
  stack.push(shapeName);
  try {
    switch (shape.type) {
      case 'structure': {
        const out: PyDict = {};
        if (stack.filter((s) => s === shapeName).length > 1) return out;
        for (const [member, memberShape] of Object.entries(shape.members ?? {})) {
          out[member] = skeletonValue(memberShape, shapes, useMemberNames, stack, member);
        }
        return out;
      }
      case 'list':
        return [skeletonValue(shape.member!, shapes, useMemberNames, stack, useMemberNames ? shape.member! : '')];
      case 'map':
        return { KeyName: skeletonValue(shape.value!, shapes, useMemberNames, stack) };
      case 'string':
        if (useMemberNames) return name;
        return shape.enum?.[0] ?? '';
      case 'integer':
      case 'long':
        return 0;
      case 'float':
      case 'double':
        return new PyFloat(0);
      case 'boolean':
        return true;
      case 'timestamp':
        return '1970-01-01T00:00:00';
      default:
        return null;
    }
  } finally {
    stack.pop();
  }
}

/** `--generate-cli-skeleton` (input): json.dump(skeleton, indent=4) and a newline. */
export function inputSkeleton(shapeName: string | undefined, shapes: ShapeTable): string {
  const skeleton = shapeName ? skeletonValue(shapeName, shapes) : {};
  return `${pyJsonDumps(skeleton, { indent: 4, ensureAscii: true })}\n`;
}

/**
 * `--generate-cli-skeleton yaml-input`. The real CLI adds each member's
 * documentation as a comment; KMS Lab's model carries no AWS documentation,
 * so the comments only say what is required and which values are valid.
 */
export function yamlInputSkeleton(shapeName: string | undefined, shapes: ShapeTable): string {
  if (!shapeName) return '{}\n';
  const lines: string[] = [];
  const scalar = (shape: ShapeDef): string => {
    switch (shape.type) {
      case 'string':
        return shape.enum?.[0] ?? "''";
      case 'integer':
      case 'long':
        return '0';
      case 'float':
      case 'double':
        return '0.0';
      case 'boolean':
        return 'true';
      case 'timestamp':
        return '1970-01-01 00:00:00';
      default:
        return "!!binary ''";
    }
  };
  const structure = (name: string, indent: string, firstPrefix: string, stack: string[]) => {
    const shape = shapes[name]!;
    let first = true;
    for (const [member, memberName] of Object.entries(shape.members ?? {})) {
      const memberShape = shapes[memberName]!;
      const notes = [shape.required?.includes(member) ? '[REQUIRED]' : '', memberShape.enum ? `Valid values are: ${memberShape.enum.join(', ')}.` : '']
        .filter(Boolean)
        .join(' ');
      const gap = first ? '  ' : ' ';
      const comment = notes ? `${gap}# ${notes}` : '';
      const lead = first ? firstPrefix : indent;
      first = false;
      if (memberShape.type === 'structure') {
        lines.push(`${lead}${member}:${comment}`);
        if (stack.filter((s) => s === memberName).length < 1) structure(memberName, `${indent}  `, `${indent}  `, [...stack, memberName]);
      } else if (memberShape.type === 'map') {
        lines.push(`${lead}${member}:${comment}`);
        lines.push(`${indent}  KeyName: ${scalar(shapes[memberShape.value!]!)}`);
      } else if (memberShape.type === 'list') {
        lines.push(`${lead}${member}:${comment}`);
        const item = shapes[memberShape.member!]!;
        if (item.type === 'structure') structure(memberShape.member!, `${indent}  `, `${indent}- `, [...stack, memberShape.member!]);
        else lines.push(`${indent}- ${scalar(item)}`);
      } else {
        lines.push(`${lead}${member}: ${scalar(memberShape)}${comment}`);
      }
    }
  };
  structure(shapeName, '', '', [shapeName]);
  return `${lines.join('\n')}\n`;
}
