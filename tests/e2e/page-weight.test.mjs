// A campaign page on a slow phone: everything it transfers (HTML, CSS, JS, wasm, pictures) stays
// under 350 KB as served, compressed; its HTML is complete and usable before any script runs; static
// files carry hashed names and a year-long cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPortal, launchBrowser, screenshot } from './support.mjs';

const BUDGET = 350 * 1024;

let portal;
let browser;
let campaign;

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  const campaigns = await (await fetch(`${portal.base}/api/v1/campaigns?per_page=1`)).json();
  campaign = campaigns.items[0].slug;
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('the campaign page transfers less than 350 KB, compressed', async () => {
  const context = await browser.newContext({ locale: 'vi-VN' });
  const page = await context.newPage();
  const responses = [];
  page.on('response', (r) => responses.push(r));
  await page.goto(`${portal.base}/campaigns/${campaign}`, { waitUntil: 'networkidle' });
  let total = 0;
  const lines = [];
  for (const response of responses) {
    const sizes = await response.request().sizes();
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    total += bytes;
    const url = new URL(response.url());
    const headers = await response.allHeaders();
    lines.push(`${url.pathname} ${bytes} B ${headers['content-encoding'] || 'identity'}`);
    const type = headers['content-type'] || '';
    if (/text\/html|text\/css|javascript|wasm|json|svg/.test(type) && sizes.responseBodySize > 1024) {
      assert.match(headers['content-encoding'] || '', /gzip|br/, `${url.pathname} is compressed`);
    }
    if (url.pathname.startsWith('/pkg/')) {
      assert.match(url.pathname, /\.[0-9a-zA-Z_-]{8,}\.(js|wasm|css)$/, `${url.pathname} has a hashed name`);
      assert.match(headers['cache-control'] || '', /max-age=31536000/, `${url.pathname} is cached for a year`);
      assert.match(headers['cache-control'] || '', /immutable/);
    }
  }
  console.log(`campaign page: ${responses.length} responses, ${total} bytes\n  ${lines.join('\n  ')}`);
  assert.ok(responses.some((r) => r.url().endsWith('.wasm')), 'the islands load');
  assert.ok(total < BUDGET, `the campaign page transfers ${total} bytes, over ${BUDGET}`);
  await context.close();
});

test('the campaign page is complete and usable before any script runs', async () => {
  const context = await browser.newContext({ locale: 'vi-VN', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${portal.base}/campaigns/${campaign}`);
  assert.match(await page.locator('h1').innerText(), /\S/);
  assert.ok(await page.locator('.campaign-progress').count() > 0, 'the progress is drawn');
  // On a desk the progress box holds it (the phone's copies under the summary and at the foot are hidden).
  const pledge = page.locator(`.pledge-box a[href="/pledge?campaign=${campaign}"]`);
  assert.equal(await pledge.count(), 1, 'the way to pledge is a plain link');
  await screenshot(page, 'campaign-no-js');
  await Promise.all([page.waitForURL(/\/pledge\?campaign=/), pledge.click()]);
  assert.equal(await page.locator('form[action="/pledge"]').count(), 1, 'the form works without script');
  await context.close();
});
