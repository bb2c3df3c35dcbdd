import fc from 'fast-check';
import { validate } from 'class-validator';
import { IsInstant, isInstant } from './instant.validator';

describe('isInstant', () => {
  it.each([
    ['UTC', '2026-03-10T08:00:00Z'],
    ['an offset', '2026-03-10T08:00:00+07:00'],
    ['a negative offset', '2026-03-10T08:00:00-05:30'],
    ['-00:00', '2026-03-10T08:00:00-00:00'],
    ['minutes only', '2026-03-10T08:00Z'],
    ['milliseconds', '2026-03-10T08:00:00.123Z'],
    ['nanoseconds', '2026-03-10T08:00:00.123456789+07:00'],
    ['29 February of a leap year', '2028-02-29T00:00:00Z'],
    ['the largest offsets', '2026-03-10T08:00:00+14:00'],
    ['the first instant of year 1', '0001-01-01T00:00:00Z'],
    ['the last millisecond of 9999', '9999-12-31T23:59:59.999Z'],
  ])('accepts %s (%s)', (_, value) => {
    expect(isInstant(value)).toBe(true);
  });

  it.each([
    // Forms class-validator's isISO8601 lets through, for which Date.parse is NaN.
    ['a week date', '2026-W10-2'],
    ['a week date and time', '2026-W10-2T08:00:00Z'],
    ['an ordinal date', '2026-069'],
    ['an ordinal date and time', '2026-069T08:00:00Z'],
    ['the basic format', '20260310'],
    ['the basic format with a time', '20260310T080000Z'],
    ['hours only', '2026-03-10T08'],
    ['hours only, zoned', '2026-03-10T08Z'],
    // Read in the server's time zone: a deadline would move with where the server runs.
    ['a time without a zone', '2026-03-10T08:00:00'],
    ['a date without a time', '2026-03-10'],
    ['an offset without a colon', '2026-03-10T08:00:00+0700'],
    ['an hour-only offset', '2026-03-10T08:00:00+07'],
    ['a space for T', '2026-03-10 08:00:00Z'],
    ['a lowercase t and z', '2026-03-10t08:00:00z'],
    // Date.parse rolls these over to the next month; PostgreSQL refuses them.
    ['30 February', '2026-02-30T00:00:00Z'],
    ['29 February of a common year', '2026-02-29T00:00:00Z'],
    ['31 April', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['day 0', '2026-03-00T00:00:00Z'],
    ['24:00', '2026-03-10T24:00:00Z'],
    ['minute 60', '2026-03-10T08:60:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['an offset past +14:00', '2026-03-10T08:00:00+14:30'],
    ['an offset PostgreSQL refuses', '2026-03-10T08:00:00+23:59'],
    ['offset minutes of 60', '2026-03-10T08:00:00+05:60'],
    ['year 0', '0000-06-01T00:00:00Z'],
    ['a year that becomes 0 in UTC', '0001-01-01T00:00:00+01:00'],
    ['a year that becomes 10000 in UTC', '9999-12-31T23:00:00-14:00'],
    ['an expanded year', '+012026-03-10T08:00:00Z'],
    ['ten fractional digits', '2026-03-10T08:00:00.1234567890Z'],
    ['words', 'yesterday'],
    ['empty', ''],
    ['a trailing newline', '2026-03-10T08:00:00Z\n'],
    ['a number', 1773129600000],
    ['a Date', new Date('2026-03-10T08:00:00Z')],
    ['null', null],
    ['an array', ['2026-03-10T08:00:00Z']],
  ])('refuses %s (%p)', (_, value) => {
    expect(isInstant(value)).toBe(false);
  });

  it('refuses very long strings', () => {
    expect(isInstant('2026-03-10T08:00:00.' + '1'.repeat(1_000_000) + 'Z')).toBe(false);
    expect(isInstant('2026-03-10T08:00:00Z' + ' '.repeat(1_000_000))).toBe(false);
    expect(isInstant('9'.repeat(1_000_000))).toBe(false);
  });

  it('accepts every instant Date#toISOString writes between years 1 and 9999, and means the same instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('0001-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }), (ms) => {
        const text = new Date(ms).toISOString();
        return isInstant(text) && Date.parse(text) === ms;
      }),
    );
  });

  it('accepts a wall-clock time with any whole-quarter-hour offset of a real zone, read as that instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1971-01-01T00:00:00Z'), max: Date.parse('2999-12-31T00:00:00Z') }), fc.integer({ min: -48, max: 56 }), (ms, quarters) => {
        const offset = quarters * 15;
        const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
        const sign = offset < 0 ? '-' : '+';
        const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
        const mm = String(Math.abs(offset) % 60).padStart(2, '0');
        const text = `${local}${sign}${hh}:${mm}`;
        return isInstant(text) && Date.parse(text) === Math.floor(ms / 1000) * 1000;
      }),
    );
  });
});

describe('@IsInstant', () => {
  class Dto {
    @IsInstant() at!: unknown;
  }
  const errorsFor = async (at: unknown) => validate(Object.assign(new Dto(), { at }));

  it('names the property with a message saying what is wanted', async () => {
    const [error] = await errorsFor('2026-W10-2');
    expect(error?.property).toBe('at');
    expect(error?.constraints).toEqual({ isInstant: 'must be an ISO 8601 timestamp with a time zone, e.g. 2026-01-01T00:00:00Z' });
    expect(await errorsFor('2026-03-10T08:00:00+07:00')).toEqual([]);
  });
});
