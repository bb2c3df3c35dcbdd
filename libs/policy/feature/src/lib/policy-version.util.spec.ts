import { parsePolicyVersion, policyVersionOf } from './policy-version.util';

describe('policy versions', () => {
  const id = '6f1c2a4e-0000-4000-8000-000000000001';

  it('names the licence version and the rules version, and reads back', () => {
    expect(policyVersionOf({ id, version: 12 })).toBe(`${id}@12+r1`);
    expect(parsePolicyVersion(`${id}@12+r1`)).toEqual({ licenceId: id, version: 12, rulesVersion: 'r1' });
    expect(policyVersionOf(undefined)).toBe('none+r1');
    expect(parsePolicyVersion('none+r1')).toEqual({ licenceId: null, version: null, rulesVersion: 'r1' });
  });

  it.each(['', 'r1', `${id}@0+r1`, `${id}@1`, `${id.toUpperCase()}@1+r1`, 'proposed+r1', `${id}@1+R1`, `x@1+r1`])('refuses %p', (value) => {
    expect(parsePolicyVersion(value)).toBeUndefined();
  });
});
