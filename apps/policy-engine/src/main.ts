import { policyEngineService } from '@consentry/policy-feature';
import { runStandalone } from '@consentry/shared-runtime';

// Runs this service on its own against DATABASE_URL (and REDIS_URL, if set), as in production.
void runStandalone(policyEngineService);
