import { PROVINCE_CODES, PROVINCES, isProvinceCode, provinceCodeOfPlace } from './provinces.constant';

describe('PROVINCES', () => {
  it('lists the 63 provinces with 3-digit codes in ascending order', () => {
    expect(PROVINCE_CODES).toHaveLength(63);
    expect([...PROVINCE_CODES].sort()).toEqual(PROVINCE_CODES);
    for (const code of PROVINCE_CODES) expect(code).toMatch(/^0\d\d$/);
    expect(PROVINCES['001']).toBe('Hà Nội');
    expect(PROVINCES['079']).toBe('Thành phố Hồ Chí Minh');
    expect(new Set(Object.values(PROVINCES)).size).toBe(63);
  });

  it('knows codes, not gaps in the numbering', () => {
    expect(isProvinceCode('096')).toBe(true);
    expect(isProvinceCode('003')).toBe(false);
    expect(isProvinceCode('hasOwnProperty')).toBe(false);
    expect(isProvinceCode(1)).toBe(false);
  });

  it('finds the province at the end of an address', () => {
    expect(provinceCodeOfPlace('Xã Hải Anh, huyện Hải Hậu, Nam Định')).toBe('036');
    expect(provinceCodeOfPlace('Thành phố Hồ Chí Minh')).toBe('079');
    expect(provinceCodeOfPlace('Xã X, Nam Định'.normalize('NFD'))).toBe('036');
    expect(provinceCodeOfPlace('Xã X, Atlantis')).toBeNull();
  });
});
