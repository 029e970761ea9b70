import { keyRole, roleCap, scopeAllows } from './scopes';

describe('API key scopes', () => {
  it('lets admin imply every scope, write and sync imply read, and read imply nothing more', () => {
    expect(scopeAllows(['admin'], 'sync')).toBe(true);
    expect(scopeAllows(['write'], 'read')).toBe(true);
    expect(scopeAllows(['sync'], 'read')).toBe(true);
    expect(scopeAllows(['read'], 'write')).toBe(false);
    expect(scopeAllows(['write'], 'sync')).toBe(false);
    expect(scopeAllows(['write', 'sync'], 'admin')).toBe(false);
  });

  it('gives a key of its own admin, manager or viewer by its scopes', () => {
    expect(keyRole(['admin'], null)).toBe('admin');
    expect(keyRole(['read', 'write'], null)).toBe('manager');
    expect(keyRole(['read', 'sync'], null)).toBe('viewer');
    expect(keyRole(['read'], null)).toBe('viewer');
  });

  it("gives a linked key its employee's role, capped by the scopes", () => {
    expect(roleCap(['write'])).toBe('manager');
    expect(keyRole(['write'], 'manager')).toBe('manager');
    expect(keyRole(['write'], 'admin')).toBe('manager');
    expect(keyRole(['read'], 'admin')).toBe('viewer');
    expect(keyRole(['admin'], 'agent')).toBe('agent');
    expect(keyRole(['write'], 'viewer')).toBe('viewer');
  });
});
