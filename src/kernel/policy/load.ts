/**
 * Shared machinery of the policy and clause parsers: YAML text → JS value with positions, schema validation with
 * readable messages, and JSON-pointer paths mapped back to line and column. Pure (no file I/O).
 */
import type { TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** One problem found in a policy document. `path` is a JSON pointer ("" = the whole document). */
export interface PolicyError {
  path: string;
  message: string;
  /** 1-based position in the YAML text, when known. */
  line?: number;
  column?: number;
  /** The source name given to the parser (e.g. "policies/altinn.yaml"). */
  source?: string;
}

export interface LoadedYaml {
  value: unknown;
  locate: (path: string) => { line: number; column: number } | undefined;
}

/** Escapes one JSON-pointer segment. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a base pointer and segments: ptr('/a', 'b', 0) → "/a/b/0". */
export function ptr(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => `/${pointerSegment(s)}`).join('');
}

function splitPointer(path: string): string[] {
  if (path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Parses YAML. Syntax errors (and duplicate keys) come back as errors with line and column; otherwise the JS
 * value and a function that maps a JSON pointer to the position of the node it names (or of its nearest existing
 * ancestor, e.g. for a missing property).
 */
export function loadYaml(text: string, source?: string): { ok: true; loaded: LoadedYaml } | { ok: false; errors: PolicyError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true, strict: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const first = e.message.split('\n')[0].replace(/:$/, '');
        return withSource(
          { path: '', message: `YAML syntax: ${first}`, line: pos?.line, column: pos?.col },
          source,
        );
      }),
    };
  }
  const value = doc.toJS({ maxAliasCount: 100 });
  return {
    ok: true,
    loaded: {
      value,
      locate: (path) => {
        const offset = offsetOf(doc, splitPointer(path));
        if (offset === undefined) return undefined;
        const { line, col } = lineCounter.linePos(offset);
        return { line, column: col };
      },
    },
  };
}

function offsetOf(doc: Document, segments: string[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      const keyOffset = (pair.key as Node).range?.[0];
      const valueNode = pair.value as Node | null;
      node = valueNode;
      offset = valueNode?.range?.[0] ?? keyOffset ?? offset;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item || !/^\d+$/.test(segment)) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function withSource(e: PolicyError, source?: string): PolicyError {
  if (source !== undefined) e.source = source;
  if (e.line === undefined) delete e.line;
  if (e.column === undefined) delete e.column;
  return e;
}

/** Places errors in the text and tags them with the source name. */
export function positionErrors(errors: PolicyError[], loaded: LoadedYaml, source?: string): PolicyError[] {
  return errors.map((e) => {
    const pos = e.line === undefined ? loaded.locate(e.path) : undefined;
    return withSource({ ...e, ...(pos ?? {}) }, source);
  });
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function describe(schema: TSchema): string | undefined {
  if (typeof schema.expected === 'string') return schema.expected;
  switch (schema.type) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    default:
      return undefined;
  }
}

function messageFor(e: ValueError): string {
  const schema = e.schema as TSchema;
  const last = splitPointer(e.path).pop() ?? '';
  switch (e.type) {
    case ValueErrorType.ObjectRequiredProperty: {
      const what = describe(schema);
      return `missing required property "${last}"${what ? ` (expected ${what})` : ''}`;
    }
    case ValueErrorType.ObjectAdditionalProperties: {
      if (schema.patternProperties && typeof schema.keyExpected === 'string') {
        return `key "${last}" is not allowed here: expected ${schema.keyExpected}`;
      }
      const allowed = schema.properties ? Object.keys(schema.properties as object) : [];
      return `unknown property "${last}"${allowed.length ? `; allowed: ${allowed.join(', ')}` : ''}`;
    }
    case ValueErrorType.ArrayMinItems:
      return `expected ${describe(schema) ?? `at least ${String(schema.minItems)} item(s)`}, got ${show(e.value)}`;
    default: {
      const what = describe(schema);
      const typeMismatch = [
        ValueErrorType.Union,
        ValueErrorType.String,
        ValueErrorType.Number,
        ValueErrorType.Integer,
        ValueErrorType.Boolean,
        ValueErrorType.Array,
        ValueErrorType.Object,
        ValueErrorType.Literal,
      ].includes(e.type);
      if (what && (typeMismatch || typeof schema.expected === 'string')) {
        return `expected ${what}, got ${show(e.value)}`;
      }
      return `${e.message.charAt(0).toLowerCase()}${e.message.slice(1)}, got ${show(e.value)}`;
    }
  }
}

/** Validates `value` against `schema`; one error per path (the first, most specific one TypeBox reports). */
export function schemaErrors(schema: TSchema, value: unknown): PolicyError[] {
  if (Value.Check(schema, value)) return [];
  const seen = new Set<string>();
  const out: PolicyError[] = [];
  for (const e of Value.Errors(schema, value)) {
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    out.push({ path: e.path, message: messageFor(e) });
  }
  return out;
}

/** "policies/altinn.yaml:12:5 /incidentCategories/B/targets/0/calendar: unknown calendar "x"" — one line each. */
export function formatPolicyErrors(errors: readonly PolicyError[]): string {
  return errors
    .map((e) => {
      const where = [e.source, e.line, e.column].filter((x) => x !== undefined).join(':');
      return `${where ? `${where} ` : ''}${e.path || '/'}: ${e.message}`;
    })
    .join('\n');
}
