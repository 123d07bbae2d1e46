// A visitor uses the needs board in a real browser: with JavaScript the filters apply as soon as
// they change (the island hydrated); without JavaScript the same form works with its button.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPortalAndBrowser, watchedPage, screenshot } from './support.mjs';

let portal;
let browser;
withPortalAndBrowser((p, b) => { portal = p; browser = b; });

test('the filters apply on change once the page has hydrated', async () => {
  const { context, page, errors } = await watchedPage(browser);

  await page.goto(`${portal.base}/needs`);
  await page.locator('.auto-submit[data-hydrated="true"]').waitFor({ timeout: 15_000 });
  await screenshot(page, 'needs-board');

  await Promise.all([
    page.waitForURL(/category=health/),
    page.selectOption('select[name="category"]', 'health'),
  ]);
  const badges = await page.locator('.need-card .badge.cat-health').count();
  assert.ok(badges > 0, 'health needs are listed');
  assert.equal(await page.locator('.need-card').count(), badges, 'only health needs are listed');
  await screenshot(page, 'needs-board-health');
  assert.deepEqual(errors, [], 'no script error on the page');
  await context.close();
});

test('without JavaScript the board filters with its button', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${portal.base}/needs`);
  assert.equal(await page.locator('.auto-submit').getAttribute('data-hydrated'), 'false');
  await page.selectOption('select[name="category"]', 'warm_clothes');
  await Promise.all([page.waitForURL(/category=warm_clothes/), page.click('.filters button[type="submit"]')]);
  const cards = await page.locator('.need-card').count();
  assert.ok(cards > 0);
  assert.equal(await page.locator('.need-card .badge.cat-warm_clothes').count(), cards);
  await screenshot(page, 'needs-board-no-js');

  await page.click('.need-card h3 a');
  await page.locator('.pledge-box').waitFor();
  assert.match(await page.locator('h1').innerText(), /\S/);
  await screenshot(page, 'need-page-no-js');
  await context.close();
});

test('the language switch keeps the page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${portal.base}/needs?category=nutrition`);
  await page.click('a.lang-switch');
  await page.waitForURL(/lang=en/);
  assert.equal(await page.locator('h1').innerText(), 'Needs board');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(page.url(), /category=nutrition/);
  await page.goto(`${portal.base}/`);
  assert.equal(await page.locator('h1').innerText(), 'Together for the children of the highlands', 'the choice is remembered');
  await screenshot(page, 'home-en');
  await context.close();
});
