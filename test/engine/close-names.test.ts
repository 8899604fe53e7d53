import { describe, expect, it } from 'vitest';
import { closeNames } from '../../src/engine/close-names.js';

describe('closeNames', () => {
  it('suggests names a typo away', () => {
    expect(closeNames('fetsh', ['fetch', 'parse', 'store'])).toEqual(['fetch']);
    expect(closeNames('dpeends_on', ['depends_on', 'id'])).toEqual(['depends_on']);
    expect(closeNames('ech', ['echo', 'add'])).toEqual(['echo']);
    expect(closeNames('read', ['read_text_file', 'write_file'])).toEqual(['read_text_file']);
  });

  it('suggests nothing when no name is close, however short the names', () => {
    expect(closeNames('x', ['a', 'b', 'c'])).toEqual([]);
    expect(closeNames('c', ['a', 'b'])).toEqual([]);
    expect(closeNames('zz', ['ab', 'cd', 'ef'])).toEqual([]);
    expect(closeNames('nope', ['echo', 'add', 'throws'])).toEqual([]);
    // A one- or two-letter name inside a longer one is a coincidence, not a typo.
    expect(closeNames('a', ['alpha', 'beta'])).toEqual([]);
  });

  it('lists at most `limit`, closest first', () => {
    expect(closeNames('step1', ['step2', 'step3', 'step4', 'step5', 'step11'])).toEqual(['step11', 'step2', 'step3']);
  });
});
