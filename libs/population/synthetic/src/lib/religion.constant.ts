import { ProvinceCode } from '@consentry/population-domain';
import { WeightedTable, weighted } from './prng.util';

/**
 * Religion as registered (2019 census: about 86% none). Some faiths are regional: Hòa Hảo in
 * An Giang, Cao Đài in Tây Ninh, Catholics around Nam Định, Ninh Bình and Đồng Nai, Theravada
 * Buddhism among the Khmer, Islam and Brahmanism among the Chăm, Protestants in the uplands.
 */
type Weights = Record<string, number>;

const BASE: Weights = {
  Không: 8600, 'Công giáo': 610, 'Phật giáo': 480, 'Tin lành': 100, 'Cao Đài': 20, 'Phật giáo Hòa Hảo': 10,
  'Tịnh độ cư sĩ Phật hội Việt Nam': 15, 'Hồi giáo': 5,
};
const BY_PROVINCE: Partial<Record<ProvinceCode, Weights>> = {
  '089': { 'Phật giáo Hòa Hảo': 2500 },
  '072': { 'Cao Đài': 1500 },
  '036': { 'Công giáo': 1500 },
  '037': { 'Công giáo': 1500 },
  '075': { 'Công giáo': 2500 },
};
const BY_ETHNICITY: Record<string, Weights> = {
  Khmer: { Không: 1000, 'Phật giáo': 9000 },
  Chăm: { Không: 3000, 'Hồi giáo': 3000, 'Bà-la-môn': 4000 },
  Mông: { Không: 7500, 'Tin lành': 2500 },
  Highlands: { Không: 5500, 'Tin lành': 3000, 'Công giáo': 1500 },
};
const HIGHLAND_GROUPS = new Set(['Gia Rai', 'Ê Đê', 'Ba Na', 'Xơ Đăng', 'Cơ Ho', 'Mnông', 'Raglai']);

const cache = new Map<string, WeightedTable<string>>();

export function religions(provinceCode: ProvinceCode, ethnicity: string): WeightedTable<string> {
  const group = HIGHLAND_GROUPS.has(ethnicity) ? 'Highlands' : ethnicity;
  const key = group in BY_ETHNICITY ? group : provinceCode;
  let table = cache.get(key);
  if (!table) {
    const weights = BY_ETHNICITY[group] ?? { ...BASE, ...BY_PROVINCE[provinceCode] };
    table = weighted(Object.entries(weights));
    cache.set(key, table);
  }
  return table;
}
