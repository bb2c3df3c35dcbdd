import { MeteringBalanceSlots1764000000620 } from './metering-balance-slots.migration';
import { MeteringChargeBatch1764000000640 } from './metering-charge-batch.migration';
import { MeteringChargeFunction1764000000610 } from './metering-charge-function.migration';
import { MeteringChargeNoWait1764000000630 } from './metering-charge-no-wait.migration';
import { MeteringInit1764000000600 } from './metering-init.migration';

/** Metering's migrations, in order. */
export const meteringMigrations = [
  MeteringInit1764000000600,
  MeteringChargeFunction1764000000610,
  MeteringBalanceSlots1764000000620,
  MeteringChargeNoWait1764000000630,
  MeteringChargeBatch1764000000640,
];
