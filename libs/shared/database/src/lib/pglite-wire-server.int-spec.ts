import { Client, Pool } from 'pg';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

// The embedded database serves many clients from one PGlite session. These are the properties
// the services rely on, with the failure pglite-socket showed (another client's Parse landing
// between a client's Parse and Bind) as the first case.
describe('embedded PostgreSQL wire server', () => {
  let db: EmbeddedPostgres;
  let pool: Pool;

  beforeAll(async () => {
    db = await startEmbeddedPostgres();
    pool = new Pool({ connectionString: db.url, max: 8 });
    await pool.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
    await pool.query('INSERT INTO counter VALUES (1, 0)');
  });
  afterAll(async () => {
    await pool.end();
    await db.stop();
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
    expect((await waiting).rows[0].n).toBe(120);
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
