import { queryGatewayService } from '@consentry/gateway-feature';
import { runStandalone } from '@consentry/shared-runtime';

// Runs this service on its own against DATABASE_URL (and REDIS_URL, if set), as in production.
void runStandalone(queryGatewayService);
