/**
 * What the project around a file says about its database: the nearest
 * package.json's dependencies and a schema.prisma datasource provider.
 * Looked up once per folder.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Dialect } from '../core/types.js';
import { LIBRARY_DIALECTS, MODULE_LIBRARIES } from './detectors.js';

export interface ProjectFacts {
  /** SQL libraries named in the nearest package.json, in a fixed order. */
  libraries: string[];
  prismaProvider?: Dialect;
}

const PRISMA_PROVIDERS: Record<string, Dialect> = {
  postgresql: 'postgresql',
  postgres: 'postgresql',
  cockroachdb: 'postgresql',
  mysql: 'mysql',
  sqlite: 'sqlite',
  sqlserver: 'transactsql',
};

export class ProjectLookup {
  private readonly byDir = new Map<string, ProjectFacts>();

  constructor(private readonly root: string) {}

  factsFor(file: string): ProjectFacts {
    return this.lookup(path.dirname(file));
  }

  private lookup(dir: string): ProjectFacts {
    const hit = this.byDir.get(dir);
    if (hit) return hit;
    const parent = path.dirname(dir);
    const inherited: ProjectFacts = dir === parent || !dir.startsWith(this.root) ? { libraries: [] } : this.lookup(parent);
    let facts = inherited;
    const pkgPath = path.join(dir, 'package.json');
    const libraries = existsSync(pkgPath) ? librariesOf(pkgPath) : undefined;
    const prismaProvider = prismaProviderIn(dir);
    if (libraries || prismaProvider) {
      facts = {
        libraries: libraries && libraries.length > 0 ? libraries : inherited.libraries,
        ...((prismaProvider ?? inherited.prismaProvider) ? { prismaProvider: prismaProvider ?? inherited.prismaProvider } : {}),
      };
    }
    this.byDir.set(dir, facts);
    return facts;
  }
}

function librariesOf(pkgPath: string): string[] | undefined {
  try {
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as Record<string, Record<string, string> | undefined>;
    const deps = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies };
    return Object.keys(MODULE_LIBRARIES).filter((m) => m in deps).map((m) => MODULE_LIBRARIES[m]!);
  } catch {
    return undefined;
  }
}

function prismaProviderIn(dir: string): Dialect | undefined {
  for (const candidate of [path.join(dir, 'prisma', 'schema.prisma'), path.join(dir, 'schema.prisma')]) {
    if (!existsSync(candidate)) continue;
    try {
      const text = readFileSync(candidate, 'utf8');
      const block = /datasource\s+\w+\s*\{([^}]*)\}/.exec(text)?.[1] ?? '';
      const provider = /provider\s*=\s*"([^"]+)"/.exec(block)?.[1];
      if (provider && PRISMA_PROVIDERS[provider]) return PRISMA_PROVIDERS[provider];
    } catch {
      /* unreadable schema: fall back to other evidence */
    }
  }
  return undefined;
}

/** The dialect a library speaks when the project does not say otherwise. */
export function dialectOfLibraries(libraries: readonly string[]): Dialect | undefined {
  for (const lib of libraries) {
    const d = LIBRARY_DIALECTS[lib];
    if (d) return d;
  }
  return undefined;
}
