import { describe, expect, it } from 'vitest';
import { type ImportEdge, importsOf, sourceFiles } from './import-graph.ts';
import { ALLOWED_EXCEPTIONS, EXTRA_RULES, LAYERS, type Layer, layerOf, lazyHandlerImport } from './layers.ts';

const FOLDERS = [
  'lib',
  'db',
  'voice',
  'config',
  'integrations',
  'jobs',
  'domain',
  'api',
  'bin',
  'portal',
  'fixtures',
];

export function layerViolations(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (!from || !to || from === to) continue;
    const allowed: readonly string[] = LAYERS[from];
    const key = `${edge.from} -> ${to}`;
    if (lazyHandlerImport(from, to, edge.dynamic) || ALLOWED_EXCEPTIONS.has(key)) continue;
    if (!allowed.includes('*') && !allowed.includes(to)) {
      problems.push(`${edge.from} -> ${edge.to} (${from} may not import ${to})`);
    }
  }
  for (const edge of edges) {
    for (const rule of EXTRA_RULES) {
      if (rule.applies(edge.from, edge.to, edge.typeOnly))
        problems.push(`${edge.from} -> ${edge.to} (${rule.name})`);
    }
  }
  return problems;
}

/** Folder-level edges with how many imports each carries: the picture the README describes. */
export function layerGraph(edges: readonly ImportEdge[]): string {
  const counts = new Map<string, number>();
  for (const edge of edges) {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (!from || !to || from === to) continue;
    counts.set(`${from} -> ${to}`, (counts.get(`${from} -> ${to}`) ?? 0) + 1);
  }
  return [...counts]
    .sort()
    .map(([edge, n]) => `  ${edge} (${n})`)
    .join('\n');
}

describe('layering: dependencies run one way', () => {
  const edges = sourceFiles('.', FOLDERS).flatMap((file) => importsOf('.', file));

  it('reads the import graph of every source folder', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(new Set(edges.map((e) => layerOf(e.from)))).toEqual(
      new Set(Object.keys(LAYERS).filter((l) => l !== 'tests') as Layer[]),
    );
  });

  it('has no import running upward, and routes never reach the database directly', () => {
    console.log(`layer graph (importer -> imported, number of imports):\n${layerGraph(edges)}`);
    expect(layerViolations(edges)).toEqual([]);
  });

  it('catches an upward import when one is added', () => {
    const planted = [
      { from: 'db/customers.ts', to: 'domain/billing/purchase.ts', typeOnly: false, dynamic: false },
      { from: 'voice/index.ts', to: 'api/app.ts', typeOnly: true, dynamic: false },
      { from: 'api/routes/portal.ts', to: 'db/calls.ts', typeOnly: false, dynamic: false },
      { from: 'jobs/queues.ts', to: 'domain/billing/purchase.ts', typeOnly: false, dynamic: true },
    ];
    expect(layerViolations(planted)).toHaveLength(4);
  });
});
