import type { MonitoredEntry, MonitoringRuleSet, RuleId, VolumeBaseline } from './monitoring.types';
import { localSlot } from './local-time.util';
import { seededRandom, type SeededRandom } from './seeded-random.util';

/** A generated organisation: its sector decides purposes, fields and when it works. */
export interface GeneratedOrganisation {
  organisationId: string;
  sector: 'bank' | 'telco' | 'insurer' | 'hospital' | 'airline' | 'notary';
  purposes: readonly string[];
  /** Mean accesses in a weekday busy hour. */
  peakPerHour: number;
}

/** Misuse deliberately mixed into the traffic, and the rules expected to catch it. */
export interface PlantedCase {
  id: string;
  kind: 'enumeration' | 'volume-spike' | 'purpose-drift' | 'off-hours-bulk' | 'denials' | 'citizen-fan-out';
  organisationId: string | null;
  citizenPseudonym: string | null;
  fromMs: number;
  toMs: number;
  detectedBy: readonly RuleId[];
}

export interface GeneratedTraffic {
  organisations: GeneratedOrganisation[];
  entries: MonitoredEntry[];
  planted: PlantedCase[];
  normalEntries: number;
  /** The model's expected hourly counts, as a baseline would learn them from a long history. */
  baseline: VolumeBaseline;
  fromMs: number;
  toMs: number;
}

export interface TrafficOptions {
  seed: number;
  /** Organisations (sector, size) come from their own seed, so history and test traffic share them. */
  organisationSeed: number;
  organisations: number;
  days: number;
  /** First local midnight (Asia/Ho_Chi_Minh) of the traffic, as an ISO instant. */
  start: string;
  plant: boolean;
  /** Size of the citizen population pseudonyms are drawn from. */
  citizens: number;
}

export const DEFAULT_TRAFFIC: TrafficOptions = { seed: 20260301, organisationSeed: 1, organisations: 100, days: 2, start: '2026-03-01T17:00:00.000Z', plant: true, citizens: 5_000_000 };

const SECTORS: Record<GeneratedOrganisation['sector'], { purposes: string[]; nightShare: number }> = {
  bank: { purposes: ['account-opening', 'kyc', 'aml', 'credit-scoring'], nightShare: 0.03 },
  telco: { purposes: ['sim-registration', 'kyc'], nightShare: 0.05 },
  insurer: { purposes: ['kyc', 'health-insurance-claim'], nightShare: 0.03 },
  hospital: { purposes: ['patient-admission', 'health-insurance-claim'], nightShare: 0.2 },
  airline: { purposes: ['flight-check-in'], nightShare: 0.25 },
  notary: { purposes: ['notarisation', 'tax-filing'], nightShare: 0.01 },
};
const SECTOR_NAMES = Object.keys(SECTORS) as GeneratedOrganisation['sector'][];
const CONSENT_DENIALS = ['CONSENT_MISSING', 'CONSENT_EXPIRED', 'CONSENT_REVOKED', 'FIELD_NOT_CONSENTED'];

/** Share of a weekday busy hour's traffic in each local hour. */
function hourShare(sector: GeneratedOrganisation['sector'], hour: number, dayOfWeek: number): number {
  const day = dayOfWeek === 0 ? 0.3 : dayOfWeek === 6 ? 0.5 : 1;
  if (hour >= 8 && hour < 18) return day;
  if (hour >= 18 && hour < 22) return 0.4 * day;
  if (hour >= 6 && hour < 8) return 0.3 * day;
  return SECTORS[sector].nightShare * day;
}

function pseudonym(n: number, prefix = 'c'): string {
  return `${prefix}${n.toString(16).padStart(15, '0')}`;
}

function makeOrganisations(rng: SeededRandom, count: number): GeneratedOrganisation[] {
  return Array.from({ length: count }, (_, i) => {
    const sector = SECTOR_NAMES[i % SECTOR_NAMES.length] as GeneratedOrganisation['sector'];
    // Long-tailed sizes: a few big banks and telcos, many small notaries.
    const peakPerHour = Math.round(20 + 480 * rng.next() ** 2);
    return { organisationId: `org-${String(i + 1).padStart(3, '0')}`, sector, purposes: SECTORS[sector].purposes, peakPerHour };
  });
}

interface Draft extends Omit<MonitoredEntry, 'index' | 'occurredAt'> {
  ms: number;
}

function normalAccess(rng: SeededRandom, org: GeneratedOrganisation, ms: number, rules: MonitoringRuleSet, citizens: number): Draft {
  const purpose = rng.pick(org.purposes);
  const expected = rules.purposeDrift.expectedFields[purpose] ?? [];
  const fields = expected.filter(() => rng.next() < 0.6);
  if (fields.length === 0 && expected[0]) fields.push(expected[0]);
  // A rare odd field: real clients make mistakes, and the rules must tolerate a few.
  if (rng.next() < 0.002) fields.push('maritalStatus');
  const operation = rng.next() < 0.6 ? 'verify' : 'lookup';
  const roll = rng.next();
  const denied = roll < 0.02;
  const notFound = !denied && operation === 'lookup' && roll < 0.025;
  return {
    ms,
    organisationId: org.organisationId,
    operation,
    purpose,
    decision: denied || notFound ? 'deny' : 'allow',
    reasonCode: denied ? rng.pick(CONSENT_DENIALS) : notFound ? 'CITIZEN_NOT_FOUND' : 'ALLOWED',
    fields,
    citizenPseudonym: pseudonym(rng.int(citizens)),
    noMatch: operation === 'verify' && !denied && rng.next() < 0.03,
  };
}

/**
 * Deterministic traffic: normal accesses from `organisations` organisations over `days` local
 * days, and (when `plant`) one case of each kind of misuse on the first day. No Math.random: the
 * same options always give the same entries, indexes and planted cases.
 */
export function generateTraffic(rules: MonitoringRuleSet, options: Partial<TrafficOptions> = {}): GeneratedTraffic {
  const opts = { ...DEFAULT_TRAFFIC, ...options };
  const rng = seededRandom(opts.seed);
  const organisations = makeOrganisations(seededRandom(opts.organisationSeed), opts.organisations);
  const offset = rules.timeZone.utcOffsetMinutes;
  const fromMs = Date.parse(opts.start);
  const toMs = fromMs + opts.days * 86_400_000;
  const hourly: Record<string, number[]> = {};
  for (const org of organisations) {
    hourly[org.organisationId] = Array.from({ length: 168 }, (_, slot) => org.peakPerHour * hourShare(org.sector, slot % 24, Math.floor(slot / 24)));
  }
  const plants = opts.plant ? planCases(rng, organisations, fromMs, hourly, offset) : [];
  const entries: MonitoredEntry[] = [];
  let normalEntries = 0;
  for (let hour = fromMs; hour < toMs; hour += 3_600_000) {
    const drafts: Draft[] = [];
    const { slot } = localSlot(hour, offset);
    for (const org of organisations) {
      const n = rng.poisson(hourly[org.organisationId]?.[slot] ?? 0);
      for (let i = 0; i < n; i++) drafts.push(normalAccess(rng, org, hour + rng.int(3_600_000), rules, opts.citizens));
    }
    normalEntries += drafts.length;
    for (const plant of plants) if (plant.hour === hour) drafts.push(...plant.make(rng, rules, opts.citizens));
    drafts.sort((a, b) => a.ms - b.ms);
    for (const { ms, ...rest } of drafts) entries.push({ index: entries.length, occurredAt: new Date(ms).toISOString(), ...rest });
  }
  return { organisations, entries, planted: plants.map((p) => p.planted), normalEntries, baseline: { version: `model-${opts.seed}`, hourly }, fromMs, toMs };
}

interface Plant {
  hour: number;
  planted: PlantedCase;
  make(rng: SeededRandom, rules: MonitoringRuleSet, citizens: number): Draft[];
}

function planCases(rng: SeededRandom, orgs: GeneratedOrganisation[], fromMs: number, hourly: Record<string, number[]>, offset: number): Plant[] {
  const H = 3_600_000;
  const byId = (i: number) => orgs[i % orgs.length] as GeneratedOrganisation;
  const plant = (id: string, kind: PlantedCase['kind'], org: GeneratedOrganisation | null, hourAt: number, minutes: number, detectedBy: RuleId[], make: Plant['make'], citizenPseudonym: string | null = null): Plant => ({
    hour: fromMs + hourAt * H,
    planted: { id, kind, organisationId: org?.organisationId ?? null, citizenPseudonym, fromMs: fromMs + hourAt * H, toMs: fromMs + hourAt * H + minutes * 60_000, detectedBy },
    make,
  });
  const within = (hourAt: number, minutes: number) => (r: SeededRandom) => fromMs + hourAt * H + r.int(minutes * 60_000);
  // Which organisations misbehave, and when, depends on the seed: the rules must not be tuned to one layout.
  const order = orgs.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const [enumOrg, spikeOrg, nightOrg, denyOrg] = order.slice(0, 4).map(byId) as [GeneratedOrganisation, GeneratedOrganisation, GeneratedOrganisation, GeneratedOrganisation];
  // A bank: account-opening should never need religion or ethnicity.
  const driftOrg = byId(order.slice(4).find((i) => byId(i).sector === 'bank') ?? 0);
  const fanOutOrgs = order.slice(4).filter((i) => byId(i) !== driftOrg).slice(0, 7).map(byId);
  const busyHour = () => 8 + rng.int(9); // local 08:00-16:00 on the first day
  const [enumHour, spikeHour, driftHour, denyHour, fanOutHour] = [busyHour(), busyHour(), busyHour(), busyHour(), busyHour()];
  const nightHour = 24 + rng.int(5); // local 00:00-04:00 on the second day
  const spikeExpected = hourly[spikeOrg.organisationId]?.[localSlot(fromMs + spikeHour * H, offset).slot] ?? 0;
  const fanOutCitizen = pseudonym(rng.int(1_000_000), 'f');
  return [
    plant('enumeration-1', 'enumeration', enumOrg, enumHour, 60, ['enumeration'], (r) =>
      Array.from({ length: 600 }, (_, i) => {
        const miss = r.next() < 0.7;
        return { ms: within(enumHour, 60)(r), organisationId: enumOrg.organisationId, operation: 'verify', purpose: enumOrg.purposes[0] as string, decision: 'allow', reasonCode: 'ALLOWED', fields: ['fullName', 'dateOfBirth'], citizenPseudonym: pseudonym(i, 'e'), noMatch: miss };
      })),
    plant('volume-spike-1', 'volume-spike', spikeOrg, spikeHour, 60, ['volume-anomaly'], (r, rules, citizens) =>
      Array.from({ length: Math.max(Math.round(9 * spikeExpected), 1000) }, () => normalAccess(r, spikeOrg, within(spikeHour, 60)(r), rules, citizens))),
    plant('purpose-drift-1', 'purpose-drift', driftOrg, driftHour, 60, ['purpose-drift', 'sensitive-fields'], (r, rules, citizens) =>
      Array.from({ length: 60 }, () => ({ ...normalAccess(r, driftOrg, within(driftHour, 60)(r), rules, citizens), purpose: 'account-opening', fields: ['fullName', 'religion', 'ethnicity'] }))),
    plant('off-hours-bulk-1', 'off-hours-bulk', nightOrg, nightHour, 60, ['off-hours-bulk'], (r, rules, citizens) =>
      Array.from({ length: 800 }, () => ({ ...normalAccess(r, nightOrg, within(nightHour, 60)(r), rules, citizens), operation: 'lookup' as const }))),
    plant('denials-1', 'denials', denyOrg, denyHour, 15, ['denials'], (r, rules, citizens) =>
      Array.from({ length: 80 }, () => ({ ...normalAccess(r, denyOrg, within(denyHour, 15)(r), rules, citizens), decision: 'deny' as const, reasonCode: 'CONSENT_MISSING' }))),
    plant('citizen-fan-out-1', 'citizen-fan-out', null, fanOutHour, 30, ['citizen-fan-out'], (r, rules, citizens) =>
      fanOutOrgs.map((org) => ({ ...normalAccess(r, org, within(fanOutHour, 30)(r), rules, citizens), citizenPseudonym: fanOutCitizen })), fanOutCitizen),
  ];
}
