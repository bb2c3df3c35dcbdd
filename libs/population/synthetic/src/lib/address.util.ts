import { PROVINCES, ProvinceCode } from '@consentry/population-domain';
import { Random } from './prng.util';
import { CENTRAL_CITIES, PROVINCE_DEMOGRAPHY } from './province-demography.constant';

/**
 * Addresses written the Vietnamese way, smallest unit first and the province last, so
 * `provinceCodeOfPlace` reads the province back. Unit names are built from syllables common
 * in real place names; they are plausible, not real.
 */

const STREETS = [
  'Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Trãi', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Quang Trung', 'Hùng Vương',
  'Phan Chu Trinh', 'Nguyễn Huệ', 'Lê Duẩn', 'Điện Biên Phủ', 'Võ Thị Sáu', 'Nguyễn Du', 'Bà Triệu', 'Hoàng Diệu',
  'Lê Thánh Tông', 'Nguyễn Văn Cừ', 'Trần Phú', 'Phan Đình Phùng', 'Nguyễn Thị Minh Khai', 'Lê Hồng Phong',
  'Nguyễn Đình Chiểu', 'Cách Mạng Tháng Tám', 'Ngô Quyền', 'Lý Thái Tổ', 'Trường Chinh', 'Nguyễn Chí Thanh',
  'Lạc Long Quân', 'Âu Cơ', 'Tôn Đức Thắng', 'Phạm Văn Đồng', 'Võ Văn Kiệt', '30 Tháng 4', '3 Tháng 2',
  'Hoàng Văn Thụ', 'Nguyễn Công Trứ', 'Chu Văn An', 'Lê Lai', 'Yết Kiêu', 'Phạm Ngũ Lão', 'Đinh Tiên Hoàng',
  'Lê Quý Đôn', 'Nguyễn Trung Trực', 'Trần Quốc Toản', 'Hàm Nghi',
];
const FIRST_SYLLABLES = [
  'Tân', 'An', 'Hòa', 'Phú', 'Bình', 'Thạnh', 'Phước', 'Long', 'Đông', 'Tây', 'Trung', 'Quang', 'Hưng', 'Vĩnh',
  'Thái', 'Thịnh', 'Xuân', 'Hồng', 'Minh', 'Đại', 'Thanh', 'Mỹ', 'Nghĩa', 'Hiệp', 'Kim', 'Hải', 'Cẩm', 'Yên',
  'Đức', 'Thuận',
];
const SECOND_SYLLABLES = [
  'Phú', 'Bình', 'An', 'Lợi', 'Hòa', 'Thành', 'Thới', 'Lộc', 'Hưng', 'Mỹ', 'Sơn', 'Hải', 'Lâm', 'Tiến', 'Định',
  'Hiệp', 'Xuân', 'Phong', 'Trung', 'Đông', 'Tây', 'Nam', 'Bắc', 'Thọ', 'Lạc', 'Khánh', 'Phước', 'Tân', 'Hội', 'Quý',
];

function placeName(random: Random): string {
  const first = random.pick(FIRST_SYLLABLES);
  let second = random.pick(SECOND_SYLLABLES);
  if (second === first) second = 'Thượng';
  return `${first} ${second}`;
}

/** The word for a hamlet differs by region: thôn, ấp in the south, bản and buôn in the uplands. */
function hamlet(random: Random, code: ProvinceCode): string {
  const profile = PROVINCE_DEMOGRAPHY[code].profile;
  if ((profile === 'northWest' || profile === 'northEast' || profile === 'northHighland') && random.chance(0.6)) {
    return `Bản ${placeName(random)}`;
  }
  if (profile === 'centralHighlands' && random.chance(0.4)) return `Buôn ${placeName(random)}`;
  const word = code >= '070' ? 'Ấp' : 'Thôn';
  return random.chance(0.4) ? `${word} ${random.between(1, 12)}` : `${word} ${placeName(random)}`;
}

/** "phường X, quận Y" or "xã X, huyện Y", ending with the province. */
function unitsAndProvince(random: Random, code: ProvinceCode, urban: boolean): string {
  const province = PROVINCES[code];
  if (!urban) return `xã ${placeName(random)}, huyện ${placeName(random)}, ${province}`;
  const town = CENTRAL_CITIES.has(code) ? 'quận' : random.chance(0.6) ? 'thành phố' : 'thị xã';
  return `phường ${placeName(random)}, ${town} ${placeName(random)}, ${province}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A commune-level place, as written for a place of birth or a hometown. */
export function communeAddress(random: Random, code: ProvinceCode): string {
  return capitalise(unitsAndProvince(random, code, random.chance(PROVINCE_DEMOGRAPHY[code].urbanShare)));
}

/** A full residence address: house and street in town, hamlet in the countryside. */
export function residenceAddress(random: Random, code: ProvinceCode): string {
  const urban = random.chance(PROVINCE_DEMOGRAPHY[code].urbanShare);
  if (!urban) return `${hamlet(random, code)}, ${unitsAndProvince(random, code, false)}`;
  const house = `Số ${random.between(1, 350)}${random.chance(0.1) ? random.pick(['A', 'B', 'C']) : ''}`;
  const alley = random.chance(0.3) ? `${code >= '048' ? 'hẻm' : 'ngõ'} ${random.between(2, 199)}, ` : '';
  return `${house}, ${alley}đường ${random.pick(STREETS)}, ${unitsAndProvince(random, code, true)}`;
}
