// A coordinator's day in a real browser: signs in with a password and an authenticator code,
// publishes a need a commune assessed, and confirms the pledge a donor made to it from the bank
// statement line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPortal, launchBrowser, screenshot, firstStaffSignIn, publishNeed } from './support.mjs';

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

  await firstStaffSignIn(page, portal.base, EMAIL, PASSWORD);
  const id = await publishNeed(page, portal.base, 'Áo ấm cho học sinh điểm trường Khuổi Luông');
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
