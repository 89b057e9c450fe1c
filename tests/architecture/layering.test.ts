import { describe, expect, it } from 'vitest';
import { importsOf, sourceFiles } from './import-graph.ts';
import { LAYERS, type Layer, layerGraph, layerOf, layerViolations } from './layers.ts';

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
