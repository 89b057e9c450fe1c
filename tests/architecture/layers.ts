import type { ImportEdge } from './import-graph.ts';

/**
 * The layering rule, written once: each file belongs to a layer, and a layer may import only the
 * layers listed for it. Folders show the layers; `jobs/` is split in two because producers (queues,
 * outbox dispatch, job definitions) sit below the domain while handlers and the worker sit above it.
 */
export const LAYERS = {
  lib: [],
  db: ['lib'],
  voice: ['lib'],
  config: ['lib', 'voice'],
  integrations: ['lib', 'config', 'voice'],
  'jobs (producers)': ['lib', 'config', 'db'],
  domain: ['lib', 'config', 'db', 'voice', 'integrations', 'jobs (producers)'],
  'jobs (handlers)': ['lib', 'config', 'db', 'voice', 'integrations', 'jobs (producers)', 'domain'],
  api: ['lib', 'config', 'db', 'voice', 'integrations', 'jobs (producers)', 'domain', 'jobs (handlers)'],
  bin: [
    'lib',
    'config',
    'db',
    'voice',
    'integrations',
    'jobs (producers)',
    'domain',
    'jobs (handlers)',
    'api',
    'fixtures',
  ],
  portal: ['lib', 'domain', 'api'],
  fixtures: ['lib', 'voice', 'fixtures'],
  tests: ['*'],
} as const satisfies Record<string, readonly string[]>;

export type Layer = keyof typeof LAYERS;

/** Files in jobs/ that only describe or enqueue work; everything else there runs it. */
const JOB_PRODUCERS =
  /^jobs\/(connection|queues|outbox|job-definition|job-context|local-redis)\.ts$|^jobs\/definitions\/.*(?<!\.handler)\.ts$/;

export function layerOf(file: string): Layer | null {
  const top = file.split('/')[0]!;
  if (top === 'jobs') return JOB_PRODUCERS.test(file) ? 'jobs (producers)' : 'jobs (handlers)';
  return top in LAYERS ? (top as Layer) : null;
}

/**
 * Narrower rules inside a layer, each with its reason. Routes are thin: they call the domain, never
 * a repository. The portal runs in the browser, so it may only borrow types from the server.
 */
export const EXTRA_RULES: {
  name: string;
  applies: (from: string, to: string, typeOnly: boolean) => boolean;
}[] = [
  {
    name: 'routes never import db/ (they call domain modules)',
    applies: (from, to) => from.startsWith('api/routes/') && to.startsWith('db/'),
  },
  {
    name: 'portal imports server code for types only',
    applies: (from, to, typeOnly) => from.startsWith('portal/') && !to.startsWith('portal/') && !typeOnly,
  },
];

/**
 * A job definition names its handler (and its dead-letter step) with a dynamic `import()`, so
 * producers that only enqueue never load handler code: that one upward edge is lazy by design.
 */
export const lazyHandlerImport = (from: Layer, to: Layer, dynamic: boolean) =>
  dynamic && from === 'jobs (producers)' && to === 'jobs (handlers)';

/**
 * Development emulators (PayPal, SMTP catcher) come from fixtures/; only the process launcher may
 * start them, and only when the real service is not configured (never in production).
 */
export const ALLOWED_EXCEPTIONS = new Set(['api/outbound-services.ts -> fixtures']);

/** Every import that breaks the rule, with the reason. */
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

/** Folder-level edges with how many imports each carries: the picture docs/architecture.md describes. */
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
