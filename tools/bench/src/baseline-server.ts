import Fastify from 'fastify';
import { Pool } from 'pg';

// The floor for the gateway benchmark: an HTTP endpoint that only reads one citizen row by ID
// number through the unique index, with no auth, policy, charge or audit.
const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: Number(process.env['POOL_SIZE'] ?? 10) });
const app = Fastify();
app.post('/baseline', async (request) => {
  const { citizenId } = request.body as { citizenId: string };
  const { rows } = await pool.query('SELECT id_number, full_name FROM population.citizens WHERE id_number = $1', [citizenId]);
  return { found: rows.length === 1 };
});
app.listen({ port: Number(process.env['PORT'] ?? 13399), host: '127.0.0.1' }).then(() => process.stdout.write('baseline ready\n'));
