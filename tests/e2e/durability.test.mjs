// The portal is killed with SIGKILL in the middle of a pledge load (as a power cut or the OOM killer
// would): after a restart every pledge it acknowledged with 2xx is there with its amount, and none
// is half-written — replaying every request with its Idempotency-Key adds exactly the pledges that
// were never recorded, so the campaign's total is exactly one pledge per request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPortal } from './support.mjs';

const AMOUNT = 100_000;
const WORKERS = 16;

let portal;

before(async () => {
  portal = await startPortal({ PORTAL_PLEDGE_RATE_PER_MINUTE: '0' });
});

after(async () => {
  await portal?.stop();
});

async function post(body, key) {
  const response = await fetch(`${portal.base}/api/v1/pledges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

test('every acknowledged pledge survives a SIGKILL, and none is half-written', async () => {
  const campaigns = await (await fetch(`${portal.base}/api/v1/campaigns`)).json();
  const open = campaigns.items.find((c) => c.accepting);
  assert.ok(open, 'a campaign receiving now');
  const pledgedBefore = (await (await fetch(`${portal.base}/api/v1/campaigns/${open.slug}`)).json()).pledged;

  const sent = [];
  const acknowledged = new Map();
  let stop = false;
  const worker = async (w) => {
    for (let i = 0; !stop; i++) {
      const key = `durability-${w}-${i}`;
      const body = {
        campaign: open.slug, donor_type: 'individual', name: `Người ủng hộ ${w}-${i}`,
        email: `ung-ho-${w}-${i}@example.vn`, amount: AMOUNT, display: 'anonymous', consent: true,
      };
      sent.push({ key, body });
      try {
        const answer = await post(body, key);
        if (answer.status >= 200 && answer.status < 300) acknowledged.set(key, answer.body.reference);
      } catch {
        return; // the connection died with the process
      }
    }
  };
  const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  await new Promise((ok) => setTimeout(ok, 2_000));
  await portal.kill();
  stop = true;
  await load;
  assert.ok(acknowledged.size > 20, `a real load was running (${acknowledged.size} acknowledged)`);

  await portal.restart();
  for (const [key, reference] of acknowledged) {
    const response = await fetch(`${portal.base}/api/v1/pledges/${reference}`);
    assert.equal(response.status, 200, `${reference} (${key}) is there after the restart`);
    const pledge = await response.json();
    assert.equal(pledge.value, AMOUNT);
  }
  // Whatever was in flight is sent again: recorded once, never twice.
  for (const { key, body } of sent) {
    const answer = await post(body, key);
    assert.ok(answer.status === 201 || answer.status === 200, `${key}: ${answer.status}`);
    if (acknowledged.has(key)) assert.equal(answer.body.reference, acknowledged.get(key), `${key} replays its pledge`);
  }
  const pledgedAfter = (await (await fetch(`${portal.base}/api/v1/campaigns/${open.slug}`)).json()).pledged;
  assert.equal(pledgedAfter - pledgedBefore, sent.length * AMOUNT, 'exactly one pledge per request');
  console.log(`${acknowledged.size} acknowledged before the kill, ${sent.length} requests in all`);
});
