export * from './lib/problem';
export * from './lib/problem.filter';
export * from './lib/problem.view';
export * from './lib/validation.pipe';
export * from './lib/bootstrap';
export * from './lib/uuid.pipe';
export * from './lib/page-limit.decorator';
export * from './lib/instant.validator';
