import { it } from 'vitest';
import { readFileSync } from 'node:fs';
it('dump', async () => {
  const O = Object as unknown as { groupBy?: unknown };
  O.groupBy ??= (items: Iterable<unknown>, key: (v: unknown, i: number) => PropertyKey) => { const out = Object.create(null); let i = 0; for (const v of items) { const k = key(v, i++); (out[k] ??= []).push(v); } return out; };
  const { getSchema } = await import('@mrleebo/prisma-ast');
  const s = getSchema(readFileSync('fixtures/apps/prisma/prisma/schema.prisma', 'utf8') + `
model Tag {
 a Int
 b String @db.VarChar(20)
 @@id([a, b])
 @@unique([b], map: "x")
 @@index(fields: [a(sort: Desc), b], name: "i2")
 @@schema("other")
}`);
  console.log(JSON.stringify(s.list.filter((b) => b.type !== 'break'), null, 1));
});
