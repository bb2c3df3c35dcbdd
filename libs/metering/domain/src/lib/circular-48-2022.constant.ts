import { FeeSchedule } from './fee.types';

/**
 * Circular 48/2022/TT-BTC as data: 1,000 VND per field for every product from 17 Sep 2022,
 * halved until 31 Dec 2023 (the 500 VND rate of the first period). The data-access migration
 * seeds exactly this version; later changes are new versions published by operators.
 */
export const CIRCULAR_48_2022: FeeSchedule = {
  version: 'TT48-2022.1',
  effectiveFrom: '2022-09-17',
  effectiveTo: null,
  ratesVnd: { SPDC01: '1000', SPDC02: '1000', SPDC03: '1000', SPDC04: '1000', SPDC05: '1000' },
  reductions: [{ from: '2022-09-17', to: '2023-12-31', basisPoints: 5000, reference: 'Circular 48/2022/TT-BTC: 50% until 31 Dec 2023' }],
  exemptOrganisationKinds: ['state-agency', 'specialised-database-agency', 'political-organisation'],
  citizenSelfExempt: true,
  billableOutcomes: ['match', 'no-match', 'answered'],
  collectorRetainedBasisPoints: 3000,
  declarationDueDay: 5,
  legalReference: 'Circular 48/2022/TT-BTC (in force 17 Sep 2022)',
};
