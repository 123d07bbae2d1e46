// Every public page, checked in a real browser with axe-core (WCAG 2.1 A and AA rules, colour
// contrast included): no serious or critical violation; every form control labelled; and keyboard
// focus always visible.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startPortal, launchBrowser, screenshot } from './support.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

let portal;
let browser;
let pages;

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  // Real addresses of a need, a campaign and a network member from the demo data.
  const needs = await (await fetch(`${portal.base}/api/v1/needs?per_page=1`)).json();
  const campaigns = await (await fetch(`${portal.base}/api/v1/campaigns?per_page=1`)).json();
  const members = await (await fetch(`${portal.base}/api/v1/network?per_page=1`)).json();
  const campaign = campaigns.items[0].slug;
  pages = [
    '/', '/needs', `/needs/${needs.items[0].id}`, '/campaigns', `/campaigns/${campaign}`,
    `/campaigns/${campaign}/statement`, `/pledge?campaign=${campaign}`, `/pledge?need=${needs.items[0].id}`, '/transparency',
    '/network', `/network/${members.items[0].slug}`, '/network/join', '/honour-roll', '/me',
    '/pages/about', '/pages/how-to-give', '/pages/privacy', '/staff/login', '/no-such-page',
    '/?lang=en',
  ];
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('public pages have no serious or critical accessibility violation', async () => {
  // axe is injected as a script: the page's Content-Security-Policy would refuse it.
  const context = await browser.newContext({ locale: 'vi-VN', bypassCSP: true });
  const page = await context.newPage();
  const problems = [];
  for (const path of pages) {
    await page.goto(`${portal.base}${path}`);
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      problems.push(`${path}: ${v.id} (${v.impact}) — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
    }
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden' && !el.closest('[aria-hidden="true"]'))
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.name || el.id));
    for (const name of unlabelled) problems.push(`${path}: the field ${name} has no label`);
    await screenshot(page, `a11y${path.replace(/[^a-z0-9]+/gi, '-')}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard focus is always visible', async () => {
  const context = await browser.newContext({ locale: 'vi-VN' });
  const page = await context.newPage();
  for (const path of ['/', '/network/join', '/me']) {
    await page.goto(`${portal.base}${path}`);
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return { tag: el.tagName, text: (el.innerText || el.name || '').slice(0, 30), outline: style.outlineStyle, width: style.outlineWidth };
      });
      if (!focus) continue;
      assert.ok(focus.outline !== 'none' && focus.width !== '0px', `${path}: focus on ${focus.tag} "${focus.text}" is not visible`);
    }
  }
  await context.close();
});
