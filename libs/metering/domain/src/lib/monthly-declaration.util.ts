import { FeeSchedule, ProductCode } from './fee.types';
import { DeclarationGroup, MonthlyDeclaration } from './statement.types';
import { nextMonth, vietnamMonth } from '@consentry/shared-vietnam-time';

/** Floor division for bigint (BigInt division truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

/**
 * The collecting unit's monthly fee declaration: fees collected in the month, the share it
 * keeps (30 % under Circular 48/2022) and the rest remitted to the state budget, due by the
 * schedule's due day of the next month. The retained share is rounded down to whole VND, so
 * retained + remitted is always exactly what was collected.
 */
export function buildMonthlyDeclaration(input: { month: string; groups: readonly DeclarationGroup[]; schedules: readonly FeeSchedule[] }): MonthlyDeclaration {
  const { from, to } = vietnamMonth(input.month);
  const byVersion = new Map<string, bigint>();
  const byProduct = new Map<ProductCode, { requests: number; fields: bigint; collected: bigint }>();
  for (const g of input.groups) {
    const fee = BigInt(g.feeVnd);
    byVersion.set(g.scheduleVersion, (byVersion.get(g.scheduleVersion) ?? 0n) + fee);
    const p = byProduct.get(g.product) ?? { requests: 0, fields: 0n, collected: 0n };
    p.requests += g.requests;
    p.fields += BigInt(g.units);
    p.collected += fee;
    byProduct.set(g.product, p);
  }
  const schedule = (version: string) => input.schedules.find((s) => s.version === version);
  const bySchedule = [...byVersion.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([version, collected]) => {
    const s = schedule(version);
    if (!s) throw new Error(`declaration needs fee schedule ${version}`);
    const retained = floorDiv(collected * BigInt(s.collectorRetainedBasisPoints), 10_000n);
    return { scheduleVersion: version, retainedBasisPoints: s.collectorRetainedBasisPoints, collectedVnd: collected.toString(), retainedVnd: retained.toString(), remittedVnd: (collected - retained).toString() };
  });
  const total = (f: (x: (typeof bySchedule)[number]) => string) => bySchedule.reduce((s, x) => s + BigInt(f(x)), 0n).toString();
  // The due day of the schedule in force at the end of the month (the one the newest charges used).
  const latest = [...input.schedules].filter((s) => s.effectiveFrom <= vietnamMonth(input.month).lastDay).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)).pop();
  const dueDay = latest?.declarationDueDay ?? 5;
  return {
    month: input.month,
    period: { from: from.toISOString(), to: to.toISOString(), timeZone: 'Asia/Ho_Chi_Minh' },
    dueDate: `${nextMonth(input.month)}-${String(dueDay).padStart(2, '0')}`,
    currency: 'VND',
    collectedVnd: total((x) => x.collectedVnd),
    retainedVnd: total((x) => x.retainedVnd),
    remittedVnd: total((x) => x.remittedVnd),
    byProduct: [...byProduct.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([product, p]) => ({ product, requests: p.requests, fields: p.fields.toString(), collectedVnd: p.collected.toString() })),
    bySchedule,
  };
}
