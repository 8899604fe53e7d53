import { describe, expect, it } from 'vitest';
import { LazyJsonSchemaValidator } from '../../src/server/lazy-json-schema-validator.js';

describe('LazyJsonSchemaValidator', () => {
  it('validates as the SDK validator does, once asked', () => {
    const validate = new LazyJsonSchemaValidator().getValidator<{ name: string }>({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });
    expect(validate({ name: 'a' })).toEqual({ valid: true, data: { name: 'a' }, errorMessage: undefined });
    const invalid = validate({ name: 3 });
    expect(invalid.valid).toBe(false);
    expect(invalid.errorMessage).toMatch(/name/);
  });
});
