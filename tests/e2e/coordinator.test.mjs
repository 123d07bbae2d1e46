// A coordinator's day in a real browser: signs in with a password and an authenticator code,
// publishes a need a commune assessed, and confirms the pledge a donor made to it from the bank
// statement line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPortal, launchBrowser, screenshot, totp } from './support.mjs';

const EMAIL = 'dieuphoi@soyte.thainguyen.gov.vn';
const PASSWORD = 'mot-mat-khau-du-dai-2026';

let portal;
let browser;

before(async () => {
  portal = await startPortal();
  portal.cli(['create-admin', EMAIL, '--name', 'Cán bộ điều phối'], { PORTAL_ADMIN_PASSWORD: PASSWORD });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('a coordinator publishes a need and confirms a pledge to it', async () => {
  const context = await browser.newContext({ locale: 'vi-VN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));

  await page.goto(`${portal.base}/staff/login`);
  await page.fill('#email', EMAIL);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/staff\/totp/), page.click('form button[type="submit"]')]);
  // First sign-in: the second factor is enrolled before anything else.
  const secret = await page.locator('.totp-secret').innerText();
  await page.fill('#code', totp(secret));
  await screenshot(page, 'staff-totp');
  await page.click('form button[type="submit"]');
  // The recovery codes are shown once, on the same page.
  await page.locator('.recovery-codes li').first().waitFor();

  await page.goto(`${portal.base}/staff/needs/new`);
  const commune = await page.locator('#commune option').nth(1).getAttribute('value');
  await page.selectOption('#commune', commune);
  await page.selectOption('#category', 'warm_clothes');
  await page.fill('#title', 'Áo ấm cho học sinh điểm trường Khuổi Luông');
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
  await screenshot(page, 'staff-need-published');

  // A donor pledges to it from the public page, in another browser.
  const donor = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
  await donor.goto(`${portal.base}/needs/${id}`);
  assert.match(await donor.locator('h1').innerText(), /Khuổi Luông/);
  await donor.goto(`${portal.base}/pledge?need=${id}`);
  await donor.selectOption('#donor_type', 'individual');
  await donor.fill('#name', 'Hoàng Thị Lan');
  await donor.fill('#email', 'lan.hoang@example.vn');
  await donor.fill('#amount', '1,75tr');
  await donor.check('input[name="consent"]');
  await Promise.all([donor.waitForURL(/\/pledge\/[A-Z]{2}\d{2}-/), donor.click('form.pledge-form button[type="submit"]')]);
  const reference = donor.url().split('/pledge/')[1];

  await page.goto(`${portal.base}/staff/pledges/${reference}`);
  await page.selectOption('#evidence_kind', 'bank_transaction');
  await page.fill('#evidence', 'FT26334001 ngày 30/11/2026');
  await Promise.all([page.waitForLoadState('load'), page.click('form.pledge-action button[type="submit"] >> nth=0')]);
  await page.waitForURL(new RegExp(`/staff/pledges/${reference}`));
  const status = await (await fetch(`${portal.base}/api/v1/pledges/${reference}`)).json();
  assert.equal(status.status, 'confirmed');
  await screenshot(page, 'staff-pledge-confirmed');
  assert.deepEqual(errors, [], 'no script error on the staff pages');
  await context.close();
});
