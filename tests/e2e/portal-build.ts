import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PORTAL_SOURCES = join(ROOT, 'portal');
export const PORTAL_DIST = join(ROOT, 'dist', 'portal');
const LOCK = join(ROOT, 'dist', '.portal-build.lock');
/** A lock older than this belongs to a crashed build. */
const STALE_LOCK_MS = 120_000;

async function newestSourceMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSourceMtime(path));
    else newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return newest;
}

async function isFresh(): Promise<boolean> {
  const built = await stat(join(PORTAL_DIST, 'index.html')).catch(() => null);
  if (!built) return false;
  const sources = Math.max(
    await newestSourceMtime(PORTAL_SOURCES),
    (await stat(join(ROOT, 'vite.config.ts'))).mtimeMs,
  );
  return built.mtimeMs >= sources;
}

async function acquireLock(): Promise<void> {
  await mkdir(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await stat(LOCK).catch(() => null);
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) await rmdir(LOCK).catch(() => {});
      // Another test file is building the portal: wait for it instead of building twice.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Makes sure dist/portal holds a build of the current portal sources. `npm test` builds first, so
 * this is a no-op in CI; during development it rebuilds when a source file is newer than the build.
 * Test files run in parallel processes, so the build is serialised with a lock directory and
 * written to a temporary folder that replaces dist/portal in one rename.
 */
export async function ensurePortalBuilt(): Promise<string> {
  if (await isFresh()) return PORTAL_DIST;
  await acquireLock();
  try {
    if (await isFresh()) return PORTAL_DIST;
    const { build } = await import('vite');
    const temp = join(ROOT, 'dist', `.portal-${process.pid}-${Date.now()}`);
    await build({
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir: temp, emptyOutDir: true },
    });
    await rm(PORTAL_DIST, { recursive: true, force: true });
    await rename(temp, PORTAL_DIST);
    return PORTAL_DIST;
  } finally {
    await rmdir(LOCK).catch(() => {});
  }
}
