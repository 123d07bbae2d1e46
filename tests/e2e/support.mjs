// Shared helpers of the browser tests: a real `portal` release binary on a fresh SQLite database,
// and Debian's chromium driven by playwright-core (browser downloads are not possible here).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '..', '..');
export const artifacts = join(root, 'tests', 'e2e', 'artifacts');
const binary = join(root, 'target', 'release', 'portal');

/** Starts `portal serve` on port 0 with the demo data loaded; resolves to { base, stop }. */
export async function startPortal() {
  const dir = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(dir, 'portal.db')}`,
    PORTAL_SITE_ROOT: join(root, 'target', 'site'),
    PORTAL_ORG_NAME: 'Sở Y tế tỉnh (thử nghiệm)',
    RUST_LOG: 'warn',
  };
  const seeded = spawnSync(binary, ['seed-demo'], { env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seed-demo failed: ${seeded.stderr}`);
  const child = spawn(binary, ['serve', '--addr', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('portal did not start within 20 s')), 20_000);
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/listening on (http:\/\/\S+)/);
      if (match) { clearTimeout(timer); ok(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`portal exited with ${code}`)); });
  });
  return {
    base,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((ok) => child.once('exit', ok));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}
