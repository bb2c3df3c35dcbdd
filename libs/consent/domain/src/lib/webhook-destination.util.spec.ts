import fc from 'fast-check';
import { checkWebhookUrl, classifyIpAddress, isAllowedDestinationAddress, parseIpv6 } from './webhook-destination.util';

const strict = { allowPrivateDestinations: false };
const relaxed = { allowPrivateDestinations: true };

describe('classifyIpAddress', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fec0::1', 'reserved'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:0a00:0001::1', 'private'],
    ['::7f00:1', 'reserved'], // IPv4-compatible (deprecated)
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'reserved'], // Teredo
    ['100::1', 'reserved'],
  ])('%s is %s', (address, cls) => {
    expect(classifyIpAddress(address)).toBe(cls);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '169.253.255.255',
    '192.169.0.1',
    '223.255.255.255',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80e::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public', (address) => {
    expect(classifyIpAddress(address)).toBe('public');
  });

  it.each(['example.com', 'localhost', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1::2::3', '::1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7', 'g::1', '12345::1', ''])(
    '%j is not an address',
    (text) => {
      expect(classifyIpAddress(text)).toBeUndefined();
    },
  );

  it('reads every IPv6 text form of the same address alike', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), (words) => {
        const full = words.map((w) => w.toString(16)).join(':');
        const padded = words.map((w) => w.toString(16).padStart(4, '0').toUpperCase()).join(':');
        // The WHATWG serialiser's compressed form is the canonical one to compare against.
        const canonical = new URL(`http://[${full}]/`).hostname;
        const value = words.reduce((n, w) => (n << 16n) | BigInt(w), 0n);
        expect(parseIpv6(full)).toBe(value);
        expect(parseIpv6(padded)).toBe(value);
        expect(parseIpv6(canonical)).toBe(value);
        expect(classifyIpAddress(canonical)).toBe(classifyIpAddress(full));
      }),
    );
  });

  it('refuses anything unparseable, and allows any address when private destinations are allowed', () => {
    expect(isAllowedDestinationAddress('not-an-address', strict)).toBe(false);
    expect(isAllowedDestinationAddress('127.0.0.1', strict)).toBe(false);
    expect(isAllowedDestinationAddress('93.184.215.14', strict)).toBe(true);
    expect(isAllowedDestinationAddress('127.0.0.1', relaxed)).toBe(true);
  });
});

describe('checkWebhookUrl', () => {
  it.each([
    ['https://bank.example/hooks', 'bank.example', false],
    ['https://bank.example:8443/hooks?x=1', 'bank.example', false],
    ['https://hooks.bank.example./consentry', 'hooks.bank.example', false],
    ['https://93.184.215.14/hook', '93.184.215.14', true],
    ['https://[2606:4700:4700::1111]/hook', '2606:4700:4700::1111', true],
    ['https://localhost.example/hook', 'localhost.example', false],
  ])('accepts %s', (url, host, ipLiteral) => {
    expect(checkWebhookUrl(url, strict)).toEqual({ ok: true, host, ipLiteral });
  });

  it.each([
    ['http://bank.example/hook', 'must use https'],
    ['ftp://bank.example/hook', 'must use https'],
    ['javascript:alert(1)', 'must use https'],
    ['file:///etc/passwd', 'must use https'],
    ['/relative', 'must be an absolute URL'],
    ['not a url', 'must be an absolute URL'],
    ['https://user:secret@bank.example/hook', 'must not contain a user name or password'],
    ['https://user@bank.example/hook', 'must not contain a user name or password'],
    ['https://:secret@bank.example/hook', 'must not contain a user name or password'],
    ['https://localhost/hook', 'must point to a public host, not localhost'],
    ['https://LOCALHOST:6379/', 'must point to a public host, not localhost'],
    ['https://localhost./hook', 'must point to a public host, not localhost'],
    ['https://api.localhost/hook', 'must point to a public host, not localhost'],
    ['https://127.0.0.1:6379/', 'must point to a public address (127.0.0.1 is loopback)'],
    ['https://169.254.169.254/latest/meta-data/', 'must point to a public address (169.254.169.254 is link-local)'],
    ['https://10.1.2.3/', 'must point to a public address (10.1.2.3 is private)'],
    ['https://172.20.0.5/', 'must point to a public address (172.20.0.5 is private)'],
    ['https://192.168.0.1/', 'must point to a public address (192.168.0.1 is private)'],
    ['https://100.100.100.200/', 'must point to a public address (100.100.100.200 is cgnat)'],
    ['https://0.0.0.0/', 'must point to a public address (0.0.0.0 is unspecified)'],
    ['https://224.0.0.1/', 'must point to a public address (224.0.0.1 is multicast)'],
    ['https://255.255.255.255/', 'must point to a public address (255.255.255.255 is broadcast)'],
    ['https://[::1]/', 'must point to a public address (::1 is loopback)'],
    ['https://[::]/', 'must point to a public address (:: is unspecified)'],
    ['https://[fe80::1]/', 'must point to a public address (fe80::1 is link-local)'],
    ['https://[fd00::1]/', 'must point to a public address (fd00::1 is unique-local)'],
    ['https://[ff02::1]/', 'must point to a public address (ff02::1 is multicast)'],
    // Hostile spellings of loopback: WHATWG parsing normalises them before the check.
    ['https://2130706433/', 'must point to a public address (127.0.0.1 is loopback)'],
    ['https://0x7f.1/', 'must point to a public address (127.0.0.1 is loopback)'],
    ['https://0x7f000001/', 'must point to a public address (127.0.0.1 is loopback)'],
    ['https://0177.0.0.1/', 'must point to a public address (127.0.0.1 is loopback)'],
    ['https://127.1/', 'must point to a public address (127.0.0.1 is loopback)'],
    ['https://127.0.0.1./', 'must point to a public address (127.0.0.1 is loopback)'],
    ['https://%31%32%37.0.0.1/', 'must point to a public address (127.0.0.1 is loopback)'],
    ['https://0/', 'must point to a public address (0.0.0.0 is unspecified)'],
    ['https://[::ffff:127.0.0.1]/', 'must point to a public address (::ffff:7f00:1 is loopback)'],
    ['https://[::ffff:169.254.169.254]/', 'must point to a public address (::ffff:a9fe:a9fe is link-local)'],
    ['https://[0:0:0:0:0:0:0:1]/', 'must point to a public address (::1 is loopback)'],
    ['https://[::127.0.0.1]/', 'must point to a public address (::7f00:1 is reserved)'],
  ])('refuses %s: %s', (url, message) => {
    expect(checkWebhookUrl(url, strict)).toEqual({ ok: false, message });
  });

  it('allows http and private destinations only when the setting says so, never credentials', () => {
    expect(checkWebhookUrl('http://127.0.0.1:4000/hook', relaxed)).toEqual({ ok: true, host: '127.0.0.1', ipLiteral: true });
    expect(checkWebhookUrl('http://[::1]:4000/hook', relaxed)).toEqual({ ok: true, host: '::1', ipLiteral: true });
    expect(checkWebhookUrl('http://localhost:4000/hook', relaxed)).toEqual({ ok: true, host: 'localhost', ipLiteral: false });
    expect(checkWebhookUrl('http://127.0.0.1:4000/hook', strict)).toEqual({ ok: false, message: 'must use https' });
    expect(checkWebhookUrl('http://u:p@127.0.0.1/hook', relaxed)).toEqual({ ok: false, message: 'must not contain a user name or password' });
    expect(checkWebhookUrl('ftp://127.0.0.1/hook', relaxed)).toEqual({ ok: false, message: 'must use https' });
  });

  it('never accepts an IP literal that is not public, however it is written', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    // First octets of the special ranges half the time, so both outcomes are drawn often.
    const first = fc.oneof(fc.constantFrom(0, 10, 100, 127, 169, 172, 192, 198, 203, 224, 240, 255), octet);
    fc.assert(
      fc.property(first, octet, octet, octet, fc.constantFrom('dec', 'int', 'hex', 'mapped'), (a, b, c, d, form) => {
        const n = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
        const host = { dec: `${a}.${b}.${c}.${d}`, int: String(n), hex: `0x${n.toString(16)}`, mapped: `[::ffff:${a}.${b}.${c}.${d}]` }[form];
        const result = checkWebhookUrl(`https://${host}/`, strict);
        expect(result.ok).toBe(classifyIpAddress(`${a}.${b}.${c}.${d}`) === 'public');
      }),
    );
  });
});
