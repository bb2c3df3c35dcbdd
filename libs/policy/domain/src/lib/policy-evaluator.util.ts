import { LicenceAbilityCache } from './licence-ability-cache.util';
import { compileLicence } from './licence-ability.util';
import { evaluateDecision } from './policy-decision.util';
import type { Decision, DecisionRequest } from './policy.types';

export interface PolicyEvaluatorOptions {
  /** Compiled licences kept in memory (default 10,000). */
  maxCachedLicences?: number;
}

export interface PolicyEvaluator {
  decide(request: DecisionRequest): Decision;
  /** Drops every compiled licence, e.g. after bulk licence changes in tests. */
  clear(): void;
  readonly cachedLicences: number;
}

/** An evaluator with its own compiled-licence cache; one per process is the usual choice. */
export function createPolicyEvaluator(options: PolicyEvaluatorOptions = {}): PolicyEvaluator {
  const cache = new LicenceAbilityCache(options.maxCachedLicences);
  return {
    decide: (request) => evaluateDecision(request, request.licence ? cache.get(request.licence) : undefined),
    clear: () => cache.clear(),
    get cachedLicences() {
      return cache.size;
    },
  };
}

const shared = createPolicyEvaluator();

/** Decides with a process-wide evaluator. */
export function decide(request: DecisionRequest): Decision {
  return shared.decide(request);
}

/**
 * Decides without the cache, compiling the licence afresh: for "what if" runs on a proposed
 * licence, which may reuse the id and version of the one in force with different grants.
 */
export function simulateDecision(request: DecisionRequest): Decision {
  return evaluateDecision(request, request.licence ? compileLicence(request.licence) : undefined);
}
