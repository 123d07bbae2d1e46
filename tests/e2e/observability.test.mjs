// An operator follows one request through the logs: with PORTAL_LOG_FORMAT=json and access lines on,
// every answer carries an X-Request-Id and the log line written while answering it names the same id,
// its route and status, as does a warning written inside the answer — so a donor's "it failed at
// 10:42" can be found among a crowd's requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPortal } from './support.mjs';

let portal;

before(async () => {
  portal = await startPortal(
    { PORTAL_LOG_FORMAT: 'json', RUST_LOG: 'warn,portal::access=debug', PORTAL_PLEDGE_RATE_PER_MINUTE: '0' },
    { logs: true },
  );
});

after(async () => {
  await portal?.stop();
});

/** The JSON log lines written for the request with this id (they may arrive a moment after the answer). */
async function linesOf(id) {
  for (let i = 0; i < 50; i++) {
    const lines = portal.logs
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.span?.id === id);
    if (lines.length > 0) return lines;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return [];
}

test('each answer names its request, and the log line written for it carries the same id', async () => {
  const board = await fetch(`${portal.base}/needs?category=health`);
  assert.equal(board.status, 200);
  const boardId = board.headers.get('x-request-id');
  assert.match(boardId, /^[0-9a-f]{8}-[0-9a-f]+$/);

  const missing = await fetch(`${portal.base}/khong-co-trang-nay`);
  assert.equal(missing.status, 404);
  const missingId = missing.headers.get('x-request-id');
  assert.notEqual(missingId, boardId);

  const [boardLine] = await linesOf(boardId);
  assert.ok(boardLine, `a log line for ${boardId}`);
  assert.equal(boardLine.target, 'portal::access');
  assert.equal(boardLine.span.route, '/needs');
  assert.equal(boardLine.span.method, 'GET');
  assert.equal(boardLine.fields.status, 200);
  assert.equal(boardLine.fields.path, '/needs');

  const [missingLine] = await linesOf(missingId);
  assert.ok(missingLine, `a log line for ${missingId}`);
  assert.equal(missingLine.fields.status, 404);
  assert.equal(missingLine.fields.path, '/khong-co-trang-nay');
  assert.ok(portal.logs.every((line) => !line.trim() || line.startsWith('{')), 'every line is JSON');
});

test('a warning written deep inside the answer names the same request', async () => {
  // A form posted from another site is refused by a middleware, which logs why.
  const refused = await fetch(`${portal.base}/pledge`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://trang-gia-mao.example' },
    body: 'amount=100000',
  });
  assert.equal(refused.status, 403);
  const id = refused.headers.get('x-request-id');
  const lines = await linesOf(id);
  const warning = lines.find((entry) => entry.level === 'WARN');
  assert.ok(warning, `a warning for ${id}: ${JSON.stringify(lines)}`);
  assert.equal(warning.fields.message, 'cross-site request refused');
  assert.equal(warning.span.route, '/pledge');
  assert.equal(warning.span.method, 'POST');
});

test('the metrics count what was asked, from this machine only', async () => {
  const metrics = await fetch(`${portal.base}/metrics`);
  assert.equal(metrics.status, 200);
  const text = await metrics.text();
  assert.match(text, /^portal_http_requests_total\{route="\/needs",status="200"\} [1-9]/m);
  assert.match(text, /^portal_http_requests_total\{route="\(unmatched\)",status="404"\} [1-9]/m);
  const proxied = await fetch(`${portal.base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.5' } });
  assert.equal(proxied.status, 403);
});
