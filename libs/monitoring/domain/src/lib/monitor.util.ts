import type { MonitoredEntry, MonitoringAlert, MonitoringRuleSet, VolumeBaseline } from './monitoring.types';
import { detectCitizenFanOut } from './citizen-fan-out-rule.util';
import { detectDenials } from './denial-rule.util';
import { detectEnumeration } from './enumeration-rule.util';
import { detectOffHoursBulk } from './off-hours-rule.util';
import { detectPurposeDrift, detectSensitiveFieldUse } from './purpose-drift-rule.util';
import { prepareEntries } from './rule-context.util';
import { detectVolumeAnomalies } from './volume-rule.util';

/**
 * Runs every rule over one batch of entries. Windows are aligned to the epoch (whole hours,
 * whole quarter hours), so a caller that hands over whole hours gets the same alerts however it
 * splits the stream; a partial hour simply yields partial counts.
 */
export function detectMisuse(entries: readonly MonitoredEntry[], rules: MonitoringRuleSet, baseline: VolumeBaseline): MonitoringAlert[] {
  const prepared = prepareEntries(entries, rules);
  return [
    ...detectDenials(prepared, rules),
    ...detectVolumeAnomalies(prepared, rules, baseline),
    ...detectEnumeration(prepared, rules),
    ...detectPurposeDrift(prepared, rules),
    ...detectSensitiveFieldUse(prepared, rules),
    ...detectOffHoursBulk(prepared, rules, baseline),
    ...detectCitizenFanOut(prepared, rules),
  ];
}
