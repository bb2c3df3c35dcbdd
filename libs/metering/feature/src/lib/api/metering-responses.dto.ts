import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FeeScheduleDto {
  @ApiProperty() version: string;
  @ApiProperty() effectiveFrom: string;
  @ApiProperty({ nullable: true, type: String }) effectiveTo: string | null;
  @ApiProperty({ example: { SPDC01: '1000' } }) ratesVnd: Record<string, string>;
  @ApiProperty({ example: [{ from: '2022-09-17', to: '2023-12-31', basisPoints: 5000, reference: '...' }] }) reductions: object[];
  @ApiProperty() exemptOrganisationKinds: string[];
  @ApiProperty() citizenSelfExempt: boolean;
  @ApiProperty() billableOutcomes: string[];
  @ApiProperty() collectorRetainedBasisPoints: number;
  @ApiProperty() declarationDueDay: number;
  @ApiProperty() legalReference: string;
  @ApiProperty() publishedBy: string;
  @ApiProperty() publishedAt: string;
}

export class StatementLineDto {
  @ApiProperty() product: string;
  @ApiProperty() purpose: string;
  @ApiProperty() requests: number;
  @ApiProperty({ description: 'Fields (decimal string)' }) fields: string;
  @ApiProperty() chargedVnd: string;
  @ApiProperty() refundedVnd: string;
  @ApiProperty() correctionsVnd: string;
  @ApiProperty() netVnd: string;
  @ApiProperty() waivedVnd: string;
  @ApiProperty() exemptRequests: number;
  @ApiProperty() scheduleVersions: string[];
}

export class StatementDto {
  @ApiProperty({ example: { id: 'uuid', name: 'Bank A' } }) organisation: { id: string; name: string };
  @ApiProperty({ example: { month: '2026-03', from: '2026-02-28T17:00:00.000Z', to: '2026-03-31T17:00:00.000Z', timeZone: 'Asia/Ho_Chi_Minh' } })
  period: { month: string; from: string; to: string; timeZone: string };
  @ApiProperty({ example: 'VND' }) currency: string;
  @ApiProperty() openingBalanceVnd: string;
  @ApiProperty() closingBalanceVnd: string;
  @ApiProperty({ type: [StatementLineDto] }) lines: StatementLineDto[];
  @ApiProperty({ example: [{ exemption: 'citizen-self', requests: 1, fields: '3', waivedVnd: '3000' }] }) exemptions: object[];
  @ApiProperty() scheduleVersions: string[];
  @ApiProperty({ example: { requests: 10, fields: '180', chargedVnd: '180000', refundedVnd: '0', correctionsVnd: '0', netFeesVnd: '180000', waivedVnd: '0', topUpsVnd: '0' } })
  totals: Record<string, string | number>;
}

export class DeclarationDto {
  @ApiProperty() month: string;
  @ApiProperty() period: { from: string; to: string; timeZone: string };
  @ApiProperty({ example: '2026-04-05' }) dueDate: string;
  @ApiProperty() currency: string;
  @ApiProperty() collectedVnd: string;
  @ApiProperty({ description: "Collector's share (30 %)" }) retainedVnd: string;
  @ApiProperty({ description: 'Remitted to the state budget (70 %)' }) remittedVnd: string;
  @ApiProperty({ example: [{ product: 'SPDC01', requests: 10, fields: '180', collectedVnd: '180000' }] }) byProduct: object[];
  @ApiProperty({ example: [{ scheduleVersion: 'TT48-2022.1', retainedBasisPoints: 3000, collectedVnd: '180000', retainedVnd: '54000', remittedVnd: '126000' }] }) bySchedule: object[];
}

export class BalanceDto {
  @ApiProperty() organisationId: string;
  @ApiProperty({ example: '5000000' }) balanceVnd: string;
  @ApiProperty({ example: 'VND' }) currency: string;
  @ApiPropertyOptional({ nullable: true, example: { dailyUnits: '100000', usedToday: '42', day: '2026-03-01' } }) quota: object | null;
}

export class LedgerWriteDto {
  @ApiProperty() transactionId: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ enum: ['top-up', 'refund', 'correction'] }) kind: string;
  @ApiProperty({ description: 'Signed effect on the prepaid balance' }) amountVnd: string;
  @ApiProperty({ description: 'Prepaid balance after this write' }) balanceVnd: string;
  @ApiProperty({ description: 'True when a retry returned the first write' }) replayed: boolean;
}

export class TopUpCheckoutDto {
  @ApiProperty() topUpId: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() amountVnd: string;
  @ApiProperty() checkoutSessionId: string;
  @ApiProperty({ nullable: true, type: String }) checkoutUrl: string | null;
}

export class FindingDto {
  @ApiProperty() id: string;
  @ApiProperty() runId: string;
  @ApiProperty({ example: 'account-balance-mismatch' }) kind: string;
  @ApiProperty({ nullable: true, type: String }) organisationId: string | null;
  @ApiProperty() reference: string;
  @ApiProperty() detail: object;
  @ApiProperty() foundAt: string;
}

export class ReconciliationDto {
  @ApiProperty({ nullable: true, type: String }) runId: string | null;
  @ApiProperty({ enum: ['ledger', 'audit'] }) kind: string;
  @ApiPropertyOptional() skipped?: string;
  @ApiProperty() findings: object[];
}

export class WebhookAckDto {
  @ApiProperty() received: boolean;
  @ApiProperty() duplicate: boolean;
}
