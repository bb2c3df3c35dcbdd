import { ProvinceCode } from '@consentry/population-domain';
import { WeightedTable, weighted } from './prng.util';

/** Where a province is, for naming customs (Hoàng/Vũ in the north, Huỳnh/Võ in the south). */
export type Region = 'north' | 'south';

export type EthnicProfile =
  | 'lowland'
  | 'hanoi'
  | 'saigon'
  | 'midland'
  | 'northWest'
  | 'northEast'
  | 'northHighland'
  | 'hoaBinh'
  | 'centralHighlands'
  | 'khmerDelta'
  | 'chamCoast';

/** What the generator needs to know about a province; population in thousands, 2019 census, rounded. */
interface ProvinceDemography {
  population: number;
  profile: EthnicProfile;
  /** Share of people living in wards (phường) rather than communes (xã). */
  urbanShare: number;
}

const p = (population: number, profile: EthnicProfile = 'lowland', urbanShare = 0.3): ProvinceDemography => ({
  population,
  profile,
  urbanShare,
});

export const PROVINCE_DEMOGRAPHY: Readonly<Record<ProvinceCode, ProvinceDemography>> = {
  '001': p(8054, 'hanoi', 0.5),
  '002': p(854, 'northHighland', 0.15),
  '004': p(530, 'northEast', 0.2),
  '006': p(314, 'northEast', 0.2),
  '008': p(785, 'northHighland', 0.15),
  '010': p(731, 'northHighland', 0.23),
  '011': p(599, 'northWest', 0.18),
  '012': p(460, 'northWest', 0.18),
  '014': p(1248, 'northWest', 0.14),
  '015': p(822, 'northHighland', 0.2),
  '017': p(854, 'hoaBinh', 0.18),
  '019': p(1287, 'midland', 0.35),
  '020': p(782, 'northEast', 0.2),
  '022': p(1320, 'midland', 0.64),
  '024': p(1804, 'midland', 0.12),
  '025': p(1464, 'midland', 0.19),
  '026': p(1152, 'lowland', 0.28),
  '027': p(1369, 'lowland', 0.28),
  '030': p(1893, 'lowland', 0.25),
  '031': p(2029, 'lowland', 0.46),
  '033': p(1253, 'lowland', 0.15),
  '034': p(1861, 'lowland', 0.1),
  '035': p(853, 'lowland', 0.17),
  '036': p(1781, 'lowland', 0.18),
  '037': p(983, 'lowland', 0.21),
  '038': p(3641, 'midland', 0.15),
  '040': p(3328, 'midland', 0.15),
  '042': p(1289, 'lowland', 0.2),
  '044': p(896, 'lowland', 0.2),
  '045': p(633, 'lowland', 0.3),
  '046': p(1129, 'lowland', 0.49),
  '048': p(1135, 'lowland', 0.87),
  '049': p(1496, 'lowland', 0.26),
  '051': p(1232, 'lowland', 0.16),
  '052': p(1487, 'lowland', 0.31),
  '054': p(873, 'lowland', 0.28),
  '056': p(1232, 'lowland', 0.4),
  '058': p(591, 'chamCoast', 0.36),
  '060': p(1231, 'chamCoast', 0.38),
  '062': p(541, 'centralHighlands', 0.32),
  '064': p(1514, 'centralHighlands', 0.29),
  '066': p(1870, 'centralHighlands', 0.24),
  '067': p(623, 'centralHighlands', 0.15),
  '068': p(1297, 'centralHighlands', 0.39),
  '070': p(995, 'lowland', 0.23),
  '072': p(1170, 'lowland', 0.19),
  '074': p(2427, 'lowland', 0.8),
  '075': p(3098, 'lowland', 0.34),
  '077': p(1149, 'lowland', 0.42),
  '079': p(8993, 'saigon', 0.8),
  '080': p(1689, 'lowland', 0.17),
  '082': p(1765, 'lowland', 0.14),
  '083': p(1289, 'lowland', 0.1),
  '084': p(1010, 'khmerDelta', 0.17),
  '086': p(1023, 'lowland', 0.17),
  '087': p(1600, 'lowland', 0.18),
  '089': p(1909, 'khmerDelta', 0.31),
  '091': p(1724, 'khmerDelta', 0.28),
  '092': p(1236, 'lowland', 0.7),
  '093': p(734, 'lowland', 0.27),
  '094': p(1200, 'khmerDelta', 0.32),
  '095': p(908, 'khmerDelta', 0.27),
  '096': p(1195, 'lowland', 0.22),
};

/** From Đà Nẵng southwards Hoàng is said Huỳnh and Vũ is Võ. */
export const regionOf = (code: ProvinceCode): Region => (code < '048' ? 'north' : 'south');

/** Centrally-run cities have districts called quận; a province has its thành phố and huyện. */
export const CENTRAL_CITIES: ReadonlySet<ProvinceCode> = new Set(['001', '031', '048', '079', '092']);

export const ETHNIC_PROFILES: Readonly<Record<EthnicProfile, WeightedTable<string>>> = {
  lowland: weighted([['Kinh', 985], ['Hoa', 4], ['Mường', 3], ['Tày', 3], ['Thái', 2], ['Khmer', 3]]),
  hanoi: weighted([['Kinh', 985], ['Mường', 8], ['Tày', 4], ['Hoa', 3]]),
  saigon: weighted([['Kinh', 930], ['Hoa', 45], ['Khmer', 6], ['Chăm', 2], ['Tày', 8], ['Nùng', 9]]),
  midland: weighted([['Kinh', 850], ['Tày', 40], ['Nùng', 30], ['Mường', 30], ['Thái', 30], ['Sán Dìu', 10], ['Dao', 10]]),
  northWest: weighted([['Thái', 450], ['Mông', 250], ['Kinh', 200], ['Dao', 40], ['Khơ Mú', 30], ['Mường', 30]]),
  northEast: weighted([['Tày', 400], ['Nùng', 300], ['Kinh', 150], ['Dao', 80], ['Mông', 50], ['Sán Chay', 20]]),
  northHighland: weighted([
    ['Kinh', 300], ['Mông', 220], ['Tày', 220], ['Dao', 130], ['Nùng', 50], ['Giáy', 30], ['Sán Chay', 30], ['Thái', 20],
  ]),
  hoaBinh: weighted([['Mường', 630], ['Kinh', 280], ['Thái', 40], ['Dao', 30], ['Tày', 20]]),
  centralHighlands: weighted([
    ['Kinh', 600], ['Gia Rai', 120], ['Ê Đê', 80], ['Ba Na', 60], ['Xơ Đăng', 40], ['Cơ Ho', 40], ['Mnông', 30],
    ['Tày', 15], ['Nùng', 15],
  ]),
  khmerDelta: weighted([['Kinh', 700], ['Khmer', 260], ['Hoa', 30], ['Chăm', 10]]),
  chamCoast: weighted([['Kinh', 820], ['Chăm', 120], ['Raglai', 50], ['Hoa', 10]]),
};

/** Where people move to when they register residence away from their province of birth. */
export const MIGRATION_DESTINATIONS = weighted<ProvinceCode>([
  ['079', 35], ['001', 20], ['074', 12], ['075', 8], ['048', 4], ['031', 3], ['027', 3], ['092', 2],
  ['077', 2], ['056', 1], ['022', 2], ['080', 2], ['026', 2], ['030', 2], ['019', 2],
]);

export const PROVINCES_BY_POPULATION = weighted(
  (Object.keys(PROVINCE_DEMOGRAPHY) as ProvinceCode[]).map((code) => [code, PROVINCE_DEMOGRAPHY[code].population] as const),
);
