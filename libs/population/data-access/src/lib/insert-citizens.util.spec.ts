import { generateCitizen } from '@consentry/population-synthetic';
import { insertCitizens } from './insert-citizens.util';

function fakeClient(result: unknown) {
  const calls: { sql: string; params?: unknown[] }[] = [];
  return { calls, query: async (sql: string, params?: unknown[]) => (calls.push({ sql, params }), result) };
}

describe('insertCitizens', () => {
  const records = [0, 1, 2].map((i) => generateCitizen(1, i));

  it('sends one unnest statement per batch with one array per column', async () => {
    const client = fakeClient({ rows: [{ inserted: 3 }] });
    await expect(insertCitizens(client, records)).resolves.toBe(3);
    expect(client.calls).toHaveLength(1);
    const { sql, params } = client.calls[0];
    expect(sql).toContain('INSERT INTO "population"."citizens"');
    expect(sql).toContain('unnest($1::text[], $2::text[], $3::date[]');
    expect(sql).toContain('$21::smallint[])');
    expect(sql).toContain('ON CONFLICT ("id_number") DO NOTHING');
    expect(params).toHaveLength(21);
    expect(params?.[0]).toEqual(records.map((r) => r.idNumber));
    expect(params?.[20]).toEqual(records.map((r) => r.eidLevel));
    for (const column of params as unknown[][]) expect(column).toHaveLength(3);
  });

  it('reads the count from a TypeORM-shaped answer too', async () => {
    await expect(insertCitizens(fakeClient([{ inserted: 2 }]), records)).resolves.toBe(2);
  });

  it('does not query for an empty batch', async () => {
    const client = fakeClient({ rows: [{ inserted: 0 }] });
    await expect(insertCitizens(client, [])).resolves.toBe(0);
    expect(client.calls).toHaveLength(0);
  });

  it('fails loudly on an answer without a count', async () => {
    await expect(insertCitizens(fakeClient({ rowCount: 3 }), records)).rejects.toThrow(/no inserted count/);
  });
});
