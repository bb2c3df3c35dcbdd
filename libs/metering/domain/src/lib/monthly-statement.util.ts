import { Exemption, ProductCode } from './fee.types';
import { MonthlyStatement, StatementExemption, StatementGroup, StatementLine } from './statement.types';
import { vietnamMonth } from '@consentry/shared-vietnam-time';

interface LineAcc {
  product: ProductCode;
  purpose: string;
  requests: number;
  fields: bigint;
  charged: bigint;
  refunded: bigint;
  corrections: bigint;
  waived: bigint;
  exemptRequests: number;
  versions: Set<string>;
}

const sortKey = (a: { product: string; purpose: string }) => `${a.product}\u0000${a.purpose}`;

/**
 * Builds an organisation's monthly statement from its ledger groups (aggregated by the
 * database) and its opening balance. Requests and fields count charges only; refunds and
 * corrections show as money, against the product and purpose they adjust.
 */
export function buildMonthlyStatement(input: {
  organisation: { id: string; name: string };
  month: string;
  openingBalanceVnd: string;
  groups: readonly StatementGroup[];
}): MonthlyStatement {
  const { from, to } = vietnamMonth(input.month);
  const lines = new Map<string, LineAcc>();
  const exemptions = new Map<Exemption, { requests: number; fields: bigint; waived: bigint }>();
  const versions = new Set<string>();
  let topUps = 0n;
  let balanceChange = 0n;
  for (const g of input.groups) {
    const fee = BigInt(g.feeVnd);
    balanceChange += BigInt(g.balanceVnd);
    if (g.kind === 'top-up') {
      topUps += BigInt(g.balanceVnd);
      continue;
    }
    if (!g.product || g.purpose === null) continue;
    const key = sortKey({ product: g.product, purpose: g.purpose });
    let line = lines.get(key);
    if (!line) {
      line = { product: g.product, purpose: g.purpose, requests: 0, fields: 0n, charged: 0n, refunded: 0n, corrections: 0n, waived: 0n, exemptRequests: 0, versions: new Set() };
      lines.set(key, line);
    }
    if (g.scheduleVersion) {
      line.versions.add(g.scheduleVersion);
      versions.add(g.scheduleVersion);
    }
    if (g.kind === 'charge') {
      line.requests += g.requests;
      line.fields += BigInt(g.units);
      line.charged += fee;
      line.waived += BigInt(g.waivedVnd);
      if (g.exemption) {
        line.exemptRequests += g.requests;
        const e = exemptions.get(g.exemption) ?? { requests: 0, fields: 0n, waived: 0n };
        e.requests += g.requests;
        e.fields += BigInt(g.units);
        e.waived += BigInt(g.waivedVnd);
        exemptions.set(g.exemption, e);
      }
    } else if (g.kind === 'refund') {
      line.refunded += -fee;
    } else {
      line.corrections += fee;
    }
  }
  const out: StatementLine[] = [...lines.values()]
    .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))
    .map((l) => ({
      product: l.product,
      purpose: l.purpose,
      requests: l.requests,
      fields: l.fields.toString(),
      chargedVnd: l.charged.toString(),
      refundedVnd: l.refunded.toString(),
      correctionsVnd: l.corrections.toString(),
      netVnd: (l.charged - l.refunded + l.corrections).toString(),
      waivedVnd: l.waived.toString(),
      exemptRequests: l.exemptRequests,
      scheduleVersions: [...l.versions].sort(),
    }));
  const sum = (f: (l: StatementLine) => string) => out.reduce((s, l) => s + BigInt(f(l)), 0n).toString();
  const exemptionList: StatementExemption[] = [...exemptions.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([exemption, e]) => ({ exemption, requests: e.requests, fields: e.fields.toString(), waivedVnd: e.waived.toString() }));
  return {
    organisation: input.organisation,
    period: { month: input.month, from: from.toISOString(), to: to.toISOString(), timeZone: 'Asia/Ho_Chi_Minh' },
    currency: 'VND',
    openingBalanceVnd: input.openingBalanceVnd,
    closingBalanceVnd: (BigInt(input.openingBalanceVnd) + balanceChange).toString(),
    lines: out,
    exemptions: exemptionList,
    scheduleVersions: [...versions].sort(),
    totals: {
      requests: out.reduce((s, l) => s + l.requests, 0),
      fields: sum((l) => l.fields),
      chargedVnd: sum((l) => l.chargedVnd),
      refundedVnd: sum((l) => l.refundedVnd),
      correctionsVnd: sum((l) => l.correctionsVnd),
      netFeesVnd: sum((l) => l.netVnd),
      waivedVnd: sum((l) => l.waivedVnd),
      topUpsVnd: topUps.toString(),
    },
  };
}
