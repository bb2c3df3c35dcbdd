import { once } from 'node:events';
import { Socket, connect } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { Client, Pool } from 'pg';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { PGliteWireServer } from './pglite-wire-server';

// The embedded database serves many clients from one PGlite session. These are the properties
// the services rely on, with the failure pglite-socket showed (another client's Parse landing
// between a client's Parse and Bind) as the first case.
describe('embedded PostgreSQL wire server', () => {
  let db: EmbeddedPostgres;
  let pool: Pool;

  beforeAll(async () => {
    db = await startEmbeddedPostgres();
    pool = new Pool({ connectionString: db.url, max: 8 });
    pool.on('error', () => undefined); // idle clients the database disconnects as it stops
    await pool.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
    await pool.query('INSERT INTO counter VALUES (1, 0)');
  });
  afterAll(async () => {
    // The database first: it disconnects a client still waiting, which lets the pool end.
    await db.stop();
    await pool.end();
  });

  it('keeps concurrent parameterised queries of different clients apart', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, worker) =>
        Promise.all(Array.from({ length: 100 }, (_, i) => pool.query('SELECT $1::text AS v, $2::int AS n, $3::int AS w', [`${worker}-${i}`, i, worker]))),
      ),
    );
    results.forEach((rows, worker) => rows.forEach((r, i) => expect(r.rows[0]).toEqual({ v: `${worker}-${i}`, n: i, w: worker })));
  });

  it('isolates transactions: concurrent read-modify-write loses no update', async () => {
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let i = 0; i < 20; i++) {
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            const { rows } = await c.query('SELECT n FROM counter WHERE id = $1 FOR UPDATE', [1]);
            await c.query('UPDATE counter SET n = $1 WHERE id = 1', [rows[0].n + 1]);
            await c.query('COMMIT');
          } finally {
            c.release();
          }
        }
      }),
    );
    expect((await pool.query('SELECT n FROM counter')).rows[0].n).toBe(120);
  });

  it('rolls back a transaction whose client disconnects, and serves the others meanwhile', async () => {
    const quitter = new Client({ connectionString: db.url });
    await quitter.connect();
    await quitter.query('BEGIN');
    await quitter.query('UPDATE counter SET n = -1 WHERE id = 1');
    const waiting = pool.query('SELECT n FROM counter WHERE id = 1');
    await quitter.end();
    expect((await within(5_000, waiting)).rows[0].n).toBe(120);
  });

  it('gives each client its own named prepared statements, and drops them when it leaves', async () => {
    // The same name with a different text on each client, as two services' connections would have.
    const clients = await Promise.all(Array.from({ length: 3 }, async () => {
      const c = new Client({ connectionString: db.url });
      await c.connect();
      return c;
    }));
    const answers = await Promise.all(
      clients.map((c, k) =>
        Promise.all(Array.from({ length: 20 }, (_, i) => c.query({ name: 'same-name', text: `SELECT $1::int * ${k + 1} AS v`, values: [i] }))),
      ),
    );
    answers.forEach((rows, k) => rows.forEach((r, i) => expect(r.rows[0].v).toBe(i * (k + 1))));
    const session = async () => (await pool.query(`SELECT name FROM pg_prepared_statements WHERE name LIKE '%same-name'`)).rows.length;
    expect(await session()).toBe(3);
    await clients[0].end();
    await new Promise((r) => setTimeout(r, 100));
    expect(await session()).toBe(2);
    await Promise.all(clients.slice(1).map((c) => c.end()));
  });

  it('reports SQL errors to the client that made them and keeps going', async () => {
    await expect(pool.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    expect((await pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });
});

// Clients that leave at awkward moments, spoken to byte by byte so each case sends exactly the
// messages, in exactly the writes, it is about. Every wait has a deadline: a client kept waiting
// for a transaction nobody will finish fails the case instead of stalling the run.
describe('embedded PostgreSQL wire server, clients that leave', () => {
  let pglite: PGlite;
  let server: PGliteWireServer;
  let pool: Pool;
  // How long a unit of work stays in progress after PGlite has run it: long enough for the
  // server to see its client leave meanwhile, a moment that is otherwise a matter of timing.
  let unitDelay = 0;

  // A database of its own for each case, so a case that leaves it stuck fails alone.
  beforeEach(async () => {
    unitDelay = 0;
    pglite = await PGlite.create();
    const run = pglite.runExclusive.bind(pglite);
    pglite.runExclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
      const result = await run(fn);
      if (unitDelay) await sleep(unitDelay);
      return result;
    };
    server = new PGliteWireServer(pglite);
    await server.start(0);
    pool = new Pool({ connectionString: `postgres://postgres@127.0.0.1:${server.port}/postgres`, max: 2 });
    pool.on('error', () => undefined); // idle clients the server disconnects as it stops
    await pool.query('CREATE TABLE t (id int PRIMARY KEY)');
  });
  afterEach(async () => {
    // The server first: it disconnects a pool client still waiting, which lets the pool end.
    await server.stop();
    await pool.end();
    await pglite.close();
  });

  const ids = async () => (await within(5_000, pool.query('SELECT id FROM t ORDER BY id'))).rows.map((r) => r.id);

  it('rolls back the transaction opened by the unit of work that was running when its client left', async () => {
    const a = await RawClient.connect(server.port);
    unitDelay = 300;
    await a.send(query('BEGIN'), query('INSERT INTO t VALUES (1)'));
    a.socket.destroy();
    // The unit is still in progress; the others' work must run once it ends, without A's row.
    expect(await ids()).toEqual([]);
  }, 15_000);

  it('rolls back an open transaction whose client leaves while its next unit of work runs', async () => {
    const a = await RawClient.connect(server.port);
    await a.send(query('BEGIN'));
    await a.ready(2);
    unitDelay = 300;
    await a.send(query('INSERT INTO t VALUES (2)'));
    a.socket.destroy();
    expect(await ids()).toEqual([]);
  }, 15_000);

  it('rolls back the transaction of a client that closes its side and does not read its answer', async () => {
    const a = await RawClient.connect(server.port);
    await a.send(query('BEGIN'), query('INSERT INTO t VALUES (3)'));
    await a.ready(3);
    // An answer far larger than the socket buffers, which A never reads: the server's socket
    // cannot finish closing, so only A's end of input says it has gone.
    a.socket.pause();
    await a.send(query(`SELECT repeat('x', 32 * 1024 * 1024)`));
    a.socket.end();
    try {
      expect(await ids()).toEqual([]);
    } finally {
      a.socket.destroy();
    }
  }, 15_000);

  it('runs a simple query sent in the same write as Terminate', async () => {
    const a = await RawClient.connect(server.port);
    await a.send(query('INSERT INTO t VALUES (10)'), terminate());
    await a.closed();
    expect(await ids()).toEqual([10]);
  }, 15_000);

  it('runs an extended-protocol unit of work sent in the same write as Terminate', async () => {
    const a = await RawClient.connect(server.port);
    await a.send(parse('INSERT INTO t VALUES (11)'), bind(), execute(), sync(), terminate());
    await a.closed();
    expect(await ids()).toEqual([11]);
  }, 15_000);

  it('runs what a client sent before it left, even when it had to wait behind a transaction', async () => {
    const holder = await within(5_000, pool.connect());
    try {
      await holder.query('BEGIN');
      await holder.query('INSERT INTO t VALUES (20)');
      const a = await RawClient.connect(server.port, false);
      await a.send(query('INSERT INTO t VALUES (21)'), terminate());
      a.socket.destroy();
      await sleep(200); // A is gone for the server too, its startup and INSERT still queued
      await holder.query('COMMIT');
    } finally {
      holder.release();
    }
    expect(await ids()).toEqual([20, 21]);
  }, 15_000);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The promise, or a failure once `ms` have passed without it settling. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function message(type: string, ...fields: Buffer[]): Buffer {
  const body = Buffer.concat(fields);
  const header = Buffer.alloc(5);
  header.write(type, 0);
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

const text = (s: string) => Buffer.from(`${s}\0`);
const int16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const query = (sql: string) => message('Q', text(sql));
const terminate = () => message('X');
/** Unnamed statement, unnamed portal, no parameters, all results. */
const parse = (sql: string) => message('P', text(''), text(sql), int16(0));
const bind = () => message('B', text(''), text(''), int16(0), int16(0), int16(0));
const execute = () => message('E', text(''), int32(0));
const sync = () => message('S');

/** A protocol 3.0 client with no library in between: it sends the bytes it is given, in one write. */
class RawClient {
  private received = Buffer.alloc(0);
  private readies = 0;
  private readonly waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (data) => {
      this.received = Buffer.concat([this.received, data]);
      while (this.received.length >= 5 && this.received.length >= 1 + this.received.readInt32BE(1)) {
        if (this.received[0] === 0x5a /* ReadyForQuery */) this.readies++;
        this.received = this.received.subarray(1 + this.received.readInt32BE(1));
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('error', () => undefined);
  }

  /** Connected and started up; `waitForStartup` false: the startup message is sent, not answered yet. */
  static async connect(port: number, waitForStartup = true): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1');
    await within(5_000, once(socket, 'connect'));
    const client = new RawClient(socket);
    const parameters = Buffer.concat([text('user'), text('postgres'), text('database'), text('postgres'), Buffer.from([0])]);
    await client.send(Buffer.concat([int32(8 + parameters.length), int32(196608), parameters]));
    if (waitForStartup) await client.ready(1);
    return client;
  }

  /** Written to the kernel, as one write. */
  send(...messages: Buffer[]): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(Buffer.concat(messages), (error) => (error ? reject(error) : resolve())));
  }

  /** Resolves once `count` ReadyForQuery messages have arrived since connecting. */
  ready(count: number): Promise<void> {
    return within(
      5_000,
      new Promise<void>((resolve) => {
        const check = () => (this.readies >= count ? resolve() : this.waiters.push(check));
        check();
      }),
    );
  }

  /** Resolves once the server has closed the connection. */
  closed(): Promise<void> {
    return within(5_000, this.socket.closed ? Promise.resolve() : once(this.socket, 'close').then(() => undefined));
  }
}
