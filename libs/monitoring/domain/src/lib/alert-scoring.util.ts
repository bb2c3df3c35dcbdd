import type { MonitoringAlert } from './monitoring.types';
import type { PlantedCase } from './traffic-generator.util';

export interface AlertScore {
  found: string[];
  missed: string[];
  /** Alerts that touch no planted case (subject and window). */
  falseAlerts: MonitoringAlert[];
}

function touches(alert: MonitoringAlert, planted: PlantedCase): boolean {
  const sameSubject = planted.organisationId !== null ? alert.organisationId === planted.organisationId : alert.citizenPseudonym === planted.citizenPseudonym;
  return sameSubject && Date.parse(alert.windowStart) < planted.toMs && Date.parse(alert.windowEnd) > planted.fromMs;
}

/** How the rules did against the planted cases: every case found, and what fired for no reason. */
export function scoreAlerts(alerts: readonly MonitoringAlert[], planted: readonly PlantedCase[]): AlertScore {
  const found: string[] = [];
  const missed: string[] = [];
  for (const p of planted) {
    if (alerts.some((a) => p.detectedBy.includes(a.ruleId) && touches(a, p))) found.push(p.id);
    else missed.push(p.id);
  }
  return { found, missed, falseAlerts: alerts.filter((a) => !planted.some((p) => touches(a, p))) };
}
