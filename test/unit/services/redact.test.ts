import { describe, expect, it } from 'vitest';
import { redact, registerSecret, tokenHint } from '../../../main/services/log/redact.ts';

describe('redact', () => {
  it('scrubs registered secrets wherever they appear', () => {
    registerSecret('my-very-secret-value');
    expect(redact('failed with my-very-secret-value in the body')).toBe('failed with [redacted] in the body');
  });

  it('scrubs credential-shaped text it was never told about', () => {
    expect(redact('content=record&token=0123456789ABCDEF0123456789ABCDEF&format=json')).toBe('content=record&token=[redacted]&format=json');
    expect(redact('Authorization: Bearer abc.def-ghi_jkl')).toBe('Authorization: Bearer [redacted]');
    expect(redact('{"token": "sekrit-1234567"}')).toBe('{"token": "[redacted]"}');
    expect(redact('key 0123456789abcdef0123456789ABCDEF end')).toBe('key [redacted] end');
    expect(redact(`super ${'A'.repeat(64)}`)).toBe('super [redacted]');
  });

  it('leaves ordinary text alone', () => {
    expect(redact('Downloaded 500 of 1,000 records from redcap.example.edu')).toBe('Downloaded 500 of 1,000 records from redcap.example.edu');
  });

  it('hints at a token with its last four characters only', () => {
    expect(tokenHint('0123456789ABCDEF0123456789ABA1F3')).toBe('…A1F3');
    expect(tokenHint('short')).toBe('…');
  });
});
