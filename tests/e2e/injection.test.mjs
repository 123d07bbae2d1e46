// Text people type stays text: a need's title written as a script does not run — not in the
// public's browser on a phone, not in the staff member's session that published it — and the
// page's Content-Security-Policy allows only the portal's own scripts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPortal, launchBrowser, screenshot, firstStaffSignIn, publishNeed } from './support.mjs';

const EMAIL = 'quantri@soyte.thainguyen.gov.vn';
const PASSWORD = 'mot-mat-khau-quan-tri-2026';
const TITLE = 'Áo ấm </title><script>window.__injected = true</script><img src=x onerror="window.__injected = true">';

let portal;
let browser;

before(async () => {
  portal = await startPortal();
  portal.cli(['create-admin', EMAIL, '--name', 'Quản trị'], { PORTAL_ADMIN_PASSWORD: PASSWORD });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('a title written as a script stays text in the staff session and on a phone', async () => {
  const staff = await browser.newContext({ locale: 'vi-VN' });
  const page = await staff.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  await firstStaffSignIn(page, portal.base, EMAIL, PASSWORD);
  const id = await publishNeed(page, portal.base, TITLE);
  // The admin's own page of the need: the title as typed, nothing run.
  await page.goto(`${portal.base}/staff/needs/${id}`);
  assert.ok((await page.title()).startsWith(TITLE), await page.title());
  assert.equal(await page.evaluate(() => window.__injected), undefined, 'ran in the staff session');

  // A donor on a 360 px phone opens the public page.
  const phone = await browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 740 }, isMobile: true });
  const donor = await phone.newPage();
  const blocked = [];
  donor.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) blocked.push(m.text()); });
  const answer = await donor.goto(`${portal.base}/needs/${id}`);
  assert.equal(answer.status(), 200);
  assert.ok((await donor.title()).startsWith(TITLE), await donor.title());
  assert.match(await donor.locator('h1').innerText(), /<\/title><script>/, 'shown as typed');
  assert.equal(await donor.evaluate(() => window.__injected), undefined, 'ran in the donor\'s browser');
  const csp = answer.headers()['content-security-policy'];
  const board = await fetch(`${portal.base}/needs`);
  assert.equal(csp.match(/'sha256-/g).length, board.headers.get('content-security-policy').match(/'sha256-/g).length,
    'only the portal\'s own scripts are allowed');
  assert.deepEqual(blocked, [], 'the portal\'s own scripts were not blocked either');
  await screenshot(donor, 'need-with-a-script-title-360');
  assert.deepEqual(errors, [], 'no script error on the staff pages');
  await staff.close();
  await phone.close();
});
