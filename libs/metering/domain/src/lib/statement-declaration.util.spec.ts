import { CIRCULAR_48_2022 } from './circular-48-2022.constant';
import { buildMonthlyDeclaration } from './monthly-declaration.util';
import { buildMonthlyStatement } from './monthly-statement.util';
import { usageEventIdentifier } from './usage-bucket.util';
import { vietnamDate, vietnamMonth } from '@consentry/shared-vietnam-time';
import { groupVnd, parseVnd } from './vnd.util';

describe('vietnamMonth / vietnamDate', () => {
  it('starts a month at 00:00 +07:00', () => {
    expect(vietnamMonth('2024-01')).toMatchObject({
      from: new Date('2023-12-31T17:00:00.000Z'),
      to: new Date('2024-01-31T17:00:00.000Z'),
      lastDay: '2024-01-31',
    });
    expect(vietnamMonth('2024-12').to).toEqual(new Date('2024-12-31T17:00:00.000Z'));
    expect(vietnamDate(new Date('2024-01-31T16:59:59.999Z'))).toBe('2024-01-31');
    expect(vietnamDate(new Date('2024-01-31T17:00:00.000Z'))).toBe('2024-02-01');
  });
});

describe('VND', () => {
  it('parses whole amounts only', () => {
    expect(parseVnd('18000')).toBe(18000n);
    for (const bad of ['1.5', '1e3', '', '01', ' 1', '+1']) expect(() => parseVnd(bad)).toThrow(RangeError);
  });
  it('groups digits for people', () => expect(groupVnd(1234567n)).toBe('1,234,567'));
});

describe('buildMonthlyStatement', () => {
  const statement = buildMonthlyStatement({
    organisation: { id: 'o', name: 'Ngân hàng A' },
    month: '2024-03',
    openingBalanceVnd: '100000',
    groups: [
      { kind: 'top-up', product: null, purpose: null, scheduleVersion: null, exemption: null, requests: 1, units: '0', feeVnd: '0', balanceVnd: '50000', waivedVnd: '0' },
      { kind: 'charge', product: 'SPDC01', purpose: 'kyc', scheduleVersion: 'TT48-2022.1', exemption: null, requests: 3, units: '54', feeVnd: '54000', balanceVnd: '-54000', waivedVnd: '0' },
      { kind: 'charge', product: 'SPDC01', purpose: 'kyc', scheduleVersion: 'TT48-2022.1', exemption: 'citizen-self', requests: 1, units: '2', feeVnd: '0', balanceVnd: '0', waivedVnd: '2000' },
      { kind: 'refund', product: 'SPDC01', purpose: 'kyc', scheduleVersion: 'TT48-2022.1', exemption: null, requests: 1, units: '0', feeVnd: '-18000', balanceVnd: '18000', waivedVnd: '0' },
      { kind: 'charge', product: 'SPDC04', purpose: 'aml', scheduleVersion: 'TT48-2022.1', exemption: null, requests: 2, units: '4', feeVnd: '4000', balanceVnd: '-4000', waivedVnd: '0' },
      { kind: 'correction', product: 'SPDC04', purpose: 'aml', scheduleVersion: 'TT48-2022.1', exemption: null, requests: 1, units: '0', feeVnd: '1000', balanceVnd: '-1000', waivedVnd: '0' },
    ],
  });

  it('totals per product and purpose, with refunds, corrections and exemptions', () => {
    expect(statement.lines).toEqual([
      expect.objectContaining({ product: 'SPDC01', purpose: 'kyc', requests: 4, fields: '56', chargedVnd: '54000', refundedVnd: '18000', netVnd: '36000', waivedVnd: '2000', exemptRequests: 1 }),
      expect.objectContaining({ product: 'SPDC04', purpose: 'aml', requests: 2, fields: '4', chargedVnd: '4000', correctionsVnd: '1000', netVnd: '5000' }),
    ]);
    expect(statement.exemptions).toEqual([{ exemption: 'citizen-self', requests: 1, fields: '2', waivedVnd: '2000' }]);
    expect(statement.totals).toMatchObject({ requests: 6, fields: '60', netFeesVnd: '41000', topUpsVnd: '50000', waivedVnd: '2000' });
  });

  it('closes the balance: opening + top-ups - net fees', () => {
    expect(statement.closingBalanceVnd).toBe((100000 + 50000 - 41000).toString());
  });
});

describe('buildMonthlyDeclaration', () => {
  it('retains 30 %, remits 70 %, due the 5th of the next month', () => {
    const d = buildMonthlyDeclaration({
      month: '2024-12',
      schedules: [CIRCULAR_48_2022],
      groups: [
        { scheduleVersion: 'TT48-2022.1', product: 'SPDC01', requests: 10, units: '180', feeVnd: '180000' },
        { scheduleVersion: 'TT48-2022.1', product: 'SPDC04', requests: 1, units: '1', feeVnd: '1001' },
      ],
    });
    expect(d).toMatchObject({ dueDate: '2025-01-05', collectedVnd: '181001', retainedVnd: '54300', remittedVnd: '126701' });
    expect(d.byProduct.map((p) => p.product)).toEqual(['SPDC01', 'SPDC04']);
  });
});

describe('usageEventIdentifier', () => {
  it('is the same for the same organisation and day, and at most 100 characters', () => {
    const id = usageEventIdentifier('0b6f2e3c-1111-4222-8333-944445555666', '2024-03-01');
    expect(id).toBe(usageEventIdentifier('0B6F2E3C-1111-4222-8333-944445555666', '2024-03-01'));
    expect(id.length).toBeLessThanOrEqual(100);
  });
});
