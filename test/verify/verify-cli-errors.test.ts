import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';

/** Bad input is a one-line UserError (exit 2), before anything is sent or started. */
describe('aimon verify input errors', () => {
  it('refuses --ledger combined with load options', async () => {
    expect(await main(['node', 'aimon', 'verify', '--ledger', 'x.json', '--scenario', 'smoke'])).toBe(2);
  });
  it('refuses a ledger file that does not exist', async () => {
    expect(await main(['node', 'aimon', 'verify', '--ledger', '/nonexistent/ledger.json'])).toBe(2);
  });
  it('refuses an unknown suite', async () => {
    expect(
      await main(['node', 'aimon', 'verify', '--ledger', '/nonexistent/ledger.json', '--suites', 'nope']),
    ).toBe(2);
  });
});
