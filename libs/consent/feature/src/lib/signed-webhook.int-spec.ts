import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DESTINATION_NOT_ALLOWED, ResolvedAddress, postSignedWebhook, signWebhook } from './signed-webhook.util';

// Delivery against a local receiver: no database. The resolver is injected, so host names need
// no DNS, and a test can see exactly which addresses were checked and connected to.
describe('postSignedWebhook', () => {
  let receiver: Server;
  let port: number;
  let connections = 0;
  let status = 204;
  const received: { host: string; body: string; signature: string; deliveryId: string; path: string }[] = [];
  const strict = { allowPrivateDestinations: false };
  const relaxed = { allowPrivateDestinations: true };

  /** A resolver answering `first`, then `later` on any further call (a rebinding DNS server), counting calls. */
  const resolver = (first: string[], later: string[] = ['127.0.0.1']) => {
    const calls: string[] = [];
    const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
      calls.push(hostname);
      return (calls.length === 1 ? first : later).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return { calls, resolve };
  };

  beforeAll(async () => {
    receiver = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({
          host: String(req.headers.host),
          body,
          signature: String(req.headers['consentry-signature']),
          deliveryId: String(req.headers['consentry-delivery-id']),
          path: String(req.url),
        });
        if (status === 302) res.setHeader('location', `http://127.0.0.1:${port}/elsewhere`);
        res.writeHead(status).end('ignored');
      });
    });
    receiver.on('connection', () => (connections += 1));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    port = (receiver.address() as AddressInfo).port;
  });
  beforeEach(() => {
    connections = 0;
    status = 204;
    received.length = 0;
  });
  afterAll(() => new Promise((r) => receiver.close(r)));

  it('POSTs the signed body to an allowed destination', async () => {
    const body = JSON.stringify({ id: 'd-1', type: 'consent.state_changed' });
    expect(await postSignedWebhook(`http://127.0.0.1:${port}/hook`, 'whsec_x', 'd-1', body, relaxed)).toBeUndefined();
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r).toMatchObject({ body, deliveryId: 'd-1', path: '/hook' });
    const t = Number(/t=(\d+)/.exec(r.signature)?.[1]);
    expect(r.signature).toBe(signWebhook('whsec_x', body, t));
  });

  it('connects to the addresses it resolved and checked, asking DNS once: a rebound answer is never used', async () => {
    // `.invalid` never resolves (RFC 6761): the request reaches the receiver only through the checked answer.
    const dns = resolver(['127.0.0.1'], ['192.0.2.1']);
    expect(await postSignedWebhook(`http://hooks.receiver.invalid:${port}/hook`, 's', 'd-2', '{}', { ...relaxed, resolve: dns.resolve })).toBeUndefined();
    expect(dns.calls).toEqual(['hooks.receiver.invalid']);
    expect(received.map((r) => r.host)).toEqual([`hooks.receiver.invalid:${port}`]);
  });

  it.each([
    ['resolves to loopback', ['127.0.0.1']],
    ['resolves to a private address', ['10.0.0.7']],
    ['resolves to the metadata service', ['169.254.169.254']],
    ['resolves to IPv6 loopback', ['::1']],
    ['resolves to IPv4-mapped loopback', ['::ffff:127.0.0.1']],
    ['has one private address among public ones', ['93.184.215.14', '127.0.0.1']],
    ['resolves to nothing', []],
  ])('refuses a host name that %s, without connecting', async (_, addresses) => {
    const dns = resolver(addresses);
    const error = await postSignedWebhook(`https://hooks.bank.example:${port}/hook`, 's', 'd-3', '{}', { ...strict, resolve: dns.resolve });
    expect(error).toBe(DESTINATION_NOT_ALLOWED);
    expect(dns.calls).toEqual(['hooks.bank.example']);
    expect(connections).toBe(0);
  });

  it.each([
    `http://127.0.0.1:PORT/hook`, // stored before registration checked it
    `https://127.0.0.1:PORT/hook`,
    `https://2130706433:PORT/hook`,
    `https://[::ffff:127.0.0.1]:PORT/hook`,
    `https://localhost:PORT/hook`,
    `http://hooks.bank.example:PORT/hook`, // plain http, whatever the name resolves to
    `https://user:pw@hooks.bank.example:PORT/hook`,
  ])('refuses %s before resolving or connecting', async (template) => {
    const dns = resolver(['127.0.0.1']);
    const url = template.replace('PORT', String(port));
    expect(await postSignedWebhook(url, 's', 'd-4', '{}', { ...strict, resolve: dns.resolve })).toBe(DESTINATION_NOT_ALLOWED);
    expect(dns.calls).toEqual([]);
    expect(connections).toBe(0);
  });

  it('reports a failed lookup as no connection, a non-2xx as its status, and follows no redirect', async () => {
    const failing = async (): Promise<ResolvedAddress[]> => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await postSignedWebhook('https://nowhere.bank.example/hook', 's', 'd-5', '{}', { ...strict, resolve: failing })).toBe('connection failed');
    status = 500;
    expect(await postSignedWebhook(`http://127.0.0.1:${port}/hook`, 's', 'd-6', '{}', relaxed)).toBe('HTTP 500');
    status = 302;
    expect(await postSignedWebhook(`http://127.0.0.1:${port}/hook`, 's', 'd-7', '{}', relaxed)).toBe('HTTP 302');
    expect(received.map((r) => r.path)).toEqual(['/hook', '/hook']);
  });

  it('gives up after the timeout, whether resolving or waiting for the receiver', async () => {
    const hanging = () => new Promise<ResolvedAddress[]>(() => undefined);
    expect(await postSignedWebhook('https://slow-dns.bank.example/hook', 's', 'd-8', '{}', { ...strict, resolve: hanging, timeoutMs: 200 })).toBe('timeout');
    const silent = createServer(() => undefined); // takes the request, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
      expect(await postSignedWebhook(url, 's', 'd-9', '{}', { ...relaxed, timeoutMs: 200 })).toBe('timeout');
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });
});
