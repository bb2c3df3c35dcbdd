export * from './lib/policy-engine.service';
export { PolicyReader, type PolicyInputs } from './lib/policy-reader.service';
export { RULES_VERSION, policyVersionOf, parsePolicyVersion } from './lib/policy-version.util';
export * from './lib/policy-database';
export { SuspensionCommands } from './lib/suspensions/suspension-commands';
