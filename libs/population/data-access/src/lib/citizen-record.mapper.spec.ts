import { getMetadataArgsStorage } from 'typeorm';
import { FIELD_CATALOGUE } from '@consentry/population-domain';
import { generateCitizen } from '@consentry/population-synthetic';
import { CITIZEN_COLUMNS } from './citizen-columns.constant';
import { CitizenRecordEntity } from './citizen-record.entity';
import { toCitizenRecord } from './citizen-record.mapper';

describe('toCitizenRecord', () => {
  it('returns exactly the catalogue fields, without the surrogate key or timestamps', () => {
    const record = generateCitizen(3, 3);
    const entity = Object.assign(new CitizenRecordEntity(), record, { id: '17', createdAt: new Date() });
    const mapped = toCitizenRecord(entity);
    expect(mapped).toEqual(record);
    expect(mapped).not.toBeInstanceOf(CitizenRecordEntity);
    expect(Object.keys(mapped).sort()).toEqual(FIELD_CATALOGUE.map((f) => f.code).sort());
  });

  it('turns a smallint that arrives as a string into a number', () => {
    const entity = Object.assign(new CitizenRecordEntity(), generateCitizen(3, 4), { eidLevel: '2' });
    expect(toCitizenRecord(entity).eidLevel).toBe(2);
  });
});

describe('population.citizens columns', () => {
  it('gives every catalogue field an entity column of the same snake_case name', () => {
    const entityColumns = getMetadataArgsStorage()
      .columns.filter((c) => c.target === CitizenRecordEntity)
      .map((c) => [c.propertyName, c.options.name, c.options.type]);
    const expected = FIELD_CATALOGUE.map((f) => {
      const column = CITIZEN_COLUMNS.find((c) => c.field === f.code);
      return [f.code, column?.column, expect.anything()];
    });
    expect(entityColumns).toEqual(expect.arrayContaining(expected));
    for (const column of getMetadataArgsStorage().columns.filter((c) => c.target === CitizenRecordEntity)) {
      expect(column.options.type).toBeDefined();
    }
    expect(CITIZEN_COLUMNS.map((c) => c.field).sort()).toEqual(FIELD_CATALOGUE.map((f) => f.code).sort());
  });
});
