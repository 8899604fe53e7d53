import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAjvErrors } from '../../src/downstream/argument-validator.js';
import { closeNames, editDistance } from '../../src/engine/close-names.js';
import { isToolAllowed, matchesPattern } from '../../src/downstream/tool-filter.js';

describe('isToolAllowed', () => {
  const tools = ['read_file', 'read_secret', 'write_file', 'list_directory'];

  it('returns every tool when there is no allow or deny list', () => {
    expect(tools.filter((t) => isToolAllowed(t, {}))).toEqual(tools);
  });

  it('returns only matching tools when allow has exact names and globs', () => {
    expect(tools.filter((t) => isToolAllowed(t, { allow: ['read_*', 'list_directory'] }))).toEqual(['read_file', 'read_secret', 'list_directory']);
  });

  it('returns no denied tool even when allow matches it', () => {
    expect(tools.filter((t) => isToolAllowed(t, { allow: ['*'], deny: ['*_secret', 'write_file'] }))).toEqual(['read_file', 'list_directory']);
  });

  it('treats regular expression characters in patterns literally', () => {
    expect([matchesPattern('a.b', 'a.b'), matchesPattern('axb', 'a.b'), matchesPattern('a+b.c', 'a+b*')]).toEqual([true, false, true]);
  });

  it('answers as a fresh expression per pattern does, asked again and again (property)', () => {
    // The filter as it was: a RegExp made for each glob at each check.
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const matches = (name: string, pattern: string) => (pattern.includes('*') ? new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`).test(name) : name === pattern);
    const allowed = (name: string, filter: { allow?: string[]; deny?: string[] }) =>
      (filter.allow === undefined || filter.allow.some((p) => matches(name, p))) && !(filter.deny ?? []).some((p) => matches(name, p));
    const word = fc.string({ unit: fc.constantFrom('a', 'b', '_', '.', '*', '+', '(', '\\'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), fc.option(fc.array(word, { maxLength: 4 }), { nil: undefined }), fc.option(fc.array(word, { maxLength: 4 }), { nil: undefined }), (names, allow, deny) => {
        const filter = { ...(allow ? { allow } : {}), ...(deny ? { deny } : {}) };
        for (let round = 0; round < 2; round++) for (const name of names) expect(isToolAllowed(name, filter)).toBe(allowed(name, filter));
      }),
      { numRuns: 500 },
    );
  });
});

describe('closeNames', () => {
  it('returns the closest names first when some are within reach', () => {
    expect(closeNames('raed_file', ['write_file', 'read_files', 'read_file', 'read_graph', 'echo'])).toEqual(['read_file', 'read_files']);
  });

  it('returns names that contain the wanted text', () => {
    expect(closeNames('graph', ['read_graph', 'echo'])).toEqual(['read_graph']);
  });

  it('returns nothing when every name is far', () => {
    expect(closeNames('zzz', ['read_file', 'echo'])).toEqual([]);
  });

  it('computes the Levenshtein distance', () => {
    expect([editDistance('kitten', 'sitting'), editDistance('', 'abc'), editDistance('same', 'same')]).toEqual([3, 3, 0]);
  });
});

describe('formatAjvErrors', () => {
  it('returns each error with a JSON path in our notation', () => {
    expect(formatAjvErrors("data must have required property 'b', data/a must be number, data/tags/1 must be string, data/x~1y/0/z must be equal to one of the allowed values")).toBe(
      "arguments: must have required property 'b'; arguments.a: must be number; arguments.tags[1]: must be string; arguments[\"x/y\"][0].z: must be equal to one of the allowed values",
    );
  });

  it('keeps a comma inside a message', () => {
    expect(formatAjvErrors('data/p must match pattern "^a,b$"')).toBe('arguments.p: must match pattern "^a,b$"');
  });
});
