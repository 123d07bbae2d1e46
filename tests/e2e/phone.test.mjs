// A donor on a 360 px phone: every public page fits the screen (nothing scrolls sideways), and a
// donor who goes back from the thank-you page and sends the form again gives once, and is told so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withPortalAndBrowser, watchedPage, screenshot, firstScreen } from './support.mjs';

let portal;
let browser;
withPortalAndBrowser((p, b) => { portal = p; browser = b; });

const phone = { locale: 'vi-VN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const campaign = 'ao-am-cho-em-vung-cao-dong-2026';

/** How far the page reaches past the screen's right edge, and the widest element that does it. */
async function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    let culprit = '';
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0 && !culprit) {
        culprit = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className}`;
      }
    }
    return { excess: document.documentElement.scrollWidth - width, culprit };
  });
}

test('every public page fits a 360 px phone', async () => {
  const { context, page, errors } = await watchedPage(browser, phone);
  await page.goto(`${portal.base}/needs`);
  const needPath = await page.locator('.need-card h3 a').first().getAttribute('href');
  const pages = [
    '/', '/needs', needPath, '/campaigns', `/campaigns/${campaign}`, `/campaigns/${campaign}/statement`,
    `/pledge?campaign=${campaign}`,
    '/network', '/network/join', '/honour-roll', '/transparency', '/plan', '/me', '/pages/how-to-give',
    `/campaigns/${campaign}/poster`, `/campaigns/${campaign}/embed`, `/digest/unsubscribe/${'0'.repeat(64)}`,
  ];
  for (const path of pages) {
    await page.goto(`${portal.base}${path}`);
    await page.waitForLoadState('networkidle');
    const { excess, culprit } = await overflow(page);
    assert.ok(excess <= 0, `${path} scrolls sideways by ${excess} px (first past the edge: ${culprit})`);
  }
  // Home: the campaigns being shared, with their progress, on the first screen.
  await page.goto(`${portal.base}/`);
  const firstCampaign = await page.locator('.home-campaigns .campaign-progress > :first-child').first().boundingBox();
  assert.ok(firstCampaign && firstCampaign.y + firstCampaign.height <= 740, `a campaign's progress on the first screen (${JSON.stringify(firstCampaign)})`);
  await screenshot(page, 'phone-home-360');
  await firstScreen(page, 'screen-home');

  // The header is one row: the links wait behind the menu button, which works without script too.
  await page.goto(`${portal.base}/`);
  const header = await page.locator('.site-header').boundingBox();
  assert.ok(header.height <= 64, `the header is one row (${header.height} px)`);
  assert.equal(await page.locator('.main-nav a[href="/needs"]').isVisible(), false, 'the links are folded');
  await page.click('.menu-button');
  assert.ok(await page.locator('.main-nav a[href="/needs"]').isVisible(), 'the menu opens');
  await screenshot(page, 'phone-menu-open-360');
  await Promise.all([page.waitForURL(/\/needs$/), page.click('.main-nav a[href="/needs"]')]);
  assert.equal(await page.locator('.main-nav a[href="/needs"]').isVisible(), false, 'and folds on the next page');

  // The campaign page: the way to give on the first screen, and still at hand deep in the story.
  await page.goto(`${portal.base}/campaigns/${campaign}`);
  const pledgeNow = await page.locator('.pledge-now a.button').boundingBox();
  assert.ok(pledgeNow && pledgeNow.y + pledgeNow.height <= 740, `the pledge button is on the first screen (${JSON.stringify(pledgeNow)})`);
  const waiting = await page.locator('.pledge-bar a.button').boundingBox();
  assert.ok(!waiting || waiting.y >= 740, `the bar waits below the screen while the button shows (${JSON.stringify(waiting)})`);
  const banner = await page.locator('.demo-banner').boundingBox();
  assert.ok(banner.height <= 32, `the demo banner is one short line (${banner.height} px)`);
  await screenshot(page, 'phone-campaign-360');
  await firstScreen(page, 'screen-campaign');
  await page.evaluate(() => window.scrollBy(0, 1500));
  // The bar slides in with the scroll: let the browser draw a frame or two first.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const bar = await page.locator('.pledge-bar a.button').boundingBox();
  assert.ok(bar && bar.y >= 0 && bar.y + bar.height <= 741, `the pledge bar stays on screen while reading (${JSON.stringify(bar)})`);
  await page.goto(`${portal.base}/pledge?campaign=${campaign}`);
  assert.equal(await page.locator('input[name="amount"]').getAttribute('inputmode'), 'numeric', 'the number pad');
  await page.locator('.amount-presets .preset').first().waitFor();
  await page.click('.amount-presets .preset[data-amount="500000"]');
  assert.equal(await page.inputValue('input[name="amount"]'), '500.000', 'a preset fills the amount');
  await page.check('input[name="kind"][value="in_kind"]');
  assert.equal(await page.locator('input[name="amount"]').isVisible(), false, 'goods ask no amount');
  assert.ok(await page.locator('input[name="item"]').isVisible(), 'but what and how many');
  await page.check('input[name="kind"][value="money"]');
  await screenshot(page, 'phone-pledge-form-360');
  await page.evaluate(() => window.scrollTo(0, 0));
  await firstScreen(page, 'screen-pledge-form');
  await page.goto(`${portal.base}/network/join`);
  await screenshot(page, 'phone-network-join-360');
  assert.deepEqual(errors, [], 'no script error on the pages');
  await context.close();
});

test("the year's plan, once published, fits a 360 px phone (its table scrolls in its own box)", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-'));
  const file = join(dir, 'ke-hoach.csv');
  writeFileSync(file, 'commune_code,category,target_children,target_amount\n05719,health,140,"98.000.000"\n05719,warm_clothes,60,30000000\n');
  const year = String(new Date().getFullYear());
  portal.cli(['import-plan', '--year', year, file]);
  const { context, page, errors } = await watchedPage(browser, phone);
  await page.goto(`${portal.base}/plan?year=${year}`);
  assert.equal(await page.locator('.plan-table tbody tr').count(), 2, 'the two lines of the plan');
  const { excess, culprit } = await overflow(page);
  assert.ok(excess <= 0, `/plan scrolls sideways by ${excess} px (${culprit})`);
  await screenshot(page, 'phone-plan-360');
  assert.deepEqual(errors, [], 'no script error on the page');
  await context.close();
});

test('a donor with only a phone number chooses Zalo; choosing it without a number is explained and keeps the form', async () => {
  const { context, page, errors } = await watchedPage(browser, phone);
  await page.goto(`${portal.base}/pledge?campaign=${campaign}`);
  await page.selectOption('select[name="donor_type"]', 'individual');
  await page.fill('input[name="name"]', 'Lý Thị Mai');
  await page.fill('input[name="email"]', 'mai@example.vn');
  await page.fill('input[name="amount"]', '300k');
  const zalo = page.locator('input[name="notice_channel"][value="zalo"]');
  assert.ok(await zalo.isVisible(), 'the choice is on the form');
  await zalo.check();
  await page.check('input[name="consent"]');
  await Promise.all([page.waitForURL(/\/pledge/), page.click('.pledge-form button[type="submit"]')]);
  await page.locator('.pledge-form').waitFor();
  assert.match(await page.locator('.field-error').first().innerText(), /Zalo hoặc SMS.*số điện thoại di động/);
  assert.equal(await page.inputValue('input[name="name"]'), 'Lý Thị Mai', 'what was typed stays');
  assert.ok(await page.locator('input[name="notice_channel"][value="zalo"]').isChecked(), 'and the choice too');
  const { excess, culprit } = await overflow(page);
  assert.ok(excess <= 0, `the form with its message fits 360 px (${culprit})`);
  await page.fill('input[name="phone"]', '0912 345 678');
  await Promise.all([page.waitForURL(/\/pledge\/[A-Z]{2}\d{2}-[A-Z2-9]{6}$/), page.click('.pledge-form button[type="submit"]')]);
  assert.deepEqual(errors, [], 'no script error on the pages');
  await context.close();
});

test('back from the thank-you page and send again: one pledge, and the page says so', async () => {
  const { context, page, errors } = await watchedPage(browser, phone);
  const give = async () => {
    await page.selectOption('select[name="donor_type"]', 'individual');
    await page.fill('input[name="name"]', 'Sùng Thị Dợ');
    await page.fill('input[name="phone"]', '0987 654 321');
    await page.fill('input[name="amount"]', '200k');
    await page.check('input[name="consent"]');
    await Promise.all([page.waitForURL(/\/pledge\/[A-Z]{2}\d{2}-[A-Z2-9]{6}$/), page.click('.pledge-form button[type="submit"]')]);
  };
  await page.goto(`${portal.base}/pledge?campaign=${campaign}`);
  await give();
  const first = page.url();
  assert.equal(await page.locator('.already-recorded').count(), 0, 'a first pledge is just thanked');
  await page.locator('#pay-heading').evaluate((heading) => heading.scrollIntoView());
  await firstScreen(page, 'screen-thank-you');

  await page.goBack();
  await page.locator('.pledge-form').waitFor();
  await give();
  assert.equal(page.url(), first, 'the first pledge\'s thank-you page');
  assert.match(await page.locator('.already-recorded').innerText(), /đã được ghi nhận trước đó/);
  await screenshot(page, 'phone-pledge-sent-again-360');
  assert.deepEqual(errors, [], 'no script error on the pages');
  await context.close();
});
