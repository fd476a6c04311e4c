import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogFromPrisma } from '../../src/schema/index.js';
import { facts } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('catalogFromPrisma', () => {
  it('maps models, @map / @@map, optional fields, @id, @unique, @@index and relations', async () => {
    const text = readFileSync(path.join(root, 'fixtures/apps/prisma/prisma/schema.prisma'), 'utf8');
    const { tables, dialect, notes } = await catalogFromPrisma(text, 'schema.prisma');
    expect(notes).toEqual([]);
    expect(dialect).toBe('postgresql');
    expect(tables.map((t) => t.name)).toEqual(['users', 'posts']);
    expect(facts(tables[0]!)).toEqual({ columns: ['id', 'email', 'name?', 'created_at'], indexes: ['users_email_key(email) unique', 'users_pkey(id) primary'], foreignKeys: [] });
    expect(facts(tables[1]!)).toEqual({
      columns: ['id', 'author_id', 'title', 'published', 'created_at'],
      indexes: ['posts_author_id_idx(author_id)', 'posts_pkey(id) primary', 'posts_published_created_at_idx(published,created_at)'],
      foreignKeys: ['author_id -> users(id)'],
    });
    expect(tables[0]!.columns.map((c) => c.type)).toEqual(['integer', 'text', 'text', 'timestamp(3)']);
  });

  it('reads @@id, @@unique with map:, named index fields with sort, @db types, enums, arrays and @@schema', async () => {
    const { tables, dialect } = await catalogFromPrisma(
      `datasource db {
  provider = "mysql"
  url      = env("DATABASE_URL")
}

enum Role {
  ADMIN
  USER
}

model Membership {
  teamId Int    @map("team_id")
  userId Int    @map("user_id")
  role   Role
  label  String @db.VarChar(40)
  tags   String[]
  team   Team   @relation(fields: [teamId], references: [id], map: "membership_team_fk")

  @@id([teamId, userId])
  @@unique([userId, role], map: "membership_user_role_uq")
  @@index(fields: [label(sort: Desc), teamId], map: "membership_label_idx")
  @@schema("org")
}

model Team {
  id          Int          @id
  memberships Membership[]
}`,
      'schema.prisma',
    );
    expect(dialect).toBe('mysql');
    const m = tables.find((t) => t.name === 'Membership')!;
    expect(m.schema).toBe('org');
    expect(m.columns).toEqual([
      { name: 'team_id', type: 'int', nullable: false },
      { name: 'user_id', type: 'int', nullable: false },
      { name: 'role', type: 'role', nullable: false },
      { name: 'label', type: 'varchar(40)', nullable: false },
      { name: 'tags', type: 'varchar(191)[]', nullable: false },
    ]);
    expect(facts(m).indexes).toEqual(['Membership_pkey(team_id,user_id) primary', 'membership_label_idx(label,team_id)', 'membership_user_role_uq(user_id,role) unique']);
    expect(m.foreignKeys).toEqual([{ name: 'membership_team_fk', columns: ['team_id'], references: { table: 'Team', columns: ['id'] } }]);
    expect(tables.find((t) => t.name === 'Team')!.columns.map((c) => c.name)).toEqual(['id']);
  });

  it('notes a schema it cannot read', async () => {
    const { tables, notes } = await catalogFromPrisma('model {', 'bad.prisma');
    expect(tables).toEqual([]);
    expect(notes[0]).toMatch(/^bad\.prisma: not a readable Prisma schema/);
  });
});
