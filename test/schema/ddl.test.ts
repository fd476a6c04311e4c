import { beforeAll, describe, expect, it } from 'vitest';
import { catalogFromDdl } from '../../src/schema/index.js';
import { prepareParsers } from '../../src/schema/sql-text.js';
import { build, facts, table } from './helpers.js';

beforeAll(() => prepareParsers());

describe('CREATE TABLE', () => {
  it('reads columns with types, NOT NULL, PRIMARY KEY, UNIQUE and REFERENCES', () => {
    const { catalog, notes } = build(`
      CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, "Name" varchar(20));
      CREATE TABLE posts (id bigserial PRIMARY KEY, author_id bigint NOT NULL REFERENCES users (id), title text);`);
    expect(notes).toEqual([]);
    const users = table(catalog, 'users');
    expect(users.schema).toBe('public');
    expect(users.columns).toEqual([
      { name: 'id', type: 'bigserial', nullable: false },
      { name: 'email', type: 'text', nullable: false },
      { name: 'Name', type: 'varchar(20)', nullable: true },
    ]);
    expect(facts(users).indexes).toEqual(['users_email_key(email) unique', 'users_pkey(id) primary']);
    expect(facts(table(catalog, 'posts')).foreignKeys).toEqual(['author_id -> users(id)']);
  });

  it('reads table constraints', () => {
    const { catalog } = build(`
      CREATE TABLE memberships (
        user_id bigint NOT NULL, team_id bigint NOT NULL, role text,
        CONSTRAINT memberships_pk PRIMARY KEY (team_id, user_id),
        UNIQUE (user_id, role),
        CONSTRAINT memberships_team_fk FOREIGN KEY (team_id) REFERENCES teams (id)
      );`);
    const t = table(catalog, 'memberships');
    expect(facts(t)).toEqual({
      columns: ['user_id', 'team_id', 'role?'],
      indexes: ['memberships_pk(team_id,user_id) primary', 'memberships_user_id_role_key(user_id,role) unique'],
      foreignKeys: ['team_id -> teams(id)'],
    });
    expect(t.foreignKeys[0]!.name).toBe('memberships_team_fk');
  });

  it('keeps schema-qualified names, IF NOT EXISTS and skips temporary tables', () => {
    const { catalog } = build(`
      CREATE TABLE billing.invoices (id int PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS billing.invoices (other int);
      CREATE TEMP TABLE scratch (x int);`);
    expect(catalog.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['billing.invoices']);
    expect(table(catalog, 'invoices').columns.map((c) => c.name)).toEqual(['id']);
  });

  it('derives columns of CREATE TABLE AS when it can, and marks them unknown otherwise', () => {
    const { catalog } = build(`
      CREATE TABLE users (id int, email text);
      CREATE TABLE a AS SELECT id, email AS mail FROM users;
      CREATE TABLE b AS SELECT * FROM users;`);
    expect(table(catalog, 'a').columns.map((c) => c.name)).toEqual(['id', 'mail']);
    expect(table(catalog, 'b').columnsUnknown).toBe(true);
  });

  it('copies columns from PARTITION OF and LIKE', () => {
    const { catalog } = build(`
      CREATE TABLE events (id bigint, at timestamptz) PARTITION BY RANGE (at);
      CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE events_copy (LIKE events INCLUDING ALL, extra int);`);
    expect(table(catalog, 'events_2024').columns.map((c) => c.name)).toEqual(['id', 'at']);
    expect(table(catalog, 'events_copy').columns.map((c) => c.name)).toEqual(['extra', 'id', 'at']);
  });

  it('records views with unknown columns, and drops them', () => {
    const { catalog } = build(`
      CREATE TABLE users (id int);
      CREATE VIEW active_users AS SELECT id FROM users;
      CREATE MATERIALIZED VIEW IF NOT EXISTS stats.daily AS SELECT 1 AS n;
      CREATE VIEW gone AS SELECT 1;
      DROP VIEW gone;`);
    expect(catalog.tables.map((t) => `${t.name}:${t.kind ?? 'table'}`)).toEqual(['users:table', 'active_users:view', 'daily:materialized-view']);
    expect(table(catalog, 'active_users').columnsUnknown).toBe(true);
  });
});

describe('ALTER TABLE', () => {
  const base = `CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, username text, legacy int, team_id int);
    CREATE INDEX users_username_idx ON users (username);
    CREATE INDEX users_legacy_idx ON users (legacy);
    CREATE INDEX users_lower_name_idx ON users (lower(username)) WHERE username IS NOT NULL;`;

  it('adds, renames and drops columns, with their indexes', () => {
    const { catalog } = build(`${base}
      ALTER TABLE users ADD COLUMN deleted_at timestamptz, ADD COLUMN age int NOT NULL UNIQUE;
      ALTER TABLE users RENAME COLUMN username TO user_name;
      ALTER TABLE users DROP COLUMN legacy;
      ALTER TABLE users DROP COLUMN IF EXISTS nothing_here;`);
    expect(facts(table(catalog, 'users'))).toEqual({
      columns: ['id', 'email', 'user_name?', 'team_id?', 'deleted_at?', 'age'],
      indexes: [
        'users_age_key(age) unique',
        'users_lower_name_idx({lower(user_name)}) where user_name is not null',
        'users_pkey(id) primary',
        'users_username_idx(user_name)',
      ],
      foreignKeys: [],
    });
  });

  it('changes types and nullability', () => {
    const { catalog } = build(`${base}
      ALTER TABLE users ALTER COLUMN team_id TYPE bigint, ALTER COLUMN team_id SET NOT NULL, ALTER COLUMN email DROP NOT NULL;`);
    const t = table(catalog, 'users');
    expect(t.columns.find((c) => c.name === 'team_id')).toEqual({ name: 'team_id', type: 'bigint', nullable: false });
    expect(t.columns.find((c) => c.name === 'email')!.nullable).toBe(true);
  });

  it('adds and drops constraints (primary, unique, foreign keys, default names)', () => {
    const { catalog } = build(`
      CREATE TABLE teams (id int);
      CREATE TABLE users (id int, email text, team_id int, CONSTRAINT users_email_uq UNIQUE (email));
      ALTER TABLE teams ADD PRIMARY KEY (id);
      ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id), ADD FOREIGN KEY (team_id) REFERENCES teams (id);
      ALTER TABLE users ADD CONSTRAINT users_team_uq UNIQUE (team_id, email);
      ALTER TABLE users DROP CONSTRAINT users_email_uq;
      ALTER TABLE users DROP CONSTRAINT users_team_id_fkey;`);
    expect(facts(table(catalog, 'users'))).toEqual({ columns: ['id', 'email?', 'team_id?'], indexes: ['users_pkey(id) primary', 'users_team_uq(team_id,email) unique'], foreignKeys: [] });
    expect(facts(table(catalog, 'teams')).indexes).toEqual(['teams_pkey(id) primary']);
    expect(table(catalog, 'teams').columns[0]!.nullable).toBe(false);
  });

  it('renames tables and the foreign keys that point at them', () => {
    const { catalog } = build(`
      CREATE TABLE authors (id int PRIMARY KEY);
      CREATE TABLE posts (id int, author_id int REFERENCES authors (id));
      ALTER TABLE authors RENAME TO users;
      ALTER TABLE users RENAME COLUMN id TO user_id;`);
    expect(catalog.tables.map((t) => t.name)).toEqual(['users', 'posts']);
    expect(facts(table(catalog, 'posts')).foreignKeys).toEqual(['author_id -> users(user_id)']);
  });

  it('notes an ALTER of a table it does not know', () => {
    const { notes } = build('ALTER TABLE ghosts ADD COLUMN x int;');
    expect(notes).toEqual(['test.sql: ALTER TABLE ghosts: the table is not known at this point, statement ignored']);
  });
});

describe('CREATE / DROP INDEX', () => {
  it('reads multi-column, expression, partial, unique, concurrent and method forms', () => {
    const { catalog } = build(`
      CREATE TABLE users (id int, email text, team_id int, deleted_at timestamptz, tags text[]);
      CREATE INDEX users_team_email_idx ON users (team_id, email DESC);
      CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_ci ON users (lower(email)) WHERE deleted_at IS NULL;
      CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_ci ON users (email);
      CREATE INDEX users_tags_idx ON public.users USING gin (tags);
      CREATE INDEX ON users ((email));`);
    const t = table(catalog, 'users');
    expect(facts(t).indexes).toEqual([
      'users_email_ci({lower(email)}) unique where deleted_at is null',
      'users_email_idx(email)',
      'users_tags_idx(tags)',
      'users_team_email_idx(team_id,email)',
    ]);
    expect(t.indexes.find((i) => i.name === 'users_tags_idx')!.method).toBe('gin');
  });

  it('drops indexes by (qualified) name', () => {
    const { catalog } = build(`
      CREATE TABLE users (id int, email text);
      CREATE INDEX a_idx ON users (id);
      CREATE INDEX b_idx ON users (email);
      DROP INDEX CONCURRENTLY IF EXISTS public.a_idx;
      DROP INDEX b_idx, missing_idx;`);
    expect(table(catalog, 'users').indexes).toEqual([]);
  });

  it('notes an index on an unknown table', () => {
    expect(build('CREATE INDEX x ON nowhere (a);').notes).toEqual(['test.sql: CREATE INDEX x ON nowhere: the table is not known at this point, statement ignored']);
  });
});

describe('DROP TABLE', () => {
  it('drops listed tables', () => {
    const { catalog } = build('CREATE TABLE a (x int); CREATE TABLE b (x int); CREATE TABLE c (x int); DROP TABLE IF EXISTS a, public.b CASCADE;');
    expect(catalog.tables.map((t) => t.name)).toEqual(['c']);
  });
});

describe('unparsable statements', () => {
  it('are skipped with a note naming the line, never a crash', () => {
    const { catalog, notes } = build('CREATE TABLE a (x int);\nCREATE TABEL b (x int);\nCREATE TABLE c (x int);');
    expect(catalog.tables.map((t) => t.name)).toEqual(['a', 'c']);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^test\.sql:2: statement skipped, it does not parse as postgresql .*CREATE TABEL b/);
  });

  it('retries another dialect when the dialect was only a guess', () => {
    const { catalog, notes } = build('CREATE TABLE `users` (`id` int AUTO_INCREMENT PRIMARY KEY, KEY `users_x` (`id`)) ENGINE=InnoDB;', 'postgresql', false);
    expect(notes).toEqual([]);
    expect(facts(table(catalog, 'users')).indexes).toEqual(['users_pkey(id) primary', 'users_x(id)']);
  });

  it('ignores psql meta-commands and COPY data of pg_dump output', () => {
    const { catalog, notes } = build('\\restrict abc\nCREATE TABLE a (x int);\nCOPY a (x) FROM stdin;\n1\n2\n\\.\n\\connect other\nCREATE TABLE b (y int);\n');
    expect(notes).toEqual([]);
    expect(catalog.tables.map((t) => t.name)).toEqual(['a', 'b']);
  });
});

describe('MySQL DDL', () => {
  it('reads inline keys, ALTER TABLE ADD/DROP INDEX and DROP INDEX ... ON', () => {
    const { catalog, notes } = build(
      `CREATE TABLE users (id bigint AUTO_INCREMENT PRIMARY KEY, email varchar(255) NOT NULL UNIQUE, name varchar(100), created_at datetime, KEY users_created_idx (created_at), FULLTEXT KEY users_name_ft (name)) ENGINE=InnoDB;
       CREATE INDEX users_name_idx ON users (name);
       ALTER TABLE users ADD INDEX users_email_name_idx (email, name), ADD UNIQUE KEY (created_at, id), DROP INDEX users_created_idx;
       DROP INDEX users_name_idx ON users;`,
      'mysql',
    );
    expect(notes).toEqual([]);
    const t = table(catalog, 'users');
    expect(t.schema).toBeUndefined();
    expect(facts(t).indexes).toEqual(['PRIMARY(id) primary', 'created_at(created_at,id) unique', 'email(email) unique', 'users_email_name_idx(email,name)', 'users_name_ft(name)']);
    expect(t.indexes.find((i) => i.name === 'users_name_ft')!.method).toBe('fulltext');
  });
});

describe('row counts', () => {
  it('come from -- sqlwarden-rows: comments', () => {
    const { catalog } = build('CREATE TABLE events (id int);\nCREATE TABLE users (id int);\n-- sqlwarden-rows: events=2_500_000, public.users=40');
    expect(catalog.tables.map((t) => t.rowCount)).toEqual([2500000, 40]);
  });
});

describe('catalogFromDdl', () => {
  it('builds a catalog synchronously with its source', () => {
    const catalog = catalogFromDdl('CREATE TABLE t (id int PRIMARY KEY);', 'postgresql', '<inline schema>');
    expect(catalog.sources).toEqual(['<inline schema>']);
    expect(catalog.tables.map((t) => t.name)).toEqual(['t']);
  });
  it('reads other dialects', () => {
    const catalog = catalogFromDdl('CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT);', 'sqlite', 's');
    expect(facts(table(catalog, 'notes')).columns).toEqual(['id', 'body?']);
  });
});
