import { hashPassword } from '@consentry/shared-auth';
import { PasswordCheckBusy, PasswordHashing, PasswordVerifier } from './password-verifier';

describe('PasswordVerifier', () => {
  const spied = (): jest.Mocked<PasswordHashing> => ({
    hash: jest.fn(async (_password: string) => 'scrypt$16384$8$1$c2FsdA==$ZHVtbXk='),
    verify: jest.fn(async (_password: string, _stored: string) => true),
  });

  it('checks a missing account against one dummy hash, made once, and never accepts', async () => {
    const hashing = spied();
    const verifier = new PasswordVerifier({ concurrency: 2, queueMax: 8 }, hashing);
    expect(await verifier.verify('guess', undefined)).toBe(false);
    expect(await verifier.verify('guess', undefined)).toBe(false);
    expect(hashing.hash).toHaveBeenCalledTimes(1);
    expect(hashing.verify).toHaveBeenCalledTimes(2);
    expect(hashing.verify).toHaveBeenLastCalledWith('guess', 'scrypt$16384$8$1$c2FsdA==$ZHVtbXk=');
  });

  it('checks a stored hash as it is', async () => {
    const hashing = spied();
    const verifier = new PasswordVerifier({ concurrency: 2, queueMax: 8 }, hashing);
    expect(await verifier.verify('right', 'stored')).toBe(true);
    expect(hashing.verify).toHaveBeenCalledWith('right', 'stored');
    expect(hashing.hash).not.toHaveBeenCalled();
  });

  it('makes the dummy with the same scrypt parameters as real hashes', async () => {
    let dummy = '';
    const verifier = new PasswordVerifier({ concurrency: 1, queueMax: 8 }, { hash: hashPassword, verify: async (_, stored) => ((dummy = stored), false) });
    await verifier.verify('guess', undefined);
    const real = await hashPassword('x');
    expect(dummy.split('$').slice(0, 4)).toEqual(real.split('$').slice(0, 4));
    expect(Buffer.from(dummy.split('$')[5], 'base64')).toHaveLength(Buffer.from(real.split('$')[5], 'base64').length);
  });

  it('runs at most `concurrency` checks at once and queues the rest', async () => {
    let running = 0;
    let most = 0;
    const verifier = new PasswordVerifier({ concurrency: 2, queueMax: 8 }, {
      hash: async () => 'dummy',
      verify: async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return false;
      },
    });
    await Promise.all(Array.from({ length: 10 }, () => verifier.verify('guess', 'stored')));
    expect(most).toBe(2);
  });

  it('lets at most `queueMax` wait, refuses the rest at once, and is not busy again once one ends', async () => {
    const release: (() => void)[] = [];
    const verifier = new PasswordVerifier({ concurrency: 2, queueMax: 3 }, {
      hash: async () => 'dummy',
      verify: () => new Promise<boolean>((resolve) => release.push(() => resolve(true))),
    });
    const started = Array.from({ length: 5 }, () => verifier.verify('pw', 'stored'));
    expect(verifier.busy).toBe(true);
    await expect(verifier.verify('pw', 'stored')).rejects.toBeInstanceOf(PasswordCheckBusy);
    await expect(verifier.verify('pw', undefined)).rejects.toBeInstanceOf(PasswordCheckBusy);
    expect(release).toHaveLength(2);
    release.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(verifier.busy).toBe(false);
    const sixth = verifier.verify('pw', 'stored');
    expect(verifier.busy).toBe(true);
    while (release.length) {
      release.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all([...started, sixth])).toEqual(Array(6).fill(true));
  });

  it('is never busy while a place is free, even with no queue at all', async () => {
    const verifier = new PasswordVerifier({ concurrency: 1, queueMax: 0 }, { hash: async () => 'dummy', verify: async () => true });
    expect(verifier.busy).toBe(false);
    const first = verifier.verify('pw', 'stored');
    expect(verifier.busy).toBe(true);
    await expect(verifier.verify('pw', 'stored')).rejects.toBeInstanceOf(PasswordCheckBusy);
    expect(await first).toBe(true);
    expect(verifier.busy).toBe(false);
    expect(await verifier.verify('pw', 'stored')).toBe(true);
  });
});
