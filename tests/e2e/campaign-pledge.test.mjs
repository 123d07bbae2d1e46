// A donor opens a campaign, pledges and sees how to pay — with JavaScript (the copy buttons come
// alive) and without it (the same form posts and redirects; the details can be copied by hand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withPortalAndBrowser, watchedPage, screenshot, artifacts, bankFeedKey } from './support.mjs';

let portal;
let browser;
withPortalAndBrowser((p, b) => { portal = p; browser = b; });

async function pledgeFromCampaign(page, name, amount) {
  await page.goto(`${portal.base}/campaigns`);
  await page.click('.campaign-card h2 a[href="/campaigns/ao-am-cho-em-vung-cao-dong-2026"]');
  await page.locator('.campaign-detail h1').waitFor();
  const pledgedBefore = await page.locator('.campaign-pledged').first().innerText();
  await Promise.all([page.waitForURL(/\/pledge\?campaign=/), page.click('.pledge-box a.button')]);
  await page.selectOption('select[name="donor_type"]', 'individual');
  await page.fill('input[name="name"]', name);
  await page.fill('input[name="phone"]', '0912 345 678');
  await page.fill('input[name="amount"]', amount);
  await page.check('input[name="consent"]');
  await Promise.all([page.waitForURL(/\/pledge\/[A-Z]{2}\d{2}-[A-Z2-9]{6}$/), page.click('.pledge-form button[type="submit"]')]);
  return pledgedBefore;
}

test('a donor pledges to a campaign and copies the payment details', async () => {
  const { context, page, errors } = await watchedPage(browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.base });

  const before = await pledgeFromCampaign(page, 'Đỗ Minh Châu', '350k');
  await screenshot(page, 'pledge-thank-you');
  assert.equal(await page.locator('.pay-amount').innerText(), '350.000 ₫');
  assert.ok(await page.locator('.vietqr svg').isVisible(), 'the QR code is shown');
  const reference = await page.locator('.pledge-reference').innerText();
  assert.equal(await page.locator('.pay-message').innerText(), reference);

  const copy = page.getByRole('button', { name: 'Sao chép số tiền' });
  await copy.waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await copy.getAttribute('data-copy'), '350000');
  const names = await page.locator('button.copy-button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));
  assert.equal(new Set(names).size, names.length, `each copy button says what it copies: ${names}`);
  await copy.click();
  assert.equal(await copy.innerText(), 'Đã sao chép');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '350000');
  await page.waitForFunction(() => document.querySelector('button.copy-button[data-copy="350000"]').innerText === 'Sao chép',
    null, { timeout: 5_000 });

  await page.goto(`${portal.base}/campaigns/ao-am-cho-em-vung-cao-dong-2026`);
  assert.notEqual(await page.locator('.campaign-pledged').first().innerText(), before, 'the total grew');
  await screenshot(page, 'campaign-page');
  assert.deepEqual(errors, [], 'no script error on the pages');
  await context.close();
});

test('without JavaScript the same pledge works and the QR image can be saved', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await pledgeFromCampaign(page, 'Vũ Thị Hằng', '1tr');
  assert.equal(await page.locator('.pay-amount').innerText(), '1.000.000 ₫');
  assert.equal(await page.locator('button.copy-button').first().isVisible(), false, 'copy needs JavaScript');
  const href = await page.locator('a.save-qr').getAttribute('href');
  const png = await page.request.get(`${portal.base}${href}`);
  assert.equal(png.headers()['content-type'], 'image/png');
  // The saved picture is taller than wide: the payment details are written under the code.
  const bytes = await png.body();
  writeFileSync(join(artifacts, 'saved-qr.png'), bytes);
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  assert.ok(height > width, `the details sit under the code (${width}×${height})`);
  await screenshot(page, 'pledge-thank-you-no-js');
  await context.close();
});

test('a business pledges a school year of meals in monthly instalments', async () => {
  const context = await browser.newContext({ locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(`${portal.base}/pledge?campaign=bua-trua-du-chat-nam-hoc-2026-2027`);
  await page.selectOption('select[name="donor_type"]', 'business');
  await page.fill('input[name="name"]', 'Công ty TNHH Chè Tân Cương');
  await page.fill('input[name="tax_code"]', '4601234567');
  await page.fill('input[name="email"]', 'ketoan@chetancuong.vn');
  await page.fill('input[name="amount"]', '9tr');
  await page.click('.pay-monthly summary');
  await page.selectOption('select[name="instalments"]', '9');
  await page.check('input[name="consent"]');
  await Promise.all([page.waitForURL(/\/pledge\/[A-Z]{2}\d{2}-[A-Z2-9]{6}$/), page.click('.pledge-form button[type="submit"]')]);
  const reference = await page.locator('.pledge-reference').innerText();
  assert.equal(await page.locator('.instalment-schedule tbody tr').count(), 9);
  assert.equal(await page.locator('.pay-amount').innerText(), '1.000.000 ₫', 'the first instalment');
  assert.equal(await page.locator('.pay-message').innerText(), `${reference} KY 1`);
  assert.match(await page.locator('#pay-heading').innerText(), /kỳ 1/);
  await screenshot(page, 'pledge-instalments');
  await context.close();
});

test('a transfer the bank reports shows on the open thank-you page within seconds, and on the statement', async () => {
  const { context, page, errors } = await watchedPage(browser, { locale: 'vi-VN', viewport: { width: 360, height: 740 } });
  await pledgeFromCampaign(page, 'Mùa A Chớ', '250k');
  const reference = await page.locator('.pledge-reference').innerText();
  assert.equal(await page.locator('.pledge-status').innerText(), 'Đã đăng ký');
  await page.locator('.status-watch').waitFor();
  // The donor's bank app has sent it; SePay calls the portal.
  const notified = await fetch(`${portal.base}/api/v1/bank-feed/sepay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Apikey ${bankFeedKey}` },
    body: JSON.stringify({
      id: 777001, gateway: 'Vietcombank', transactionDate: '2026-12-05 10:00:00', accountNumber: '0000000000000',
      subAccount: null, code: null, content: `${reference} MUA A CHO 0912345678`, transferType: 'in',
      transferAmount: 250000, accumulated: 0, referenceCode: 'FT26339777001', description: '',
    }),
  });
  assert.deepEqual(await notified.json(), { success: true });
  await page.waitForFunction(() => document.querySelector('.pledge-status')?.innerText === 'Đã nhận', null, { timeout: 15_000 });
  await screenshot(page, 'phone-thank-you-received');

  await page.goto(`${portal.base}/campaigns/ao-am-cho-em-vung-cao-dong-2026/statement`);
  assert.equal(await page.locator('table.statement tbody tr').count() >= 1, true);
  const body = await page.locator('main').innerText();
  assert.ok(!body.includes('0912345678') && !body.includes('FT26339777001'), 'no memo or bank reference in public');
  await screenshot(page, 'phone-campaign-statement');
  assert.deepEqual(errors, [], 'no script error on the pages');
  await context.close();
});
