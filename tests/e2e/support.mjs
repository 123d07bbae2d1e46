// Shared helpers of the browser tests: a real `portal` binary on a fresh SQLite database,
// and Debian's chromium driven by playwright-core (browser downloads are not possible here).
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '..', '..');
export const artifacts = join(root, 'tests', 'e2e', 'artifacts');
// The release binary by default; the test suite runs its debug build (PORTAL_BINARY) with the
// release bundle, so CI compiles the server once.
const binary = process.env.PORTAL_BINARY ? resolve(root, process.env.PORTAL_BINARY) : join(root, 'target', 'release', 'portal');

/** The PostgreSQL server of the suite (.ci/run sets it), or undefined: stories on it are skipped. */
/** The key the browser tests' bank feed sends (`Authorization: Apikey …`). */
export const bankFeedKey = 'e2e-bank-feed-key-0123456789abcdef';
export const postgresUrl = process.env.TEST_POSTGRES_URL?.trim() || undefined;

function psql(sql) {
  const run = spawnSync('psql', [postgresUrl, '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`psql ${sql}: ${run.stderr}`);
}

/** A fresh database on the suite's PostgreSQL server; its URL and how to drop it. */
function freshPostgresDatabase() {
  const name = `portal_e2e_${process.pid}_${Date.now()}`;
  psql(`CREATE DATABASE ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Starts `portal serve` on port 0 with the demo data loaded; resolves to { base, cli, kill, restart, stop, logs }.
 * `options.postgres` puts it on a fresh PostgreSQL database instead of SQLite; `options.logs` keeps
 * what it writes on stderr in `logs` (one string per line) instead of passing it through.
 */
export async function startPortal(extra = {}, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
  const database = options.postgres ? freshPostgresDatabase() : undefined;
  const logs = [];
  const env = {
    ...process.env,
    DATABASE_URL: database?.url ?? `sqlite:${join(dir, 'portal.db')}`,
    PORTAL_SITE_ROOT: join(root, 'target', 'site'),
    PORTAL_ORG_NAME: 'Sở Y tế tỉnh (thử nghiệm)',
    PORTAL_MAIL_URL: `file:${join(dir, 'mail')}`,
    PORTAL_BANK_FEED_KEY: bankFeedKey,
    RUST_LOG: 'warn',
    ...extra,
  };
  const seeded = spawnSync(binary, ['seed-demo'], { env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seed-demo failed: ${seeded.stderr}`);
  let child;
  const serve = (addr) => new Promise((ok, fail) => {
    child = spawn(binary, ['serve', '--addr', addr], { env, stdio: ['ignore', 'pipe', options.logs ? 'pipe' : 'inherit'] });
    if (options.logs) {
      let partial = '';
      child.stderr.on('data', (chunk) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop();
        logs.push(...lines);
      });
    }
    const timer = setTimeout(() => fail(new Error('portal did not start within 20 s')), 20_000);
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/listening on (http:\/\/\S+)/);
      if (match) { clearTimeout(timer); ok(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`portal exited with ${code}`)); });
  });
  const base = await serve('127.0.0.1:0');
  return {
    base,
    logs,
    /** Runs `portal ARGS…` on the same database (e.g. `create-admin`), with extra environment. */
    cli(args, more = {}) {
      const run = spawnSync(binary, args, { env: { ...env, ...more }, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`portal ${args.join(' ')} failed: ${run.stderr}`);
      return run.stdout;
    },
    /** SIGKILL: no goodbye, as a power cut or the OOM killer would end it. */
    async kill() {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGKILL');
      await exited;
    },
    /** SIGTERM, as a service manager stops it: resolves to the exit code once it has stopped. */
    async term() {
      const exited = new Promise((ok) => child.once('exit', (code) => ok(code)));
      child.kill('SIGTERM');
      return exited;
    },
    /** Starts it again on the same database and address. */
    async restart() {
      await serve(new URL(base).host);
    },
    async stop() {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
      database?.drop();
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

/** The current RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret, as an authenticator shows it. */
export function totp(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** What the screen shows now, without scrolling: the README's pictures are taken this way. */
export async function firstScreen(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

/**
 * Signs a new admin in for the first time on `page`: password, then the second factor's enrolment
 * with a code computed from the secret the page shows (as an authenticator app would).
 */
export async function firstStaffSignIn(page, base, email, password) {
  await page.goto(`${base}/staff/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/\/staff\/totp/), page.click('form button[type="submit"]')]);
  const secret = await page.locator('.totp-secret').innerText();
  await page.fill('#code', totp(secret));
  await screenshot(page, 'staff-totp');
  await page.click('form button[type="submit"]');
  // The recovery codes are shown once, on the same page.
  await page.locator('.recovery-codes li').first().waitFor();
}

/** Drafts a need on the staff editor, submits and publishes it; answers its id. */
export async function publishNeed(page, base, title) {
  await page.goto(`${base}/staff/needs/new`);
  const commune = await page.locator('#commune option').nth(1).getAttribute('value');
  await page.selectOption('#commune', commune);
  await page.selectOption('#category', 'warm_clothes');
  await page.fill('#title', title);
  await page.fill('#description', 'Học sinh bán trú cần áo khoác ấm cho mùa đông.');
  await page.fill('#site', 'Điểm trường Khuổi Luông');
  await page.fill('#children_count', '35');
  await page.fill('#quantity', '35');
  await page.fill('#unit', 'chiếc');
  await page.fill('#unit_cost', '250.000');
  await page.fill('#period_start', '2026-12-01');
  await page.fill('#period_end', '2027-02-28');
  await Promise.all([page.waitForURL(/\/staff\/needs\/\d+/), page.click('form.need-form button[type="submit"]')]);
  const id = page.url().match(/\/staff\/needs\/(\d+)/)[1];
  await Promise.all([page.waitForURL(/done=/), page.click(`form[action="/staff/needs/${id}/submit"] button`)]);
  const overlap = page.locator(`form[action="/staff/needs/${id}/publish"] input[name="confirm_overlap"]`);
  if (await overlap.count()) await overlap.check();
  await Promise.all([page.waitForURL(/done=published/), page.click(`form[action="/staff/needs/${id}/publish"] button`)]);
  return id;
}

/**
 * One portal (with the demo data) and one browser for a test file, started before its tests and
 * stopped after them; `ready(portal, browser)` hands them over (and may prepare more).
 */
export function withPortalAndBrowser(ready = () => {}) {
  let portal;
  let browser;
  before(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    await ready(portal, browser);
  });
  after(async () => {
    await browser?.close();
    await portal?.stop();
  });
}

/** A new page in its own Vietnamese context, with the script errors it meets collected in `errors`. */
export async function watchedPage(browser, contextOptions = { locale: 'vi-VN' }) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message + ' @ ' + page.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page, errors };
}
