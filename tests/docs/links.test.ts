import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Every relative link in README.md and docs/*.md points at a file that exists, and every #anchor at a heading. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = [
  join(ROOT, 'README.md'),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(ROOT, 'docs', f)),
];

/** Markdown outside code: fenced blocks and inline code spans can show link syntax without being links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const text = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const [, heading] of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = heading!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

function linksOf(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (m) => m[1]!,
  );
}

describe('documentation links', () => {
  it('finds the documents and their links', () => {
    expect(DOCS.length).toBeGreaterThanOrEqual(8);
    expect(linksOf(readFileSync(DOCS[0]!, 'utf8')).length).toBeGreaterThan(5);
  });

  it.each(DOCS.map((file) => [relative(ROOT, file), file]))(
    '%s: every relative link and anchor resolves',
    (_, file) => {
      const markdown = readFileSync(file, 'utf8');
      const broken: string[] = [];
      for (const link of linksOf(markdown)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // http:, https:, mailto:
        const [path, anchor] = link.split('#', 2) as [string, string | undefined];
        const target = path ? resolve(dirname(file), decodeURIComponent(path)) : file;
        if (!target.startsWith(ROOT) || !existsSync(target)) {
          broken.push(`${link} (no such file)`);
          continue;
        }
        if (anchor === undefined) continue;
        if (!target.endsWith('.md') || statSync(target).isDirectory()) {
          broken.push(`${link} (anchor into a file that is not Markdown)`);
          continue;
        }
        if (!anchorsOf(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${link} (no such heading)`);
      }
      expect(broken).toEqual([]);
    },
  );

  it.each(DOCS.map((file) => [relative(ROOT, file), file]))(
    '%s: every source path it names exists',
    (_, file) => {
      const named = readFileSync(file, 'utf8').matchAll(
        /`((?:api|bin|config|db|docs|domain|fixtures|integrations|jobs|lib|portal|tests|voice)\/[\w./-]*)`/g,
      );
      const missing = [...named].map((m) => m[1]!).filter((path) => !existsSync(join(ROOT, path)));
      expect(missing).toEqual([]);
    },
  );

  it('computes anchors the way GitHub does', () => {
    const anchors = anchorsOf(
      '# Call control\n## What was verified, and what was not\n## `npm run call`\n## Tests\n## Tests\n',
    );
    expect([...anchors]).toEqual([
      'call-control',
      'what-was-verified-and-what-was-not',
      'npm-run-call',
      'tests',
      'tests-1',
    ]);
  });
});

describe('the README leads', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('is one page a newcomer reads in five minutes (under 12 KB), with the design notes in docs/', () => {
    expect(Buffer.byteLength(readme)).toBeLessThan(12 * 1024);
    for (const section of [
      '## Quick start',
      '## Try it',
      '## Configuration essentials',
      '## Deploy',
      '## Where to read more',
    ]) {
      expect(readme).toContain(section);
    }
  });

  it('tells what a newcomer trips over: the health endpoints, EBADENGINE, the admin token minimum', () => {
    for (const text of [
      '/health',
      '/ready',
      '/metrics',
      'EBADENGINE',
      'at least 16 characters',
      'npm run call',
    ]) {
      expect(readme, text).toContain(text);
    }
  });

  it('links nothing outside the repository', () => {
    for (const file of DOCS)
      expect(readFileSync(file, 'utf8'), relative(ROOT, file)).not.toMatch(/voice-anchors\.md/);
  });
});
