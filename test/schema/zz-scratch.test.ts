import { it } from 'vitest';
import { initParsers } from '../../src/parse/index.js';
import { parse } from '../parse/helpers.js';
const strip = (o: unknown): unknown => JSON.parse(JSON.stringify(o, (k, v) => (k === 'span' ? undefined : v)));
it('dump', async () => {
  await initParsers();
  const pg = `
CREATE TABLE public.users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, "Name" varchar(20), team_id int REFERENCES teams(id), CONSTRAINT uq UNIQUE (email, team_id), PRIMARY KEY (id), FOREIGN KEY (team_id) REFERENCES teams (id));
ALTER TABLE users ADD COLUMN age int NOT NULL, DROP COLUMN "Name", ALTER COLUMN age TYPE bigint, ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES b(c), ADD PRIMARY KEY (id), DROP CONSTRAINT uq;
ALTER TABLE users RENAME COLUMN age TO years;
ALTER TABLE users RENAME TO people;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx ON users USING btree (lower(email), team_id DESC) WHERE deleted_at IS NULL;
CREATE INDEX ON users ((email::text));
DROP INDEX CONCURRENTLY IF EXISTS public.idx, idx2;
DROP TABLE IF EXISTS users, public.teams CASCADE;
ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
`;
  console.log(JSON.stringify(strip(parse(pg).statements), null, 1));
  const my = `CREATE TABLE users (id int AUTO_INCREMENT PRIMARY KEY, email varchar(255) NOT NULL UNIQUE, team_id int, KEY idx_team (team_id), UNIQUE KEY uq (email), INDEX (email(10)), CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams(id)) ENGINE=InnoDB;
ALTER TABLE users ADD COLUMN age int, DROP COLUMN x, RENAME COLUMN age TO years, MODIFY email text, ADD INDEX ix (age), ADD UNIQUE KEY u2 (age), DROP INDEX ix, RENAME TO people;
CREATE INDEX i ON users (a, b);
DROP INDEX i ON users;
DROP TABLE users;`;
  const r = parse(my, 'mysql');
  console.log(r.error, JSON.stringify(strip(r.statements), null, 1));
});
