// The outreach kit in a real browser: the poster fits a phone and prints on A4 in black and white
// with a code large enough to scan from a metre; a partner's site on another origin can frame the
// campaign card, and cannot frame the campaign page. The poster and the share card pictured in the
// README are taken here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { withPortalAndBrowser, watchedPage, screenshot, artifacts } from './support.mjs';

let portal;
let browser;
withPortalAndBrowser((p, b) => { portal = p; browser = b; });

const campaign = 'ao-am-cho-em-vung-cao-dong-2026';
const phone = { locale: 'vi-VN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

test('the poster fits a phone and prints on A4 in black and white, its code about 11 cm wide', async () => {
  const { context, page, errors } = await watchedPage(browser, phone);
  await page.goto(`${portal.base}/campaigns/${campaign}/poster`);
  const excess = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(excess <= 0, `fits 360 px (${excess} px too wide)`);
  assert.match(await page.locator('.poster-content').innerText(), /^UNG HO [A-Z]+\d+$/);
  await context.close();

  const desk = await watchedPage(browser, { locale: 'vi-VN', viewport: { width: 794, height: 1123 } });
  await desk.page.goto(`${portal.base}/campaigns/${campaign}/poster`);
  await desk.page.emulateMedia({ media: 'print' });
  assert.equal(await desk.page.locator('.site-header').isVisible(), false, 'no site header on paper');
  assert.equal(await desk.page.locator('.poster-sizes').isVisible(), false, 'nor the size links');
  const qr = await desk.page.locator('.poster-qr svg').boundingBox();
  // 110 mm at 96 px per inch is 416 px; a code of 10 cm or more scans from a metre.
  assert.ok(qr && qr.width >= 378, `the code is at least 10 cm wide (${qr?.width} px)`);
  const colours = await desk.page.evaluate(() => [...document.querySelectorAll('.poster *')]
    .filter((el) => el.textContent.trim() && el.children.length === 0)
    .map((el) => getComputedStyle(el).color));
  assert.ok(colours.length > 5 && colours.every((c) => c === 'rgb(0, 0, 0)'), `all words black: ${[...new Set(colours)]}`);
  for (const words of ['Quét mã để ủng hộ', 'Số tài khoản', 'Nội dung chuyển khoản', 'Nhận hiện vật tại']) {
    assert.ok(await desk.page.getByText(words).first().isVisible(), words);
  }
  const pdf = await desk.page.pdf({ preferCSSPageSize: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  await screenshot(desk.page, 'poster-a4');
  writeFileSync(join(artifacts, 'poster-a4.pdf'), pdf);
  assert.equal(pages, 1, 'one A4 sheet');
  const short = await desk.page.locator('.poster-address strong').innerText();
  // The page prints the configured public address; here the portal runs on another port.
  const redirected = await desk.page.goto(`${portal.base}${short.slice(short.indexOf('/c/'))}`);
  assert.ok(redirected.url().endsWith(`/campaigns/${campaign}`), `the short address leads to the campaign (${short})`);
  await desk.page.goto(`${portal.base}/campaigns/${campaign}/poster?size=a5`);
  assert.equal(await desk.page.locator('.poster-a5').count(), 1);
  assert.deepEqual([...errors, ...desk.errors], []);
  await desk.context.close();

  const card = await fetch(`${portal.base}/campaigns/${campaign}/share.png`);
  assert.equal(card.headers.get('content-type'), 'image/png');
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, 'share-card.png'), Buffer.from(await card.arrayBuffer()));
});

test("a partner's site frames the campaign card, and not the campaign page", async () => {
  const host = createServer((_, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!DOCTYPE html><title>Công ty đối tác</title>
      <iframe id="card" src="${portal.base}/campaigns/${campaign}/embed" width="380" height="230"></iframe>
      <iframe id="page" src="${portal.base}/campaigns/${campaign}" width="380" height="230"></iframe>`);
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  // Another origin: the partner's port differs from the portal's.
  const partner = `http://localhost:${host.address().port}/`;
  const { context, page } = await watchedPage(browser);
  await page.goto(partner);
  const cardFrame = page.frameLocator('#card');
  await cardFrame.locator('a.give').waitFor();
  assert.equal(await cardFrame.locator('a.give').getAttribute('target'), '_blank');
  assert.match(await cardFrame.locator('h1').innerText(), /Áo ấm cho em vùng cao/);
  await page.waitForTimeout(500);
  const framed = page.frames().find((f) => f.url().endsWith(`/campaigns/${campaign}`));
  const shown = framed ? await framed.locator('h1').count().catch(() => 0) : 0;
  assert.equal(shown, 0, 'the campaign page refuses to be framed');
  await context.close();
  host.close();
});
