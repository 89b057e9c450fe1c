import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * The project's import graph at file level, read from the source text: static `import`/`export …
 * from`, side-effect imports and dynamic `import()` with a literal path. Only relative imports
 * count; packages are not ours.
 */
export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
  /** `import('…')` at run time rather than a static import. */
  dynamic: boolean;
}

const SOURCE = /\.(ts|tsx)$/;
const SKIP = new Set(['node_modules', 'dist', '.data', 'test-artifacts', '.git']);

export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
    }
  };
  for (const folder of folders) walk(folder);
  return out.sort();
}

const IMPORT =
  /(?:^|[\s;])(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm;

export function importsOf(root: string, file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[3] ?? match[4]!;
    const to = normalize(join(dirname(file), spec.replace(/\?.*$/, '')));
    edges.push({
      from: file,
      to: relative('.', to),
      typeOnly: Boolean(match[2]),
      dynamic: Boolean(match[4]),
    });
  }
  return edges;
}
