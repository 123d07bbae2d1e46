// A mass organisation's officer on a phone: the Women's Union joins the network, the coordinator
// approves it with a partner account, and its officer — on a 360 px screen — enters the year's
// mobilisation plan, sees it beside the portal's count, and submits the year's report, which locks
// it. The coordinator sees the organisation's plan beside its results.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPortal, launchBrowser, screenshot, firstStaffSignIn, watchedPage } from './support.mjs';

const ADMIN = 'dieuphoi@soyte.thainguyen.gov.vn';
const PASSWORD = 'mot-mat-khau-du-dai-2026';
const OFFICER = 'vanphong@hoiphunu-xa.vn';
const phone = { locale: 'vi-VN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

let portal;
let browser;

before(async () => {
  portal = await startPortal();
  portal.cli(['create-admin', ADMIN, '--name', 'Cán bộ điều phối'], { PORTAL_ADMIN_PASSWORD: PASSWORD });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

async function fitsThePhone(page, what) {
  const excess = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(excess <= 0, `${what} scrolls sideways by ${excess} px at 360 px`);
}

test('a partner organisation plans its year on a phone and reports it; the coordinator sees it', async () => {
  // The union applies to join (the public form, sent as a browser would).
  const application = new URLSearchParams([
    ['kind', 'mass_organisation'], ['name', 'Hội Liên hiệp Phụ nữ xã Thần Sa'], ['contact_name', 'Hoàng Thị Lan'],
    ['email', OFFICER], ['description', 'Vận động hội viên giúp trẻ em trong xã.'],
    ['categories', 'nutrition'], ['communes', '05719'], ['consent', 'yes'],
  ]);
  const joined = await fetch(`${portal.base}/network/join`, { method: 'POST', body: application, redirect: 'manual' });
  assert.equal(joined.status, 303);

  // The coordinator approves it with a partner account and passes the invitation on.
  const staff = await browser.newContext({ locale: 'vi-VN' });
  const desk = await staff.newPage();
  await firstStaffSignIn(desk, portal.base, ADMIN, PASSWORD);
  await desk.goto(`${portal.base}/staff/network`);
  const application_ = desk.locator('form[action$="/approve"]').first();
  await application_.locator('input[name="partner_account"]').check();
  await Promise.all([desk.waitForURL(/\/staff\/network/), application_.locator('button[type="submit"]').click()]);
  const invitation = (await desk.locator('.one-time-link code').innerText()).trim();

  // The officer, on a phone, sets a password and signs in.
  const { context, page, errors } = await watchedPage(browser, phone);
  await page.goto(`${portal.base}${new URL(invitation).pathname}`);
  await page.fill('#new', 'hoi-phu-nu-than-sa-2026');
  await page.fill('#confirm', 'hoi-phu-nu-than-sa-2026');
  await Promise.all([page.waitForURL(/\/staff\/login/), page.click('form button[type="submit"]')]);
  await page.fill('#email', OFFICER);
  await page.fill('#password', 'hoi-phu-nu-than-sa-2026');
  await Promise.all([page.waitForURL(/\/staff$/), page.click('form button[type="submit"]')]);
  await Promise.all([page.waitForURL(/\/staff\/partner-plan/), page.click('a[href="/staff/partner-plan"]')]);
  await fitsThePhone(page, 'the empty plan');

  // A mistyped amount comes back with its reason and what was typed; then the plan as meant.
  await page.fill('#donors', '30');
  await page.fill('#amount', 'năm chục triệu');
  await page.fill('#children_count', '120');
  await page.fill('#activities', 'Vận động hội viên 12 chi hội, phiên chợ gây quỹ tháng 12.');
  await Promise.all([page.waitForURL(/partner-plan\?year=/), page.click('form[action="/staff/partner-plan"] button')]);
  assert.ok(await page.locator('#amount ~ .field-error').isVisible(), 'the amount is questioned');
  assert.equal(await page.inputValue('#activities'), 'Vận động hội viên 12 chi hội, phiên chợ gây quỹ tháng 12.');
  await page.fill('#amount', '50tr');
  await Promise.all([page.waitForURL(/partner-plan\?year=/), page.click('form[action="/staff/partner-plan"] button')]);
  assert.match(await page.locator('.notice').innerText(), /Đã lưu kế hoạch/);
  assert.match(await page.locator('.partner-results').innerText(), /50\.000\.000 ₫/);
  await fitsThePhone(page, 'the plan beside its results');
  await screenshot(page, 'phone-partner-plan-360');

  // The year's report: submitted, dated and locked.
  await page.fill('#report', 'Đã vận động hội viên; kết quả theo số liệu Cổng ghi nhận.');
  await Promise.all([page.waitForURL(/partner-plan\?year=/), page.click('form[action="/staff/partner-plan/report"] button')]);
  assert.match(await page.locator('.notice').first().innerText(), /Đã gửi báo cáo năm/);
  assert.equal(await page.locator('form[action="/staff/partner-plan"]').count(), 0, 'the plan is locked');
  await fitsThePhone(page, 'the submitted report');
  assert.deepEqual(errors, [], 'no script error on the pages');
  await context.close();

  // The coordinator sees the union's plan, results and report — on a phone too.
  await desk.setViewportSize({ width: 360, height: 740 });
  await desk.goto(`${portal.base}/staff/partner-plans`);
  await fitsThePhone(desk, "the organisations' plans");
  const card = await desk.locator('.partner-plan').first().innerText();
  assert.match(card, /Hội Liên hiệp Phụ nữ xã Thần Sa/);
  assert.match(card, /Đã gửi báo cáo lúc/);
  await staff.close();
});
