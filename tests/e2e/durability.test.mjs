// The portal is stopped in the middle of a pledge load — with SIGTERM, as a service manager does (it
// must finish what is in flight and exit cleanly), and with SIGKILL, as a power cut or the OOM killer
// would. After a restart every pledge it acknowledged with 2xx is there with its amount, and none is
// half-written: replaying every request with its Idempotency-Key adds exactly the pledges that were
// never recorded, so the campaign's total is exactly one pledge per request. Both on SQLite and on
// PostgreSQL (when the suite has one: .ci/run sets TEST_POSTGRES_URL).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { postgresUrl, startPortal } from './support.mjs';

const AMOUNT = 100_000;
const WORKERS = 16;

let portal;

async function post(body, key) {
  const response = await fetch(`${portal.base}/api/v1/pledges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** WORKERS clients pledge for two seconds, then `halt` stops the process (which ends their requests). */
async function pledgeUntil(openSlug, halt) {
  const sent = [];
  const acknowledged = new Map();
  let stop = false;
  const worker = async (w) => {
    for (let i = 0; !stop; i++) {
      const key = `${halt.name}-${w}-${i}`;
      const body = {
        campaign: openSlug, donor_type: 'individual', name: `Người ủng hộ ${w}-${i}`,
        email: `ung-ho-${halt.name}-${w}-${i}@example.vn`, amount: AMOUNT, display: 'anonymous', consent: true,
      };
      sent.push({ key, body });
      try {
        const answer = await post(body, key);
        if (answer.status >= 200 && answer.status < 300) acknowledged.set(key, answer.body.reference);
      } catch {
        return; // the connection ended with the process
      }
    }
  };
  const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  await new Promise((ok) => setTimeout(ok, 2_000));
  const outcome = await halt();
  stop = true;
  await load;
  return { sent, acknowledged, outcome };
}

/** After a restart: every acknowledged pledge is there, and replaying every request with its key
 * leaves exactly one pledge per request. */
async function checkNothingLostOrHalfWritten(openSlug, pledgedBefore, sent, acknowledged) {
  for (const [key, reference] of acknowledged) {
    const response = await fetch(`${portal.base}/api/v1/pledges/${reference}`);
    assert.equal(response.status, 200, `${reference} (${key}) is there after the restart`);
    assert.equal((await response.json()).value, AMOUNT);
  }
  for (const { key, body } of sent) {
    const answer = await post(body, key);
    assert.ok(answer.status === 201 || answer.status === 200, `${key}: ${answer.status}`);
    if (acknowledged.has(key)) assert.equal(answer.body.reference, acknowledged.get(key), `${key} replays its pledge`);
  }
  const pledgedAfter = (await (await fetch(`${portal.base}/api/v1/campaigns/${openSlug}`)).json()).pledged;
  assert.equal(pledgedAfter - pledgedBefore, sent.length * AMOUNT, 'exactly one pledge per request');
}

async function openCampaign() {
  const campaigns = await (await fetch(`${portal.base}/api/v1/campaigns`)).json();
  const open = campaigns.items.find((c) => c.accepting);
  assert.ok(open, 'a campaign receiving now');
  const pledged = (await (await fetch(`${portal.base}/api/v1/campaigns/${open.slug}`)).json()).pledged;
  return { slug: open.slug, pledged };
}

for (const backend of ['sqlite', 'postgres']) describe(`on ${backend}`, {
  skip: backend === 'postgres' && !postgresUrl ? 'TEST_POSTGRES_URL is not set' : false,
}, () => {
  before(async () => {
    portal = await startPortal({ PORTAL_PLEDGE_RATE_PER_MINUTE: '0' }, { postgres: backend === 'postgres' });
  });

  after(async () => {
    await portal?.stop();
  });

  test('on SIGTERM the portal finishes what it acknowledged and exits cleanly', async () => {
    const open = await openCampaign();
    const term = async () => portal.term();
    Object.defineProperty(term, 'name', { value: 'sigterm' });
    const { sent, acknowledged, outcome } = await pledgeUntil(open.slug, term);
    assert.equal(outcome, 0, 'a clean exit');
    assert.ok(acknowledged.size > 20, `a real load was running (${acknowledged.size} acknowledged)`);
    await portal.restart();
    await checkNothingLostOrHalfWritten(open.slug, open.pledged, sent, acknowledged);
    console.log(`SIGTERM on ${backend}: ${acknowledged.size} acknowledged, ${sent.length} requests in all`);
  });

  test('every acknowledged pledge survives a SIGKILL, and none is half-written', async () => {
    const open = await openCampaign();
    const kill = async () => portal.kill();
    Object.defineProperty(kill, 'name', { value: 'sigkill' });
    const { sent, acknowledged } = await pledgeUntil(open.slug, kill);
    assert.ok(acknowledged.size > 20, `a real load was running (${acknowledged.size} acknowledged)`);
    await portal.restart();
    await checkNothingLostOrHalfWritten(open.slug, open.pledged, sent, acknowledged);
    console.log(`SIGKILL on ${backend}: ${acknowledged.size} acknowledged, ${sent.length} requests in all`);
  });
});
