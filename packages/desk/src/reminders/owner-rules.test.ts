import { testConfig } from '../desk-fixture.test-support';
import { ruleOwner } from './owner-rules';

describe('owner rules', () => {
  const { owners } = testConfig(
    [
      'owners:',
      '  rules:',
      '    - { source: [onec, erpnext], segment: champions, owner: anna@example.com }',
      '    - { vip: "true", owner: key-accounts@example.com }',
      '    - { source: odoo, owner: boris@example.com }',
      '  default: lead@example.com',
      '',
    ].join('\n'),
  );
  const facts = (sources: string[], segment: string | null, vip = false) => ({ sources, segment, vip });

  it('takes the first rule whose every condition holds', () => {
    expect(ruleOwner(owners, facts(['erpnext'], 'champions'))).toBe('anna@example.com');
    // In 1C but not a champion: the first rule fails on the segment; VIP → the second.
    expect(ruleOwner(owners, facts(['onec'], 'lost', true))).toBe('key-accounts@example.com');
    expect(ruleOwner(owners, facts(['odoo', 'onec'], 'loyal'))).toBe('boris@example.com');
  });

  it('falls back to the default, or nobody without one', () => {
    expect(ruleOwner(owners, facts(['onec'], null))).toBe('lead@example.com');
    expect(ruleOwner(testConfig().owners, facts(['odoo'], 'champions'))).toBeNull();
  });

  it('is refused in the config when a rule names an unknown segment or no owner', () => {
    expect(() => testConfig('owners:\n  rules:\n    - { segment: royalty, owner: a@b.c }\n')).toThrow(
      /segment/,
    );
    expect(() => testConfig('owners:\n  rules:\n    - { source: odoo }\n')).toThrow(/owner/);
  });
});
