export * from './lib/monitoring-schema.constant';
export * from './lib/monitoring-init.migration';
export * from './lib/queryable.types';
export * from './lib/alert.repository';
export * from './lib/case.repository';
export * from './lib/breach.repository';
export * from './lib/data-subject-request.repository';
