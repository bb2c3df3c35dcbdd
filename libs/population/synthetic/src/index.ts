export {
  generateCitizen,
  generateCitizens,
  GenerateCitizensOptions,
  SYNTHETIC_REFERENCE_YEAR,
} from './lib/generate-citizen.util';
export { MAX_SYNTHETIC_CITIZENS, FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR } from './lib/birth-slots.util';
