import type { WorkingCalendar } from './statutory-deadline.util';

export interface PublicHoliday {
  /** Local date in Vietnam, YYYY-MM-DD. */
  date: string;
  name: string;
  /** announced: from the government's published schedule; provisional: derived from the Labour Code rules, to be confirmed. */
  status: 'announced' | 'provisional';
}

/**
 * Weekdays off in Vietnam for 2026 and 2027: public holidays (Labour Code 2019, art. 112: New
 * Year, 5 days of Tet, Hung Kings' day, 30/4, 1/5, 2/9 plus a day next to it) and the official
 * compensatory days when one falls on a weekend. Only weekdays are listed: weekends are off anyway.
 *
 * Source, honestly: compiled by hand from the Labour Code rules, the lunar calendar and the
 * 2026 schedule as published for civil servants (Tet 2026: 14-22 Feb); it was NOT checked
 * against an official text from this environment. The 2027 rows are provisional (the government
 * announces each year's Tet and 2/9 arrangement late in the previous year), so an operator must
 * check this list against the Ministry of Home Affairs' announcement and update it every year;
 * requests filed after 2027 fall back to weekends only, which makes deadlines earlier, never later.
 */
export const VIETNAM_PUBLIC_HOLIDAYS: readonly PublicHoliday[] = Object.freeze([
  { date: '2026-01-01', name: "New Year's Day", status: 'announced' },
  { date: '2026-02-16', name: 'Tet (lunar New Year eve)', status: 'announced' },
  { date: '2026-02-17', name: 'Tet (1st day of the year of the Horse)', status: 'announced' },
  { date: '2026-02-18', name: 'Tet (2nd day)', status: 'announced' },
  { date: '2026-02-19', name: 'Tet (3rd day)', status: 'announced' },
  { date: '2026-02-20', name: 'Tet (4th day)', status: 'announced' },
  { date: '2026-04-27', name: "Hung Kings' day (10/3 lunar falls on Sunday 26 Apr), day off in lieu", status: 'announced' },
  { date: '2026-04-30', name: 'Reunification Day', status: 'announced' },
  { date: '2026-05-01', name: "International Workers' Day", status: 'announced' },
  { date: '2026-09-01', name: 'National Day (adjacent day)', status: 'provisional' },
  { date: '2026-09-02', name: 'National Day', status: 'announced' },
  { date: '2027-01-01', name: "New Year's Day", status: 'announced' },
  { date: '2027-02-04', name: 'Tet (day before the eve)', status: 'provisional' },
  { date: '2027-02-05', name: 'Tet (lunar New Year eve)', status: 'provisional' },
  { date: '2027-02-08', name: 'Tet (3rd day)', status: 'provisional' },
  { date: '2027-02-09', name: 'Tet (in lieu of the 1st day, Saturday 6 Feb)', status: 'provisional' },
  { date: '2027-02-10', name: 'Tet (in lieu of the 2nd day, Sunday 7 Feb)', status: 'provisional' },
  { date: '2027-04-16', name: "Hung Kings' day (10/3 lunar)", status: 'provisional' },
  { date: '2027-04-30', name: 'Reunification Day', status: 'announced' },
  { date: '2027-05-03', name: "International Workers' Day (Saturday 1 May), day off in lieu", status: 'provisional' },
  { date: '2027-09-02', name: 'National Day', status: 'announced' },
  { date: '2027-09-03', name: 'National Day (adjacent day)', status: 'provisional' },
]);

/** Asia/Ho_Chi_Minh: UTC+7 all year (no daylight saving), Saturday and Sunday off. */
export const VIETNAM_WORKING_CALENDAR: WorkingCalendar = Object.freeze({
  utcOffsetMinutes: 7 * 60,
  weekendDays: Object.freeze([0, 6]),
  holidays: Object.freeze(VIETNAM_PUBLIC_HOLIDAYS.map((h) => h.date)),
});
