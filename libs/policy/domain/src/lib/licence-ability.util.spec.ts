import { compileLicence, licenceRuleFor } from './licence-ability.util';
import { LicenceAbilityCache } from './licence-ability-cache.util';
import { aLicence } from './policy-test.fixture';

describe('compileLicence', () => {
  const compiled = compileLicence(
    aLicence({
      grants: [
        { purposeCode: 'KYC', operations: ['lookup'], fields: ['fullName'], obligations: { fullName: 'mask' } },
        // A second grant for the same purpose widens it; the stricter obligation wins.
        { purposeCode: 'KYC', operations: ['lookup', 'verify'], fields: ['dateOfBirth', 'fullName', 'notAField' as never], obligations: { fullName: 'match-only' } },
        { purposeCode: 'EMPTY', operations: ['lookup'], fields: ['notAField' as never] },
      ],
    }),
  );
  const context = { organisationId: 'ORG-BANK', purposeCode: 'KYC' };

  it('puts fields of every grant for (purpose, operation) in one CASL rule', () => {
    const rule = licenceRuleFor(compiled, 'lookup', context);
    expect(rule?.fields).toEqual(['fullName', 'dateOfBirth']);
    expect(licenceRuleFor(compiled, 'verify', context)?.fields).toEqual(['dateOfBirth', 'fullName']);
    expect(compiled.ability.can('lookup', context, 'dateOfBirth')).toBe(true);
    expect(compiled.ability.can('lookup', context, 'sex')).toBe(false);
  });

  it('binds every rule to the licence holder with a CASL condition', () => {
    expect(licenceRuleFor(compiled, 'lookup', { ...context, organisationId: 'ORG-OTHER' })).toBeNull();
  });

  it('keeps the stricter obligation and drops grants with no known field', () => {
    expect(compiled.obligations.get('KYC')?.get('fullName')).toBe('match-only');
    expect(compiled.purposes.has('EMPTY')).toBe(false);
    expect(licenceRuleFor(compiled, 'lookup', { ...context, purposeCode: 'EMPTY' })).toBeNull();
  });

  it('gives CASL wildcards no meaning: no purpose "all" and no operation "manage" reach other rules', () => {
    const wild = compileLicence(aLicence({ grants: [{ purposeCode: 'all', operations: ['lookup'], fields: ['fullName'] }] }));
    expect(licenceRuleFor(wild, 'lookup', context)).toBeNull();
    expect(licenceRuleFor(wild, 'manage' as never, { ...context, purposeCode: 'all' })).toBeNull();
  });
});

describe('LicenceAbilityCache', () => {
  it('compiles a licence once per (id, version)', () => {
    const cache = new LicenceAbilityCache();
    const first = cache.get(aLicence());
    expect(cache.get(aLicence())).toBe(first);
    expect(cache.get(aLicence({ version: 2 }))).not.toBe(first);
    expect(cache.size).toBe(2);
  });

  it('recompiles when grants or holder change without a new version', () => {
    const cache = new LicenceAbilityCache();
    const first = cache.get(aLicence());
    const edited = cache.get(aLicence({ grants: [{ purposeCode: 'KYC', operations: ['lookup'], fields: ['fullName'] }] }));
    expect(edited).not.toBe(first);
    expect(cache.get(aLicence({ organisationId: 'ORG-X' }))).not.toBe(edited);
    expect(cache.size).toBe(1);
  });

  it('evicts the oldest entry past its bound', () => {
    const cache = new LicenceAbilityCache(2);
    const one = cache.get(aLicence({ id: 'A' }));
    cache.get(aLicence({ id: 'B' }));
    cache.get(aLicence({ id: 'C' }));
    expect(cache.size).toBe(2);
    expect(cache.get(aLicence({ id: 'A' }))).not.toBe(one);
    expect(() => new LicenceAbilityCache(0)).toThrow(RangeError);
  });
});
