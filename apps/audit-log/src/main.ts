import { monitoredAuditLogService } from '@consentry/monitoring-feature';
import { runStandalone } from '@consentry/shared-runtime';

// Runs the audit log, with monitoring mounted in it, on its own against DATABASE_URL (and
// REDIS_URL, if set), as in production.
void runStandalone(monitoredAuditLogService);
