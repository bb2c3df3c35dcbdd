import { InvalidCursorError, cursorKey, decodeCursor, encodeCursor, isExactInstantPart, isUuidPart } from './keyset-cursor.util';

describe('keyset cursors', () => {
  it('takes back what it issued, part by part', () => {
    const key = ['2026-03-10T01:02:03.456789Z', '0b0e5c3e-8d4f-4c2a-9a51-3f3c7a1d2e4f'];
    expect(decodeCursor(encodeCursor(key), [isExactInstantPart, isUuidPart])).toEqual(key);
    expect(cursorKey(encodeCursor(key), [isExactInstantPart, isUuidPart])).toEqual(key);
  });

  it('throws InvalidCursorError for a cursor of another list, for the problem filter to answer 400', () => {
    const other = encodeCursor(['0b0e5c3e-8d4f-4c2a-9a51-3f3c7a1d2e4f']);
    expect(() => cursorKey(other, [isExactInstantPart, isUuidPart])).toThrow(InvalidCursorError);
  });

  it.each([
    ['a day that does not exist', '2026-02-30T00:00:00.000000Z'],
    ['29 February of a common year', '2027-02-29T00:00:00.000000Z'],
    ['year 0, which PostgreSQL refuses', '0000-01-01T00:00:00.000000Z'],
    ['hour 24', '2026-03-10T24:00:00.000000Z'],
    ['milliseconds only', '2026-03-10T01:02:03.456Z'],
    ['an offset', '2026-03-10T01:02:03.456789+07:00'],
  ])('refuses an instant part with %s', (_what, instant) => {
    expect(isExactInstantPart(instant)).toBe(false);
    expect(decodeCursor(encodeCursor([instant, '0b0e5c3e-8d4f-4c2a-9a51-3f3c7a1d2e4f']), [isExactInstantPart, isUuidPart])).toBeUndefined();
  });

  it('refuses cursors too long, not base64url, or of the wrong shape', () => {
    expect(decodeCursor('A'.repeat(401), [isExactInstantPart])).toBeUndefined();
    expect(decodeCursor('not base64url!', [isExactInstantPart])).toBeUndefined();
    expect(decodeCursor(encodeCursor(['2026-03-10T01:02:03.456789Z']), [isExactInstantPart, isUuidPart])).toBeUndefined();
  });
});
