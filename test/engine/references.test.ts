import { describe, expect, it } from 'vitest';
import { findReferences, resolveArguments, scanReferences } from '../../src/engine/references.js';

const values: Record<string, unknown> = {
  a: { items: [{ title: 'first', n: 1 }, { title: 'second', n: 2 }], count: 2, 'odd key': true },
  text: 'plain text',
  json: '{"rows":[{"path":"/tmp/x.txt"}]}',
  n: 42,
};
const lookup = (id: string) => (id in values ? { found: true as const, value: values[id] } : { found: false as const });

describe('findReferences', () => {
  it('returns every reference with its step, path, raw text and location when arguments nest', () => {
    expect(
      findReferences({ q: '{{a.items[0].title}}', list: ['x {{n}} y {{a["odd key"]}}'], deep: { 'b c': '{{ text }}' }, plain: 'no refs', num: 3 }),
    ).toEqual([
      { stepId: 'a', path: ['items', 0, 'title'], raw: '{{a.items[0].title}}', location: 'q' },
      { stepId: 'n', path: [], raw: '{{n}}', location: 'list[0]' },
      { stepId: 'a', path: ['odd key'], raw: '{{a["odd key"]}}', location: 'list[0]' },
      { stepId: 'text', path: [], raw: '{{ text }}', location: 'deep["b c"]' },
    ]);
  });

  it('returns no reference when the braces are escaped', () => {
    expect(findReferences({ q: '\\{{a}}' })).toEqual([]);
  });

  it('reports malformed references with a message when a reference is unclosed or has a bad path', () => {
    expect(scanReferences({ a: 'x {{a.b', b: '{{}}', c: '{{a..b}}' })).toEqual({
      references: [],
      invalid: [
        { raw: '{{a.b', location: 'a', message: 'Expected "}}" to close the reference starting at position 2, got the end of the string' },
        { raw: '{{}}', location: 'b', message: 'Expected a step id after "{{", got nothing' },
        { raw: '{{a..b}}', location: 'c', message: 'Expected ".key", "[index]" or ["key"] at position 1 of "a..b", got "..b"' },
      ],
    });
  });
});

describe('resolveArguments', () => {
  it('keeps the type when a whole value is one reference', () => {
    expect(resolveArguments({ all: '{{a}}', count: '{{a.count}}', item: '{{a.items[1]}}', n: '{{n}}' }, lookup)).toEqual({
      ok: true,
      value: { all: values.a, count: 2, item: { title: 'second', n: 2 }, n: 42 },
    });
  });

  it('interpolates text, numbers and objects as JSON when a reference sits inside a longer string', () => {
    expect(resolveArguments({ s: 'n={{n}} t={{a.items[0].title}} o={{a.items[0]}} {{text}}' }, lookup)).toEqual({
      ok: true,
      value: { s: 'n=42 t=first o={"title":"first","n":1} plain text' },
    });
  });

  it('parses JSON text on demand when a path goes into a string', () => {
    expect(resolveArguments({ path: '{{json.rows[0].path}}', raw: '{{json}}' }, lookup)).toEqual({
      ok: true,
      value: { path: '/tmp/x.txt', raw: values.json },
    });
  });

  it('resolves references inside arrays and nested objects and keeps escaped braces literal', () => {
    expect(resolveArguments({ list: [{ v: '{{n}}' }, '\\{{n}} is {{n}}'], keep: 7, none: null }, lookup)).toEqual({
      ok: true,
      value: { list: [{ v: 42 }, '{{n}} is 42'], keep: 7, none: null },
    });
  });

  it('returns an empty object when there are no arguments', () => {
    expect(resolveArguments(undefined, lookup)).toEqual({ ok: true, value: {} });
  });

  it('fails with reference_error naming the keys that exist when a key is missing', () => {
    expect(resolveArguments({ q: '{{a.items[0].name}}' }, lookup)).toEqual({
      ok: false,
      error: {
        code: 'reference_error',
        message:
          'Reference {{a.items[0].name}} in arguments.q does not resolve: a.items[0] has no "name"; keys that exist: "title", "n"',
      },
    });
  });

  it('fails naming the array length when an index is out of range', () => {
    expect(resolveArguments({ q: ['{{a.items[5]}}'] }, lookup)).toEqual({
      ok: false,
      error: {
        code: 'reference_error',
        message: 'Reference {{a.items[5]}} in arguments.q[0] does not resolve: a.items has no [5]; it is an array of 2 (indexes 0..1)',
      },
    });
  });

  it('fails when a path goes into text that is not JSON', () => {
    expect(resolveArguments({ q: 'x {{text.length}}' }, lookup)).toEqual({
      ok: false,
      error: {
        code: 'reference_error',
        message: 'Reference {{text.length}} in arguments.q does not resolve: text has no "length"; it is a string that is not JSON: "plain text"',
      },
    });
  });

  it('fails when the referenced step has no value', () => {
    expect(resolveArguments({ q: '{{missing}}' }, lookup)).toEqual({
      ok: false,
      error: { code: 'reference_error', message: 'Reference {{missing}} in arguments.q: expected a finished step "missing", got no value for it' },
    });
  });
});
