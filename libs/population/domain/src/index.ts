export * from './lib/citizen-record.types';
export * from './lib/field-catalogue.constant';
export * from './lib/provinces.constant';
export * from './lib/id-number.util';
export * from './lib/iso-date.util';
