// A mistyped -H still carries a credential: the usage error names the header and masks the value.
import { describe, expect, it } from 'vitest';
import { parseHeader } from '../../src/cli/args';

function messageOf(raw: string): string {
  try {
    parseHeader(raw);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`parseHeader accepted ${JSON.stringify(raw)}`);
}

describe('-H without a colon', () => {
  it.each<[string, string, string]>([
    ['Authorization Bearer s3cr3t-token-value', 'Bearer s3cr3t-token-value', 'Authorization ••••(25 chars)'],
    ['Cookie sid=abcdef123456', 'sid=abcdef123456', 'Cookie ••••(16 chars)'],
    ['X-Api-Key   k-0123456789', 'k-0123456789', 'X-Api-Key   ••••(12 chars)'],
  ])('%s: the value is masked', (raw, secret, shown) => {
    const msg = messageOf(raw);
    expect(msg).not.toContain(secret);
    expect(msg).toContain(JSON.stringify(shown));
  });

  it.each(['X-Custom 1', 'Content-Type application/json', 'Authorization'])('%s: echoed as given (nothing secret to hide)', (raw) => {
    expect(messageOf(raw)).toBe(`-H: expected 'Name: value', got ${JSON.stringify(raw)}`);
  });
});
