/** strictObject's message for unknown fields: the fields expected there (or that none are), and the nearest name. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { strictObject, unknownFieldsMessage } from '../../src/engine/strict-object.js';

describe('strictObject', () => {
  it('names the expected fields and the field probably meant', () => {
    const result = strictObject({ depends_on: z.array(z.string()).optional(), id: z.string() }).safeParse({ id: 'a', dependson: [] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Expected only the fields "depends_on", "id", got unknown field "dependson" (did you mean "depends_on"?)');
  });

  it('says that no fields are expected when the object takes none (list_runs {})', () => {
    const result = strictObject({}).safeParse({ bogus: 1, other: 2 });
    expect(result.error?.issues[0]?.message).toBe('Expected no fields, got unknown fields "bogus", "other"');
    expect(unknownFieldsMessage(['x'], [])).toBe('Expected no fields, got unknown field "x"');
  });
});
