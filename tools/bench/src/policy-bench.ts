/**
 * Policy decision benchmark (issue 4): the CASL-based policy domain against the same rules in
 * casbin, on one generated licence set and one request stream, in one process.
 *
 *   node -r ./tools/scripts/register.cjs tools/bench/src/policy-bench.ts [--requests=100000] [--casbin-requests=20000] [--seed=20260301]
 *
 * Everything is generated from the seed, so two runs see the same licences and requests.
 */
import os from 'node:os';
import { newEnforcer, newModelFromString, StringAdapter, type Enforcer } from 'casbin';
import { FIELD_CATALOGUE, type FieldCode, SENSITIVE_FIELDS, isFieldCode } from '@consentry/population-domain';
import {
  CONSENT_OPERATION_FOR,
  LEGAL_DUTY_ELIGIBLE_KINDS,
  createPolicyEvaluator,
  compileLicence,
  type ConsentSnapshot,
  type ConsentState,
  type Decision,
  type DecisionRequest,
  type Licence,
  type LicenceGrant,
  type ObligationKind,
  type Operation,
  type OrganisationKind,
  type OrganisationSuspension,
} from '@consentry/policy-domain';

// ---------------------------------------------------------------------------------------------
// Settings

const args = new Map(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith('--'))
    .map((a) => a.slice(2).split('=') as [string, string]),
);
const intArg = (name: string, fallback: number) => (args.has(name) ? Number.parseInt(args.get(name)!, 10) : fallback);

const SETTINGS = {
  seed: intArg('seed', 20260301),
  organisations: 1000,
  purposes: 50,
  requests: intArg('requests', 100_000),
  casbinRequests: intArg('casbin-requests', 20_000),
  casbinSingleEnforcerRequests: intArg('casbin-single-requests', 300),
  warmupPasses: 3,
  throughputRounds: 5,
  now: Date.parse('2026-03-01T02:00:00.000Z'),
  policyVersion: 'policy-bench-1',
};

// ---------------------------------------------------------------------------------------------
// Deterministic generator

/** mulberry32: small, fast, good enough to shape test data; never for anything secret. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(SETTINGS.seed);
const chance = (p: number) => rand() < p;
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
function sample<T>(list: readonly T[], count: number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, Math.max(0, Math.min(count, copy.length)));
}
function weighted<T>(entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [value, w] of entries) if ((r -= w) < 0) return value;
  return entries[entries.length - 1][0];
}
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

const IDENTITY: FieldCode[] = ['idNumber', 'fullName', 'dateOfBirth', 'sex'];
const RESIDENCE: FieldCode[] = ['permanentResidence', 'currentResidence'];
const FAMILY: FieldCode[] = ['maritalStatus', 'fatherName', 'motherName', 'spouseName'];

interface Sector {
  code: string;
  kind: OrganisationKind;
  weight: number;
  purposes: string[];
  fields: FieldCode[];
  sensitive: FieldCode[];
}

/** 50 purposes in sectors that really buy lookups; sensitive fields only where a purpose plausibly needs one. */
const SECTORS: Sector[] = [
  { code: 'BANK', kind: 'enterprise', weight: 12, purposes: ['ACCOUNT-OPENING', 'LOAN-ORIGINATION', 'CARD-ISSUANCE', 'AML-REVIEW', 'REMITTANCE'], fields: [...IDENTITY, ...RESIDENCE, 'nationality', 'taxNumber'], sensitive: [] },
  { code: 'TELCO', kind: 'enterprise', weight: 3, purposes: ['SIM-REGISTRATION', 'SUBSCRIBER-REVERIFY', 'NUMBER-PORTING'], fields: [...IDENTITY, 'permanentResidence', 'nationality'], sensitive: ['eidLevel'] },
  { code: 'INSURER', kind: 'enterprise', weight: 8, purposes: ['POLICY-ISSUANCE', 'CLAIM-ASSESSMENT', 'HEALTH-UNDERWRITING'], fields: [...IDENTITY, ...RESIDENCE, 'maritalStatus', 'bloodGroup'], sensitive: ['healthInsuranceNumber', 'socialInsuranceNumber'] },
  { code: 'HOSPITAL', kind: 'enterprise', weight: 15, purposes: ['ADMISSION', 'INSURANCE-BILLING', 'BLOOD-BANK'], fields: [...IDENTITY, 'permanentResidence', 'bloodGroup'], sensitive: ['healthInsuranceNumber'] },
  { code: 'AIRLINE', kind: 'enterprise', weight: 2, purposes: ['BOOKING-IDENTITY', 'CHECK-IN'], fields: ['idNumber', 'fullName', 'dateOfBirth', 'sex', 'nationality'], sensitive: [] },
  { code: 'NOTARY', kind: 'enterprise', weight: 10, purposes: ['DEED-WITNESS', 'INHERITANCE', 'MARRIAGE-PROPERTY'], fields: [...IDENTITY, ...RESIDENCE, ...FAMILY, 'hometown'], sensitive: [] },
  { code: 'REALTY', kind: 'enterprise', weight: 6, purposes: ['TENANCY', 'PROPERTY-TRANSFER'], fields: [...IDENTITY, ...RESIDENCE, 'maritalStatus', 'spouseName'], sensitive: [] },
  { code: 'EMPLOYER', kind: 'enterprise', weight: 12, purposes: ['HIRING', 'PAYROLL-TAX', 'SOCIAL-INSURANCE-ENROLMENT'], fields: [...IDENTITY, ...RESIDENCE, 'taxNumber', 'placeOfBirth'], sensitive: ['socialInsuranceNumber'] },
  { code: 'ECOMMERCE', kind: 'enterprise', weight: 4, purposes: ['AGE-CHECK', 'SELLER-ONBOARDING'], fields: ['fullName', 'dateOfBirth', 'idNumber', 'currentResidence'], sensitive: [] },
  { code: 'EDUCATION', kind: 'enterprise', weight: 5, purposes: ['ENROLMENT', 'EXAM-REGISTRATION', 'SCHOLARSHIP'], fields: [...IDENTITY, 'placeOfBirth', 'hometown', 'permanentResidence', 'fatherName', 'motherName'], sensitive: ['ethnicity'] },
  { code: 'TRANSPORT', kind: 'enterprise', weight: 3, purposes: ['DRIVER-ONBOARDING', 'VEHICLE-REGISTRATION'], fields: [...IDENTITY, 'drivingLicenceNumber', 'permanentResidence'], sensitive: [] },
  { code: 'FINTECH', kind: 'enterprise', weight: 5, purposes: ['EWALLET-KYC', 'BNPL-CHECK', 'P2P-LENDING'], fields: [...IDENTITY, ...RESIDENCE, 'taxNumber'], sensitive: ['eidLevel'] },
  { code: 'SECURITIES', kind: 'enterprise', weight: 2, purposes: ['BROKERAGE-ACCOUNT', 'MARGIN-ACCOUNT'], fields: [...IDENTITY, 'permanentResidence', 'nationality', 'taxNumber'], sensitive: [] },
  { code: 'UTILITY', kind: 'enterprise', weight: 3, purposes: ['ELECTRICITY-CONTRACT', 'WATER-CONTRACT', 'INTERNET-CONTRACT'], fields: ['idNumber', 'fullName', ...RESIDENCE], sensitive: [] },
  { code: 'STATE', kind: 'state-agency', weight: 7, purposes: ['RESIDENCE-MANAGEMENT', 'TAX-ADMINISTRATION', 'SOCIAL-WELFARE', 'ELECTORAL-ROLL', 'MILITARY-SERVICE', 'PUBLIC-HEALTH', 'CIVIL-STATUS'], fields: [...IDENTITY, ...RESIDENCE, ...FAMILY, 'placeOfBirth', 'hometown', 'nationality', 'taxNumber'], sensitive: ['ethnicity', 'religion', 'healthInsuranceNumber', 'socialInsuranceNumber'] },
  { code: 'REGISTRY', kind: 'specialised-database-agency', weight: 1.5, purposes: ['INSURANCE-REGISTER-SYNC', 'LAND-REGISTER-SYNC'], fields: [...IDENTITY, ...RESIDENCE, 'maritalStatus'], sensitive: ['socialInsuranceNumber'] },
  { code: 'MASS-ORG', kind: 'political-organisation', weight: 1.5, purposes: ['MEMBERSHIP', 'UNION-MEMBERSHIP'], fields: ['idNumber', 'fullName', 'dateOfBirth', 'permanentResidence'], sensitive: [] },
];
const ALL_PURPOSES = SECTORS.flatMap((s) => s.purposes.map((p) => `${s.code}:${p}`));
if (ALL_PURPOSES.length !== SETTINGS.purposes) throw new Error(`expected ${SETTINGS.purposes} purposes, got ${ALL_PURPOSES.length}`);
const CATALOGUE = FIELD_CATALOGUE.map((f) => f.code) as FieldCode[];

interface Organisation {
  id: string;
  sector: Sector;
  licence: Licence;
  suspension: OrganisationSuspension | null;
}

function generateOrganisations(): Organisation[] {
  const organisations: Organisation[] = [];
  for (let i = 0; i < SETTINGS.organisations; i++) {
    const sector = weighted(SECTORS.map((s) => [s, s.weight] as const));
    const id = `ORG-${String(i + 1).padStart(4, '0')}`;
    const own = sample(sector.purposes, int(1, Math.min(4, sector.purposes.length))).map((p) => `${sector.code}:${p}`);
    if (chance(0.05)) own.push(pick(ALL_PURPOSES.filter((p) => !own.includes(p))));
    const grants: LicenceGrant[] = own.map((purposeCode) => {
      const home = SECTORS.find((s) => purposeCode.startsWith(`${s.code}:`))!;
      const fields = [...sample(home.fields, int(Math.min(3, home.fields.length), home.fields.length)), ...home.sensitive.filter(() => chance(0.6))];
      const operations: Operation[] = ['verify'];
      if (chance(0.7)) operations.push('lookup');
      if (chance(0.12)) operations.push('batch');
      const obligations: Partial<Record<FieldCode, ObligationKind>> = {};
      if (fields.includes('idNumber') && chance(0.3)) obligations.idNumber = 'mask';
      if (fields.includes('dateOfBirth') && chance(0.1)) obligations.dateOfBirth = 'match-only';
      return { purposeCode, operations, fields, obligations };
    });
    // The busiest organisations (lowest index, see trafficPicker) are in good standing, as big banks are.
    const major = i < 20;
    const validity = major ? 'current' : weighted([['current', 95], ['expired', 3], ['future', 2]] as const);
    const [from, to] = {
      current: () => [SETTINGS.now - int(30, 900) * DAY, SETTINGS.now + int(30, 1000) * DAY],
      expired: () => [SETTINGS.now - int(400, 1200) * DAY, SETTINGS.now - int(1, 20) * DAY],
      future: () => [SETTINGS.now + int(1, 60) * DAY, SETTINGS.now + int(400, 1500) * DAY],
    }[validity]();
    const legalDuty = LEGAL_DUTY_ELIGIBLE_KINDS.includes(sector.kind) && chance(0.85);
    organisations.push({
      id,
      sector,
      licence: {
        id: `LIC-${id}`,
        organisationId: id,
        version: int(1, 4),
        status: major ? 'active' : weighted([['active', 97], ['suspended', 2], ['revoked', 1]] as const),
        organisationKind: sector.kind,
        legalBasis: legalDuty ? 'legal-duty' : 'consent',
        legalReference: legalDuty ? 'Law on Identification 26/2023/QH15, art. 10' : 'Citizen consent (Law 91/2025/QH15)',
        grants,
        validFrom: iso(from),
        validTo: iso(to),
      },
      suspension: !major && chance(0.01) ? { suspensionId: `SUS-${id}`, since: iso(SETTINGS.now - int(1, 30) * DAY) } : null,
    });
  }
  return organisations;
}

/** Zipf-like traffic: a few large banks and telcos send most requests. */
function trafficPicker(count: number): () => number {
  const weights = Array.from({ length: count }, (_, rank) => 1 / Math.pow(rank + 1, 0.9));
  const cumulative: number[] = [];
  weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
  const total = cumulative[count - 1];
  return () => {
    const r = rand() * total;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const STATE_FOR: Partial<Record<string, ConsentState>> = { revoked: 'REVOKED', paused: 'PAUSED', 'expired-state': 'EXPIRED', pending: 'PENDING', rejected: 'REJECTED' };

function generateConsent(org: Organisation, purposeCode: string, licensed: FieldCode[], fields: string[], operation: Operation): ConsentSnapshot | undefined {
  const kind = weighted([
    ['valid', 84], ['missing', 3], ['revoked', 1.5], ['paused', 1], ['expired-state', 1], ['pending', 0.5],
    ['rejected', 0.5], ['lapsed', 1], ['over-frequency', 2], ['partial', 4], ['other-purpose', 0.5], ['op-not-consented', 1],
  ] as const);
  if (kind === 'missing') return undefined;
  let consented = licensed.filter((f) => !SENSITIVE_FIELDS.includes(f) || chance(0.75));
  if (kind === 'partial') consented = consented.filter((f) => !fields.includes(f) || chance(0.4));
  const limit = int(1, 30);
  const frequency = chance(0.4) ? null : chance(0.1) ? { limit: 1, period: 'once' as const } : { limit, period: pick(['day', 'month'] as const) };
  const from = SETTINGS.now - int(1, 300) * DAY;
  return {
    consentId: `CON-${org.id}-${int(1, 1e9)}`,
    state: STATE_FOR[kind] ?? 'ACTIVE',
    purposeCode: kind === 'other-purpose' ? pick(ALL_PURPOSES) : purposeCode,
    fields: consented,
    operations: kind === 'op-not-consented' ? (CONSENT_OPERATION_FOR[operation] === 'verify' ? ['lookup'] : ['verify']) : ['verify', 'lookup'],
    validFrom: iso(from),
    validTo: iso(kind === 'lapsed' ? SETTINGS.now - int(1, 10) * DAY : SETTINGS.now + int(1, 365) * DAY),
    frequency,
    usesInPeriod: frequency === null ? int(0, 100) : kind === 'over-frequency' ? frequency.limit + int(0, 3) : int(0, frequency.limit - 1),
  };
}

function generateRequests(organisations: Organisation[]): DecisionRequest[] {
  const nextOrg = trafficPicker(organisations.length);
  const requests: DecisionRequest[] = [];
  for (let i = 0; i < SETTINGS.requests; i++) {
    const org = organisations[nextOrg()];
    const licence = org.licence;
    const grant = chance(0.94) ? pick(licence.grants) : undefined;
    const purposeCode = grant?.purposeCode ?? pick(ALL_PURPOSES);
    const operation = grant && chance(0.9) ? pick(grant.operations) : weighted([['verify', 60], ['lookup', 33], ['batch', 7]] as const);
    const licensed = [...new Set(licence.grants.filter((g) => g.purposeCode === purposeCode).flatMap((g) => g.fields))];
    const pool = licensed.length > 0 ? licensed : org.sector.fields;
    const fields: string[] = sample(pool, int(1, Math.min(6, pool.length)));
    if (chance(0.08)) fields.push(pick(CATALOGUE));
    if (chance(0.01)) fields.push('passportNumber');
    const legalDuty = licence.legalBasis === 'legal-duty';
    const consent = legalDuty && chance(0.8) ? undefined : generateConsent(org, purposeCode, licensed, fields, operation);
    const self = chance(0.03);
    requests.push({
      organisationId: org.id,
      operation,
      purposeCode,
      fields,
      subject: self ? 'citizen-self' : 'organisation',
      licence: chance(0.005) ? undefined : licence,
      consent,
      suspension: org.suspension,
      now: SETTINGS.now + int(0, DAY - 1),
      policyVersion: SETTINGS.policyVersion,
    });
  }
  return requests;
}

// ---------------------------------------------------------------------------------------------
// The same rules in casbin: licence ∩ consent, legal duty for basic fields, sensitive fields only
// by a consent naming them, the citizen's own access, suspensions. One policy line per
// (organisation, purpose, operation) with its field list, one enforcer per licence: the most
// favourable layout found for casbin, which scans every policy line of an enforcer per call.

const CASBIN_MODEL = [
  '[request_definition]',
  'r = sub, org, purpose, op, field, ctx',
  '[policy_definition]',
  'p = org, purpose, op, fields, basis',
  '[policy_effect]',
  'e = some(where (p.eft == allow))',
  '[matchers]',
  'm = (r.sub == "citizen-self" && isField(r.field)) || (r.sub != "citizen-self" && r.org == p.org && r.purpose == p.purpose && r.op == p.op' +
    ' && hasField(p.fields, r.field) && !r.ctx.suspended && r.ctx.licenceStatus == "active"' +
    ' && r.ctx.licenceFrom <= r.ctx.now && r.ctx.now < r.ctx.licenceTo' +
    ' && ((p.basis == "legal-duty" && !isSensitive(r.field))' +
    ' || (r.ctx.consentState == "ACTIVE" && r.ctx.consentPurpose == r.purpose && r.ctx.consentFrom <= r.ctx.now && r.ctx.now < r.ctx.consentTo' +
    ' && hasItem(r.ctx.consentOperations, consentOperation(r.op)) && (r.ctx.frequencyLimit < 0 || r.ctx.usesInPeriod < r.ctx.frequencyLimit)' +
    ' && hasItem(r.ctx.consentFields, r.field))))',
].join('\n');

interface CasbinContext {
  suspended: boolean;
  licenceStatus: string;
  licenceFrom: number;
  licenceTo: number;
  now: number;
  consentState: string;
  consentPurpose: string;
  consentFrom: number;
  consentTo: number;
  consentOperations: readonly string[];
  consentFields: readonly string[];
  frequencyLimit: number;
  usesInPeriod: number;
}

interface CasbinEngine {
  enforcers: Map<string, Enforcer>;
  /** Licence validity parsed once per licence, as the CASL path caches it. */
  validity: Map<string, { from: number; to: number }>;
  noLicence: Enforcer;
}

const SENSITIVE = new Set<string>(SENSITIVE_FIELDS);
const fieldSets = new Map<string, Set<string>>();
const CASBIN_FUNCTIONS: Record<string, (...a: never[]) => boolean | string> = {
  isField: (field: string) => isFieldCode(field),
  isSensitive: (field: string) => SENSITIVE.has(field),
  hasItem: (list: readonly string[], item: string) => list.includes(item),
  // Policy values are strings; split each list once and keep it, as CASL keeps its compiled rules.
  hasField: (fields: string, field: string) => {
    let set = fieldSets.get(fields);
    if (!set) fieldSets.set(fields, (set = new Set(fields.split(' '))));
    return set.has(field);
  },
  consentOperation: (operation: Operation) => CONSENT_OPERATION_FOR[operation] ?? '',
};

function casbinPolicyLines(licence: Licence): string[] {
  const basis = licence.legalBasis === 'legal-duty' && LEGAL_DUTY_ELIGIBLE_KINDS.includes(licence.organisationKind) ? 'legal-duty' : 'consent';
  const byKey = new Map<string, Set<string>>();
  for (const grant of licence.grants) {
    for (const op of grant.operations) {
      const key = `${grant.purposeCode}|${op}`;
      const set = byKey.get(key) ?? new Set<string>();
      byKey.set(key, set);
      grant.fields.filter(isFieldCode).forEach((f) => set.add(f));
    }
  }
  return [...byKey].map(([key, fields]) => {
    const [purpose, op] = key.split('|');
    return `p, ${licence.organisationId}, ${purpose}, ${op}, ${[...fields].join(' ')}, ${basis}`;
  });
}

async function casbinEnforcer(lines: string[]): Promise<Enforcer> {
  const model = newModelFromString(CASBIN_MODEL);
  // StringAdapter refuses an empty document; an enforcer with no policy lines takes the model alone.
  const enforcer = lines.length > 0 ? await newEnforcer(model, new StringAdapter(lines.join('\n'))) : await newEnforcer(model);
  for (const [name, fn] of Object.entries(CASBIN_FUNCTIONS)) await enforcer.addFunction(name, fn as never);
  return enforcer;
}

async function buildCasbin(licences: Licence[]): Promise<CasbinEngine> {
  const enforcers = new Map<string, Enforcer>();
  const validity = new Map<string, { from: number; to: number }>();
  for (const licence of licences) {
    enforcers.set(licence.id, await casbinEnforcer(casbinPolicyLines(licence)));
    validity.set(licence.id, { from: Date.parse(licence.validFrom), to: Date.parse(licence.validTo) });
  }
  return { enforcers, validity, noLicence: await casbinEnforcer([]) };
}

const NO_CONSENT = { state: 'NONE', purposeCode: '', from: Number.NaN, to: Number.NaN, operations: [], fields: [] };

function casbinContext(request: DecisionRequest, validity: { from: number; to: number } | undefined): CasbinContext {
  const c = request.consent;
  return {
    suspended: request.suspension !== null,
    licenceStatus: request.licence?.status ?? 'none',
    licenceFrom: validity?.from ?? Number.NaN,
    licenceTo: validity?.to ?? Number.NaN,
    now: request.now as number,
    consentState: c?.state ?? NO_CONSENT.state,
    consentPurpose: c?.purposeCode ?? NO_CONSENT.purposeCode,
    consentFrom: c ? Date.parse(c.validFrom) : NO_CONSENT.from,
    consentTo: c ? Date.parse(c.validTo) : NO_CONSENT.to,
    consentOperations: c?.operations ?? NO_CONSENT.operations,
    consentFields: c?.fields ?? NO_CONSENT.fields,
    frequencyLimit: c?.frequency ? c.frequency.limit : -1,
    usesInPeriod: c?.usesInPeriod ?? 0,
  };
}

/** casbin answers one (request, field) at a time, so a decision is one enforce per requested field. */
function casbinDecide(engine: CasbinEngine, request: DecisionRequest, single?: Enforcer): string[] {
  const licence = request.licence;
  const enforcer = single ?? (licence ? engine.enforcers.get(licence.id)! : engine.noLicence);
  const ctx = casbinContext(request, licence ? engine.validity.get(licence.id) : undefined);
  const allowed: string[] = [];
  for (const field of new Set(request.fields)) {
    if (enforcer.enforceSync(request.subject, request.organisationId, request.purposeCode, request.operation, field, ctx)) allowed.push(field);
  }
  return allowed;
}

// ---------------------------------------------------------------------------------------------
// Measurement

interface Latency {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

let sink = 0;

function latencies(requests: readonly DecisionRequest[], decide: (r: DecisionRequest) => number): Latency {
  const samples = new Float64Array(requests.length);
  for (let i = 0; i < requests.length; i++) {
    const start = process.hrtime.bigint();
    sink += decide(requests[i]);
    samples[i] = Number(process.hrtime.bigint() - start);
  }
  samples.sort();
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  const mean = samples.reduce((s, v) => s + v, 0) / samples.length;
  return { count: samples.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: samples[samples.length - 1], mean };
}

/** Decisions per second over whole passes, without per-call timers; median of several rounds. */
function throughput(requests: readonly DecisionRequest[], decide: (r: DecisionRequest) => number, rounds: number): { median: number; best: number } {
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < requests.length; i++) sink += decide(requests[i]);
    rates.push(requests.length / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  rates.sort((a, b) => a - b);
  return { median: rates[Math.floor(rates.length / 2)], best: rates[rates.length - 1] };
}

function timerOverhead(): number {
  const samples = new Float64Array(100_000);
  for (let i = 0; i < samples.length; i++) {
    const start = process.hrtime.bigint();
    samples[i] = Number(process.hrtime.bigint() - start);
  }
  samples.sort();
  return samples[samples.length >> 1];
}

const us = (ns: number) => `${(ns / 1000).toFixed(2)} µs`;
const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
const log = (line = '') => process.stdout.write(`${line}\n`);
const printLatency = (name: string, l: Latency) =>
  log(`  ${name.padEnd(34)} p50 ${us(l.p50)}  p90 ${us(l.p90)}  p99 ${us(l.p99)}  p99.9 ${us(l.p999)}  max ${us(l.max)}  mean ${us(l.mean)}  (n=${l.count})`);

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  log('Consentry policy benchmark: CASL policy domain vs casbin');
  log(`machine   ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} logical cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}`);
  log(`runtime   node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (machine shared with other work)`);
  log(`settings  ${JSON.stringify(SETTINGS)}`);

  let t = process.hrtime.bigint();
  const organisations = generateOrganisations();
  const licences = organisations.map((o) => o.licence);
  const requests = generateRequests(organisations);
  log(`data      ${organisations.length} organisations, ${ALL_PURPOSES.length} purposes, ${licences.reduce((s, l) => s + l.grants.length, 0)} grants, ${requests.length} requests (generated in ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms)`);

  // Compile cost, cold: what a cache miss costs the gateway.
  t = process.hrtime.bigint();
  for (const licence of licences) sink += compileLicence(licence).purposes.size;
  log(`compile   ${us(Number(process.hrtime.bigint() - t) / licences.length)} per licence into a CASL ability (cold, mean of ${licences.length})`);

  const evaluator = createPolicyEvaluator();
  const decisions: Decision[] = requests.map((r) => evaluator.decide(r));
  const allows = decisions.filter((d) => d.effect === 'allow').length;
  const partial = decisions.filter((d) => d.effect === 'allow' && d.deniedFields.length > 0).length;
  const codes = new Map<string, number>();
  for (const d of decisions) if (d.effect === 'deny') codes.set(d.reasons[0].code, (codes.get(d.reasons[0].code) ?? 0) + 1);
  log(`mix       allow ${pct(allows, requests.length)} (of which partial ${pct(partial, allows)}), deny ${pct(requests.length - allows, requests.length)}; ` +
    `requested fields per request ${(requests.reduce((s, r) => s + r.fields.length, 0) / requests.length).toFixed(2)}`);
  log(`denials   ${[...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${pct(n, requests.length)}`).join(', ')}`);

  t = process.hrtime.bigint();
  const casbin = await buildCasbin(licences);
  log(`casbin    ${casbin.enforcers.size} enforcers built from strings in ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms`);

  // Equivalence on every request: same effect and same allowed fields.
  let effectMismatches = 0;
  let fieldMismatches = 0;
  const examples: string[] = [];
  t = process.hrtime.bigint();
  for (let i = 0; i < requests.length; i++) {
    const fromCasbin = casbinDecide(casbin, requests[i]);
    const d = decisions[i];
    const effectDiffers = (fromCasbin.length > 0) !== (d.effect === 'allow');
    const fieldsDiffer = !sameSet(fromCasbin, d.allowedFields);
    if (effectDiffers) effectMismatches++;
    if (fieldsDiffer) fieldMismatches++;
    if ((effectDiffers || fieldsDiffer) && examples.length < 5) {
      examples.push(`#${i} casl=${d.effect}[${d.allowedFields}] (${d.reasons.map((r) => r.code)}) casbin=[${fromCasbin}]`);
    }
  }
  log(`agreement ${requests.length - effectMismatches}/${requests.length} same allow/deny, ${requests.length - fieldMismatches}/${requests.length} same allowed fields ` +
    `(casbin pass ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s); mismatches: ${effectMismatches} effect, ${fieldMismatches} fields`);
  for (const e of examples) log(`  mismatch ${e}`);

  const caslDecide = (r: DecisionRequest) => evaluator.decide(r).allowedFields.length;
  const casbinRequests = requests.slice(0, SETTINGS.casbinRequests);
  const casbinDecideOne = (r: DecisionRequest) => casbinDecide(casbin, r).length;

  for (let pass = 0; pass < SETTINGS.warmupPasses; pass++) {
    for (const r of requests) sink += caslDecide(r);
    for (const r of casbinRequests) sink += casbinDecideOne(r);
  }
  log(`warm-up   ${SETTINGS.warmupPasses} passes over each engine's request set before timing`);
  log(`timer     process.hrtime.bigint() pair costs ${us(timerOverhead())} (median), included in the per-decision figures below`);

  log('latency per decision (one decision = all requested fields of one request)');
  const caslAll = latencies(requests, caslDecide);
  printLatency('CASL policy domain, all requests', caslAll);
  const caslSubset = latencies(casbinRequests, caslDecide);
  printLatency(`CASL policy domain, first ${casbinRequests.length}`, caslSubset);
  const casbinSubset = latencies(casbinRequests, casbinDecideOne);
  printLatency(`casbin, first ${casbinRequests.length}`, casbinSubset);

  log(`throughput (single thread, median of ${SETTINGS.throughputRounds} passes)`);
  const caslRate = throughput(requests, caslDecide, SETTINGS.throughputRounds);
  log(`  CASL policy domain, all requests   ${rate(caslRate.median)} (best ${rate(caslRate.best)})`);
  const caslSubsetRate = throughput(casbinRequests, caslDecide, SETTINGS.throughputRounds);
  log(`  CASL policy domain, first ${casbinRequests.length}    ${rate(caslSubsetRate.median)} (best ${rate(caslSubsetRate.best)})`);
  const casbinRate = throughput(casbinRequests, casbinDecideOne, Math.min(3, SETTINGS.throughputRounds));
  log(`  casbin, first ${casbinRequests.length}                ${rate(casbinRate.median)} (best ${rate(casbinRate.best)})`);

  // For scale: casbin as it is most often deployed, one enforcer holding every licence's lines.
  const singleLines = licences.flatMap(casbinPolicyLines);
  const single = await casbinEnforcer(singleLines);
  const singleRequests = requests.slice(0, SETTINGS.casbinSingleEnforcerRequests);
  let singleMismatches = 0;
  for (let i = 0; i < singleRequests.length; i++) {
    if ((casbinDecide(casbin, singleRequests[i], single).length > 0) !== (decisions[i].effect === 'allow')) singleMismatches++;
  }
  const singleLatency = latencies(singleRequests, (r) => casbinDecide(casbin, r, single).length);
  log(`casbin, one enforcer with all ${singleLines.length} policy lines (first ${singleRequests.length} requests, ${singleMismatches} effect mismatches):`);
  printLatency('casbin single enforcer', singleLatency);

  log('summary');
  log(`  CASL median ${us(caslAll.p50)} per decision (goal < 20 µs: ${caslAll.p50 < 20_000 ? 'met' : 'NOT met'}), p99 ${us(caslAll.p99)}, ${rate(caslRate.median)}`);
  log(`  casbin / CASL on the same ${casbinRequests.length} requests: median latency ${(casbinSubset.p50 / caslSubset.p50).toFixed(1)}x, ` +
    `p99 ${(casbinSubset.p99 / caslSubset.p99).toFixed(1)}x, throughput ${(caslSubsetRate.median / casbinRate.median).toFixed(1)}x in CASL's favour`);
  log(`  engines agree on allow/deny for ${requests.length - effectMismatches} of ${requests.length} requests`);
  if (sink === Number.MIN_SAFE_INTEGER) log('');
  if (effectMismatches > 0 || fieldMismatches > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
