import fc from 'fast-check';
import { DEVICE_TOKEN_MAX_LENGTH, deviceOfToken, issueDeviceToken } from './device-token.util';

const key = 'k'.repeat(32);
const citizen = { key, login: 'a3f1c2'.repeat(10) + 'beef' };
const nonce = Buffer.alloc(16, 7);
const issuedAt = 1_764_000_000;
const ttl = 90 * 86_400;
const token = issueDeviceToken(citizen, issuedAt, nonce);
const check = (t: string | undefined, now = issuedAt + 60, forLogin = citizen) => deviceOfToken(t, forLogin, now, ttl);

/** `token` with the character at `i` replaced by another of the same alphabet. */
const changedAt = (t: string, i: number) => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);

describe('device tokens', () => {
  it('gives the device of a token issued for the same login, within its lifetime', () => {
    expect(token).toMatch(/^v1\.1764000000\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(check(token)).toBe(nonce.toString('base64url'));
    expect(check(token, issuedAt)).toBeDefined();
    expect(check(token, issuedAt + ttl - 1)).toBeDefined();
  });

  it('never carries the login', () => {
    expect(token).not.toContain(citizen.login);
    expect(token.length).toBeLessThanOrEqual(DEVICE_TOKEN_MAX_LENGTH);
  });

  it('is not valid for another login, nor under another key', () => {
    expect(check(token, issuedAt + 60, { key, login: citizen.login + '0' })).toBeUndefined();
    expect(check(token, issuedAt + 60, { key, login: 'reg' })).toBeUndefined();
    expect(check(token, issuedAt + 60, { key: 'x'.repeat(32), login: citizen.login })).toBeUndefined();
  });

  it('is not valid once a character of its MAC, nonce or issue time is changed', () => {
    const [, time, n, mac] = token.split('.');
    expect(check(changedAt(token, token.length - 1))).toBeUndefined();
    expect(check(changedAt(token, token.length - mac.length))).toBeUndefined();
    expect(check(`v1.${time}.${changedAt(n, 0)}.${mac}`)).toBeUndefined();
    expect(check(`v1.${Number(time) + 1}.${n}.${mac}`)).toBeUndefined();
  });

  it('is not valid with a MAC made for another time (a longer life cannot be forged)', () => {
    const later = issueDeviceToken(citizen, issuedAt + ttl, nonce);
    const [, , , laterMac] = later.split('.');
    const [, , n] = token.split('.');
    expect(check(`v1.${issuedAt + ttl}.${n}.${laterMac}`, issuedAt + ttl + 10)).toBe(n);
    expect(check(`v1.${issuedAt}.${n}.${laterMac}`, issuedAt + 10)).toBeUndefined();
  });

  it('expires after its lifetime, and is not valid before it was issued (beyond clock skew)', () => {
    expect(check(token, issuedAt + ttl)).toBeUndefined();
    expect(check(token, issuedAt + ttl * 10)).toBeUndefined();
    expect(check(token, issuedAt - 300)).toBeDefined();
    expect(check(token, issuedAt - 301)).toBeUndefined();
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['garbage', 'not a token'],
    ['another version', token.replace(/^v1\./, 'v2.')],
    ['no version', token.slice(3)],
    ['a part missing', token.split('.').slice(0, 3).join('.')],
    ['an extra part', `${token}.x`],
    ['padding', `${token}=`],
    ['a leading zero in the time', token.replace('v1.', 'v1.0')],
    ['a negative time', token.replace('v1.', 'v1.-')],
    ['a character outside base64url', token.slice(0, -2) + '+' + token.slice(-1)],
    ['too long', token + 'A'.repeat(DEVICE_TOKEN_MAX_LENGTH)],
    ['whitespace around it', ` ${token} `],
  ])('treats %s as no token', (_, t) => {
    expect(check(t)).toBeUndefined();
  });

  it('accepts only what it issued for that login (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (t) => {
        expect(check(t)).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.string({ minLength: 1, maxLength: 128 }), (bytes, at, login) => {
        const issued = issueDeviceToken({ key, login }, at, Buffer.from(bytes));
        expect(deviceOfToken(issued, { key, login }, at, ttl)).toBe(Buffer.from(bytes).toString('base64url'));
        expect(deviceOfToken(issued, { key, login: login + 'x' }, at, ttl)).toBeUndefined();
      }),
    );
  });

  it('refuses to issue with a nonce that is not 16 bytes, or a time that is not whole seconds', () => {
    expect(() => issueDeviceToken(citizen, issuedAt, Buffer.alloc(8))).toThrow(RangeError);
    expect(() => issueDeviceToken(citizen, 1.5, nonce)).toThrow(RangeError);
    expect(() => issueDeviceToken(citizen, -1, nonce)).toThrow(RangeError);
  });
});
