// A donor on a 360 px phone signs in to their own page with the link the portal emails, and asks for
// the regular news there: the page, its choices and the digest's choice fit the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPortal, launchBrowser, screenshot, watchedPage } from './support.mjs';

const phone = { locale: 'vi-VN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const mail = mkdtempSync(join(tmpdir(), 'portal-mail-'));
const EMAIL = 'hoa.lo@example.vn';

let portal;
let browser;

before(async () => {
  portal = await startPortal({ PORTAL_MAIL_URL: `file:${mail}` });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

/** The sign-in link in the mail written to `mail`, whichever transfer encoding the text part took. */
async function signInPath() {
  for (let i = 0; i < 100; i += 1) {
    for (const name of readdirSync(mail)) {
      const raw = readFileSync(join(mail, name), 'utf8');
      if (!raw.includes(EMAIL)) continue;
      const texts = [raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=')];
      for (const block of raw.split(/\r?\n\r?\n/)) {
        if (/^[A-Za-z0-9+/=\r\n]+$/.test(block.trim())) texts.push(Buffer.from(block, 'base64').toString('utf8'));
      }
      for (const text of texts) {
        const found = text.match(/\/me\/sign-in\/([0-9a-f]{32,})/);
        if (found) return `/me/sign-in/${found[1]}`;
      }
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  throw new Error('no sign-in link was mailed');
}

test('a donor signs in on a phone and asks for the regular news', async () => {
  const campaigns = await (await fetch(`${portal.base}/api/v1/campaigns?per_page=1`)).json();
  const pledged = await fetch(`${portal.base}/api/v1/pledges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      campaign: campaigns.items[0].slug, donor_type: 'individual', name: 'Lò Thị Hoa', email: EMAIL,
      amount: 300000, display: 'named', consent: true,
    }),
  });
  assert.equal(pledged.status, 201);

  const { context, page, errors } = await watchedPage(browser, phone);
  await page.goto(`${portal.base}/me`);
  await page.fill('#email', EMAIL);
  await Promise.all([page.waitForURL(/\/me$/), page.click('form[action="/me/sign-in"] button')]);
  await page.goto(`${portal.base}${await signInPath()}`);
  await Promise.all([page.waitForURL(/\/me$/), page.click('form[action^="/me/sign-in/"] button')]);
  assert.match(await page.locator('.me-name').innerText(), /Lò Thị Hoa/);

  // A donor who is not a member does not receive the news until asking for it.
  assert.ok(await page.locator('input[name="digest"][value="no"]').isChecked());
  await page.check('input[name="digest"][value="yes"]');
  await Promise.all([page.waitForURL(/\/me$/), page.click('form[action="/me/digest"] button')]);
  assert.match(await page.locator('.notice').innerText(), /Đã lưu lựa chọn nhận bản tin/);
  assert.ok(await page.locator('input[name="digest"][value="yes"]').isChecked(), 'the choice is kept');
  const excess = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(excess <= 0, `the donor's page scrolls sideways by ${excess} px at 360 px`);
  await page.locator('#digest-heading').scrollIntoViewIfNeeded();
  await screenshot(page, 'phone-me-digest-360');
  assert.deepEqual(errors, [], 'no script error on the pages');
  await context.close();
});
