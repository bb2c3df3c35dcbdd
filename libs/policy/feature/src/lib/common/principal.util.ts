import type { RecordedBy } from '@consentry/policy-data-access';
import type { Principal } from '@consentry/shared-auth';

/** Who did it, as recorded in append-only history: the account and the role it acted in. */
export const recordedBy = (principal: Principal): RecordedBy => ({ accountId: principal.accountId, role: principal.role });
