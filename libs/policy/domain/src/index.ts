export * from './lib/policy.constant';
export * from './lib/policy.types';
export * from './lib/reason-code.constant';
export { compileLicence, type CompiledLicence, type AccessContext, type LicenceAbility } from './lib/licence-ability.util';
export { LicenceAbilityCache, DEFAULT_MAX_CACHED_LICENCES } from './lib/licence-ability-cache.util';
export { createPolicyEvaluator, decide, simulateDecision, type PolicyEvaluator, type PolicyEvaluatorOptions } from './lib/policy-evaluator.util';
export { validateLicence, type LicenceProblem } from './lib/licence-validation.util';
