import { demoSeedWanted } from './demo-seed-wanted';

describe('demoSeedWanted', () => {
  it('seeds the embedded database unless told not to', () => {
    expect(demoSeedWanted(undefined, false)).toBe(true);
    expect(demoSeedWanted('false', false)).toBe(false);
  });

  it('leaves a database given by DATABASE_URL alone unless DEMO_SEED=true', () => {
    expect(demoSeedWanted(undefined, true)).toBe(false);
    expect(demoSeedWanted('true', true)).toBe(true);
    expect(demoSeedWanted('false', true)).toBe(false);
  });
});
