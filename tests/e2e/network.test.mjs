// An organisation finds the donor network and applies to join it in a real browser, choosing
// several kinds of support and communes; the honour roll and the donor page answer without script
// errors. Screenshots of each page are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPortalAndBrowser, screenshot } from './support.mjs';

let portal;
let browser;
withPortalAndBrowser((p, b) => { portal = p; browser = b; });

test('an organisation applies to join the network', async () => {
  const context = await browser.newContext({ locale: 'vi-VN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${portal.base}/network`);
  const members = await page.locator('.member-card').count();
  assert.ok(members >= 4, 'the demo chapters are listed');
  await screenshot(page, 'network-directory');

  await page.selectOption('select[name="category"]', 'health');
  await Promise.all([page.waitForURL(/category=health/), page.click('.filters button[type="submit"]')]);
  const health = await page.locator('.member-card').count();
  assert.ok(health >= 1 && health < members, 'the filter narrows the list');

  await page.click('.member-card h2 a');
  await page.locator('h1.member-name').waitFor();
  await screenshot(page, 'network-profile');

  await page.goto(`${portal.base}/network/join`);
  await page.selectOption('#kind', 'business');
  await page.fill('#name', 'Công ty Cổ phần Dược phẩm Thái Hà');
  await page.fill('#tax_code', '4600654321');
  await page.fill('#description', 'Tài trợ thuốc và khám sức khỏe định kỳ cho học sinh bán trú.');
  await page.check('input[name="categories"][value="health"]');
  await page.check('input[name="categories"][value="nutrition"]');
  const communes = await page.locator('#communes option').evaluateAll((o) => o.slice(0, 2).map((x) => x.value));
  await page.selectOption('#communes', communes);
  await page.fill('#contact_name', 'Lê Thu Hà');
  await page.fill('#email', 'thuha@duocthaiha.vn');
  await page.check('input[name="consent"]');
  await screenshot(page, 'network-join-filled');
  await Promise.all([page.waitForURL(/\/network\/join$/), page.click('form.need-form button[type="submit"]')]);
  assert.match(await page.locator('.notice').innerText(), /Đã nhận đơn đăng ký/);
  await screenshot(page, 'network-join-sent');

  await page.goto(`${portal.base}/honour-roll`);
  assert.match(await page.locator('h1').innerText(), /Bảng vinh danh/);
  await screenshot(page, 'honour-roll');
  await page.goto(`${portal.base}/me`);
  assert.equal(await page.locator('form[action="/me/sign-in"] input[type="email"]').count(), 1);
  await screenshot(page, 'donor-page-sign-in');
  assert.deepEqual(errors, [], 'no script error on the pages');
  await context.close();
});
