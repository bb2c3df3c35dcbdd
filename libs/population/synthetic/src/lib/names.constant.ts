import { Sex } from '@consentry/population-domain';
import { Random, WeightedTable, weighted } from './prng.util';
import { Region } from './province-demography.constant';

/**
 * Name tables. Kinh family-name shares follow the commonly cited survey figures (Nguyễn about
 * 38%, Trần 12%, Lê 9.5%, ...). Other groups get the family names typical of them, so a Mông
 * from Hà Giang is not called Nguyễn Văn Anh.
 */

const kinhFamily = (region: Region) =>
  weighted([
    ['Nguyễn', 384], ['Trần', 121], ['Lê', 95], ['Phạm', 70],
    [region === 'north' ? 'Hoàng' : 'Huỳnh', 51], ['Phan', 45], [region === 'north' ? 'Vũ' : 'Võ', 39],
    ['Đặng', 21], ['Bùi', 20], ['Đỗ', 14], ['Hồ', 13], ['Ngô', 13], ['Dương', 10], ['Lý', 5],
    ['Đào', 9], ['Đoàn', 7], ['Trương', 8], ['Trịnh', 6], ['Đinh', 6], ['Lâm', 5], ['Mai', 5], ['Lương', 5],
    ['Hà', 5], ['Cao', 4], ['Tô', 3], ['Tạ', 3], ['Phùng', 3], ['Lưu', 3], ['Vương', 2], ['Châu', 2],
    ['Kiều', 2], ['Chu', 2], ['Thái', 2], ['Quách', 1], ['Tăng', 1], [region === 'north' ? 'Huỳnh' : 'Hoàng', 3],
    [region === 'north' ? 'Võ' : 'Vũ', 3],
  ]);

const FAMILY_BY_ETHNICITY: Record<string, WeightedTable<string>> = {
  Hoa: weighted([
    ['Lâm', 12], ['Trương', 10], ['Lý', 9], ['Quách', 6], ['Châu', 6], ['Hứa', 5], ['Mạc', 3], ['Tăng', 5],
    ['Lưu', 6], ['Trần', 8], ['Hoàng', 5], ['Ngô', 5], ['Dương', 4], ['Vương', 4], ['Tạ', 3],
  ]),
  Khmer: weighted([['Thạch', 25], ['Sơn', 20], ['Kim', 12], ['Danh', 12], ['Lâm', 8], ['Chau', 8], ['Lý', 5], ['Trần', 5], ['Huỳnh', 5]]),
  Mông: weighted([['Giàng', 18], ['Vàng', 16], ['Sùng', 14], ['Thào', 12], ['Lý', 10], ['Mùa', 8], ['Hạng', 6], ['Lầu', 6], ['Hầu', 5], ['Vừ', 5]]),
  Thái: weighted([['Lò', 20], ['Lường', 15], ['Cầm', 12], ['Quàng', 10], ['Hà', 10], ['Vi', 8], ['Lương', 8], ['Điêu', 6], ['Tòng', 6], ['Lù', 5]]),
  Tày: weighted([['Hoàng', 18], ['Nông', 15], ['Lương', 10], ['Triệu', 8], ['Vi', 7], ['Lăng', 6], ['Ma', 6], ['Nguyễn', 10], ['Hà', 6], ['Lục', 5], ['Đàm', 5], ['Lộc', 4]]),
  Mường: weighted([['Bùi', 35], ['Đinh', 25], ['Quách', 12], ['Hà', 10], ['Xa', 8], ['Cao', 6], ['Bạch', 4]]),
  Dao: weighted([['Triệu', 30], ['Bàn', 20], ['Lý', 15], ['Đặng', 15], ['Phùng', 8], ['Chảo', 7], ['Tẩn', 5]]),
  'Sán Dìu': weighted([['Diệp', 20], ['Lý', 15], ['Trương', 15], ['Lưu', 12], ['Lam', 10], ['Hoàng', 10], ['Đỗ', 8]]),
  Chăm: weighted([['Đàng', 20], ['Châu', 12], ['Báo', 10], ['Quảng', 10], ['Thiên', 8], ['Hán', 8], ['Nại', 8], ['Từ', 8], ['Lưu', 6]]),
  Highlands: weighted([
    ['Ksor', 14], ['Rơ Châm', 10], ['Siu', 10], ['Rơ Mah', 8], ['Kpă', 8], ['Niê', 10], ['Mlô', 6], ['Ayun', 6],
    ['Êban', 6], ['Đinh', 8], ['Bdap', 4], ['Kơ Sơr', 4],
  ]),
};
FAMILY_BY_ETHNICITY['Nùng'] = FAMILY_BY_ETHNICITY['Tày'];
FAMILY_BY_ETHNICITY['Sán Chay'] = FAMILY_BY_ETHNICITY['Tày'];
FAMILY_BY_ETHNICITY['Giáy'] = FAMILY_BY_ETHNICITY['Tày'];
FAMILY_BY_ETHNICITY['Khơ Mú'] = FAMILY_BY_ETHNICITY['Thái'];
for (const group of ['Gia Rai', 'Ê Đê', 'Ba Na', 'Xơ Đăng', 'Cơ Ho', 'Mnông', 'Raglai']) {
  FAMILY_BY_ETHNICITY[group] = FAMILY_BY_ETHNICITY['Highlands'];
}

const KINH_FAMILY = { north: kinhFamily('north'), south: kinhFamily('south') };

export function familyNames(ethnicity: string, region: Region): WeightedTable<string> {
  return FAMILY_BY_ETHNICITY[ethnicity] ?? KINH_FAMILY[region];
}

/** Văn and Thị mark the older generations; parents born later choose freer middle names. */
const TRADITIONAL_MIDDLE = { male: 'Văn', female: 'Thị' } as const;
const MODERN_MIDDLE = {
  male: weighted([
    ['Minh', 14], ['Đức', 10], ['Hữu', 9], ['Quốc', 8], ['Thanh', 7], ['Công', 6], ['Quang', 6], ['Xuân', 5],
    ['Ngọc', 4], ['Tuấn', 4], ['Hoàng', 5], ['Gia', 6], ['Anh', 4], ['Duy', 4], ['Đình', 5], ['Bảo', 4], ['Trọng', 4],
    ['Thành', 3], ['Việt', 3], ['Hải', 3],
  ]),
  female: weighted([
    ['Ngọc', 14], ['Thanh', 9], ['Thu', 9], ['Minh', 6], ['Phương', 6], ['Hồng', 6], ['Kim', 6], ['Mai', 4],
    ['Bảo', 5], ['Khánh', 5], ['Thùy', 6], ['Hải', 3], ['Ánh', 3], ['Diệu', 3], ['Quỳnh', 4], ['Hoài', 3],
    ['Mỹ', 4], ['Bích', 3], ['Tuyết', 2], ['Lan', 2],
  ]),
};

const KINH_GIVEN = {
  male: weighted([
    ['Anh', 10], ['Minh', 9], ['Hùng', 8], ['Dũng', 8], ['Tuấn', 8], ['Hải', 7], ['Nam', 7], ['Long', 6],
    ['Sơn', 6], ['Thắng', 5], ['Hoàng', 5], ['Quang', 5], ['Đức', 5], ['Huy', 6], ['Khoa', 4], ['Phúc', 4],
    ['Bảo', 4], ['Khang', 3], ['Thành', 5], ['Trung', 5], ['Cường', 5], ['Tùng', 4], ['Bình', 5], ['Hiếu', 4],
    ['Lâm', 3], ['Phong', 4], ['Việt', 4], ['Vinh', 4], ['Tài', 3], ['Lộc', 3], ['Thịnh', 3], ['Toàn', 3],
    ['Hưng', 4], ['Kiên', 3], ['Đạt', 4], ['Nghĩa', 3], ['Quý', 2], ['Tâm', 3], ['Thái', 2], ['Chiến', 2],
  ]),
  female: weighted([
    ['Linh', 9], ['Hương', 8], ['Lan', 7], ['Hoa', 6], ['Mai', 7], ['Trang', 8], ['Thảo', 7], ['Ngọc', 5],
    ['Hằng', 6], ['Nga', 5], ['Hà', 6], ['Thủy', 6], ['Yến', 5], ['Anh', 6], ['Vy', 4], ['Nhung', 4],
    ['Phương', 5], ['Dung', 4], ['Huyền', 5], ['Oanh', 3], ['Hạnh', 4], ['Loan', 3], ['Quỳnh', 4], ['Trâm', 3],
    ['Giang', 4], ['Nhi', 4], ['Châu', 2], ['Ly', 3], ['Tâm', 3], ['Uyên', 3], ['Thư', 4], ['Hiền', 5],
    ['Xuân', 3], ['Liên', 3], ['Nhàn', 2], ['Thoa', 2], ['Tuyết', 2], ['Vân', 4], ['Diệp', 1], ['Hậu', 2],
  ]),
};

const MONG = {
  middle: { male: weighted([['A', 4], ['Seo', 2], ['Văn', 4], ['Mí', 1]]), female: weighted([['Thị', 7], ['Mỷ', 1], ['Thị Mỷ', 1]]) },
  given: {
    male: weighted([['Páo', 5], ['Sính', 4], ['Chứ', 4], ['Dế', 3], ['Chá', 4], ['Tủa', 3], ['Lử', 2], ['Súa', 3], ['Dìn', 2], ['Pó', 2]]),
    female: weighted([['Mỷ', 4], ['Dua', 4], ['Pàng', 4], ['Mai', 3], ['Sua', 3], ['Say', 2], ['Dợ', 2], ['Chở', 2], ['Máy', 2]]),
  },
};

const KHMER = {
  middle: { male: weighted([['', 6], ['Văn', 3]]), female: weighted([['Thị', 6], ['', 3], ['Kim', 1]]) },
  given: {
    male: weighted([['Sóc', 4], ['Sa Rây', 3], ['Phol', 2], ['Tha', 3], ['Som', 2], ['Sang', 3], ['Chanh', 3], ['Rết', 2], ['Sơn', 2], ['Khánh', 2]]),
    female: weighted([['Thy', 3], ['Ny', 3], ['Mây', 3], ['Sa Rơ', 2], ['Sô Phia', 2], ['Pha', 2], ['Chanh Đa', 2], ['Sa Ly', 2], ['Ra', 2]]),
  },
};

const HIGHLANDS = {
  given: {
    male: weighted([['Y Ben', 3], ['Y Kông', 2], ['Blúp', 2], ['Hiếu', 2], ['Nhiu', 2], ['Thông', 2], ['Brơm', 2], ['Đinh', 1], ['Y Moan', 2], ['Krông', 2]]),
    female: weighted([['H’Hen', 3], ['H’Nhi', 3], ['H’Lim', 2], ['H’Ly', 2], ['H’Lan', 2], ['Ly Na', 2], ['H’Bia', 2], ['Hnil', 2], ['Ngơm', 2]]),
  },
};
const HIGHLAND_GROUPS = new Set(['Gia Rai', 'Ê Đê', 'Ba Na', 'Xơ Đăng', 'Cơ Ho', 'Mnông', 'Raglai']);

/** Chance that a parent born in `birthYear` gives the traditional Văn / Thị. */
function traditionalShare(sex: Sex, birthYear: number): number {
  const t = Math.min(1, Math.max(0, (birthYear - 1950) / 55));
  return sex === 'male' ? 0.6 - 0.45 * t : 0.85 - 0.65 * t;
}

/**
 * Middle and given names (everything after the family name) of someone of this group, sex and
 * birth year; `family` only to avoid repeating it (Hoàng Hoàng Dũng).
 */
export function givenNames(random: Random, ethnicity: string, sex: Sex, birthYear: number, family: string): string {
  if (ethnicity === 'Mông') return joinNames(MONG.middle[sex].pick(random), MONG.given[sex].pick(random));
  if (ethnicity === 'Khmer') return joinNames(KHMER.middle[sex].pick(random), KHMER.given[sex].pick(random));
  if (HIGHLAND_GROUPS.has(ethnicity)) return HIGHLANDS.given[sex].pick(random);

  const given = KINH_GIVEN[sex].pick(random);
  let middle = random.chance(traditionalShare(sex, birthYear)) ? TRADITIONAL_MIDDLE[sex] : MODERN_MIDDLE[sex].pick(random);
  if (middle === given || middle === family) middle = TRADITIONAL_MIDDLE[sex];
  // Some families add a second middle name, more so for daughters (Nguyễn Thị Thu Hà).
  const second = random.chance(sex === 'female' ? 0.15 : 0.06) ? MODERN_MIDDLE[sex].pick(random) : '';
  return joinNames(middle, second !== middle && second !== given && second !== family ? second : '', given);
}

function joinNames(...parts: string[]): string {
  return parts.filter((part) => part !== '').join(' ');
}
