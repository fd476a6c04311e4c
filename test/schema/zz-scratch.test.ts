import { it } from 'vitest';
import { initParsers } from '../../src/parse/index.js';
import { parse } from '../parse/helpers.js';
const show = (sql: string, d: any = 'postgresql') => { const q = parse(sql, d); console.log(sql, '\n', q.error, JSON.stringify(q.statements, (k, v) => (k === 'span' && v && typeof v === 'object' ? `${v.start}-${v.end}:${sql.slice(v.start, v.end)}` : v))); };
it('dump', async () => {
  await initParsers();
  show('WITH x(a, b) AS (SELECT 1, 2) SELECT u.id AS uid, current_timestamp, "Name" FROM public.users AS u JOIN x ON x.a = u.id WHERE u.id = ANY($1) AND name LIKE \'ab%\' AND id IN (1,2) ORDER BY uid LIMIT 5');
  show('INSERT INTO users (id, "Email") VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id');
  show('UPDATE users u SET email = $1, "Name" = 2 FROM teams t WHERE t.id = u.team_id');
  show('UPDATE users u JOIN teams t ON t.id = u.team_id SET u.email = ?, name = "x" WHERE t.id = ? AND CURRENT_DATE > u.d', 'mysql');
  show('SELECT * FROM generate_series(1, 3) g, LATERAL (SELECT 1) s CROSS JOIN pg_catalog.pg_class');
  show('CREATE TEMP TABLE tmp AS SELECT 1 AS a; CREATE VIEW v AS SELECT 1; CREATE MATERIALIZED VIEW mv AS SELECT 2; ALTER INDEX i RENAME TO j');
});
