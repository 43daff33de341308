// The dashboard in a real browser: Debian's Chromium driven by Playwright against a running
// gateway in front of the simulator. tests/integration/browser.rs starts `demo` and runs this
// script (`cargo test --test integration browser::`):
//
//   node tests/browser/dashboard.mjs --url 'http://127.0.0.1:8090/#key=wdk_...' \
//     --screenshots target/screenshots [--viewer-key K] [--unwatching-key K]
//
// Campaigns are created, paused and resumed through the gateway's gRPC API, which this script
// does not speak: it asks whoever runs it, one JSON line on stdout (`@@control {"op": ...}`), and
// reads the answer as one JSON line on stdin. browser.rs answers them.
//
// Every wait is for a condition, with a generous bound: the machine may be loaded.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';

import { chromium } from 'playwright-core';

const { values: options } = parseArgs({
  options: {
    // The dashboard's URL as `demo` prints it, with `#key=` the key that signs in.
    url: { type: 'string' },
    screenshots: { type: 'string', default: 'target/screenshots' },
    chromium: { type: 'string', default: process.env.WADISPATCH_CHROMIUM || '/usr/bin/chromium' },
    // A key with tasks.watch and accounts.watch but not audit.read (optional).
    'viewer-key': { type: 'string' },
    // A key without tasks.watch, which the dashboard refuses (optional).
    'unwatching-key': { type: 'string' },
    recipients: { type: 'string', default: '300' },
  },
});
assert.ok(options.url, '--url is required');

/** Bound of every wait: generous, since the machine may be shared and loaded. */
const WAIT_MS = Number(process.env.WADISPATCH_BROWSER_WAIT_MS || 90_000);
const RECIPIENTS = Number(options.recipients);
// The page's grouping of recipient statuses (app.js CATEGORIES), to compare with the platform.
const CATEGORY = {
  READ_REPLIED: 'replied', READ: 'read', READ_NO_REPLY: 'read', DELIVERED: 'delivered',
  SENT: 'sent', SEND_FAILED: 'failed',
};
const CATEGORIES = ['replied', 'read', 'delivered', 'sent', 'failed', 'pending'];

const dashboard = new URL(options.url);
const key = new URLSearchParams(dashboard.hash.replace(/^#/, '')).get('key');
assert.ok(key, `the URL carries no #key=: ${options.url}`);
const gateway = `${dashboard.protocol}//${dashboard.host}`;
fs.mkdirSync(options.screenshots, { recursive: true });

let passed = 0;
function ok(what) {
  passed += 1;
  console.log(`ok ${passed} - ${what}`);
}

// ---- The control channel to the harness ----
const lines = readline.createInterface({ input: process.stdin });
const waiting = [];
const pending = [];
lines.on('line', (line) => (waiting.length ? waiting.shift()(line) : pending.push(line)));
const nextLine = () => new Promise((resolve) => (pending.length ? resolve(pending.shift()) : waiting.push(resolve)));
async function control(op, args = {}) {
  process.stdout.write(`@@control ${JSON.stringify({ op, ...args })}\n`);
  const answer = JSON.parse(await nextLine());
  if (answer.error) throw new Error(`control ${op} failed: ${answer.error}`);
  return answer;
}

// ---- A TCP proxy between the browser and the gateway, to cut its connections at will ----
function startProxy(target) {
  const server = net.createServer();
  const pairs = new Set();
  let refusing = false;
  server.on('connection', (client) => {
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    const pair = { client, upstream };
    pairs.add(pair);
    const close = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        /** Drops every open connection (the page's event streams with them) and refuses new ones. */
        cut() {
          refusing = true;
          for (const { client, upstream } of pairs) {
            client.resetAndDestroy();
            upstream.destroy();
          }
          pairs.clear();
        },
        restore() {
          refusing = false;
        },
        close() {
          server.close();
          for (const { client, upstream } of pairs) {
            client.destroy();
            upstream.destroy();
          }
        },
      });
    });
  });
}

// ---- Page helpers ----
const byTestId = (id) => `[data-testid="${id}"]`;

async function waitFor(page, what, predicate, arg) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: WAIT_MS, polling: 100 });
  } catch (error) {
    await page.screenshot({ path: path.join(options.screenshots, 'failure.png'), fullPage: true }).catch(() => {});
    throw new Error(`waiting for ${what}: ${error.message.split('\n')[0]} (see failure.png)`);
  }
}

/** What a campaign's card shows. */
function card(page, id) {
  return page.evaluate(({ id, categories }) => {
    const q = (suffix) => document.querySelector(`[data-testid="task-${id}${suffix}"]`);
    if (!q('')) return null;
    const counts = {};
    for (const c of categories) counts[c] = Number(q(`-count-${c}`).textContent);
    const failures = q('-failures');
    return {
      status: q('').dataset.status,
      statusText: q('-status').textContent,
      percent: q('-percent').textContent,
      counts,
      total: Object.values(counts).reduce((a, b) => a + b, 0),
      failed: Number(failures.dataset.count),
      reasons: [...failures.querySelectorAll('.reason')].map((r) => r.textContent),
      replies: Number(q('-replies').dataset.count),
    };
  }, { id, categories: CATEGORIES });
}

/** A JSON answer of the gateway's API, asked from the page (with its session cookie). */
function pageApi(page, apiPath) {
  return page.evaluate(async (p) => {
    const response = await fetch(p, { credentials: 'same-origin' });
    return { status: response.status, body: await response.json().catch(() => null) };
  }, apiPath);
}

/** The platform's recipients of a task, grouped as the page groups them. */
function categorize(recipients) {
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  for (const r of recipients) counts[CATEGORY[r.status] || 'pending'] += 1;
  return counts;
}

/** Waits until the card of `id` shows exactly what GET /api/tasks/{id} says, and returns it. */
async function waitCardMatchesPlatform(page, id, what) {
  const deadline = Date.now() + WAIT_MS;
  let last;
  for (;;) {
    const answer = await pageApi(page, `/api/tasks/${id}`);
    assert.equal(answer.status, 200, `GET /api/tasks/${id}: ${JSON.stringify(answer)}`);
    const expected = categorize(answer.body.recipients);
    const shown = await card(page, id);
    last = { expected, shown: shown && shown.counts, platform: answer.body.status };
    if (shown && JSON.stringify(shown.counts) === JSON.stringify(expected)) {
      return { shown, platform: answer.body };
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: the card never matched the platform: ${JSON.stringify(last)}`);
    }
    await page.waitForTimeout(250);
  }
}

/** The page's session cookie as a Cookie header, for requests made outside the page. */
async function cookieHeader(context) {
  const cookies = await context.cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/**
 * Reads the server's task stream from `first` through `last` (cursors) straight from the
 * gateway, and answers how many task events it holds: what a page that applied exactly that
 * range, with no gap and nothing twice, has applied.
 */
async function countTaskEvents(cookie, first, last) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), WAIT_MS);
  const response = await fetch(`${gateway}/api/tasks/events?after=${BigInt(first) - 1n}`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  assert.equal(response.status, 200, 'the task stream opens with a session');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let count = 0;
  let previous = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the task stream ended before reaching the last cursor');
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name) => block.split('\n').find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim();
        if (field('event') !== 'task') continue;
        const cursor = BigInt(field('id'));
        assert.ok(previous === null || cursor > previous, 'the server sends cursors in order');
        previous = cursor;
        if (cursor > BigInt(last)) return count;
        count += 1;
        if (cursor === BigInt(last)) return count;
      }
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

async function streamStats(page) {
  return page.evaluate(() => {
    const stats = document.querySelector('[data-testid="stream-stats"]');
    return {
      applied: Number(document.querySelector('[data-testid="applied-events"]').textContent),
      duplicates: Number(document.querySelector('[data-testid="duplicates-ignored"]').textContent),
      first: stats.dataset.firstCursor,
      last: stats.dataset.lastCursor,
      lastEventId: stats.dataset.lastEventId,
    };
  });
}

async function shot(page, name) {
  const file = path.join(options.screenshots, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot ${file}`);
}

// ---- The scenarios ----

async function withoutSession() {
  for (const apiPath of ['/api/session', '/api/tasks/events', '/api/accounts/events', '/api/tasks/1',
    '/api/dead-letters', '/api/health']) {
    const response = await fetch(`${gateway}${apiPath}`, { headers: { accept: 'application/json' } });
    assert.equal(response.status, 401, `${apiPath} without a session`);
    const body = await response.json();
    assert.equal(typeof body.error, 'string', `${apiPath} says why: ${JSON.stringify(body)}`);
  }
  ok('without a session every /api/* answers 401 with a reason');
  const page = await fetch(`${gateway}/`);
  assert.equal(page.status, 200);
  const csp = page.headers.get('content-security-policy') || '';
  assert.match(csp, /script-src 'self'/, `the page's CSP: ${csp}`);
  for (const asset of ['/assets/app.js', '/assets/style.css']) {
    assert.equal((await fetch(`${gateway}${asset}`)).status, 200, asset);
  }
  ok('the page and its assets are served without a session, under a Content-Security-Policy');
}

async function wrongKeyIsRefused(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  watchConsole(page);
  await page.goto(base);
  await page.locator(byTestId('login-form')).waitFor({ timeout: WAIT_MS });
  await page.locator(byTestId('login-key')).fill('wdk_this_key_does_not_exist');
  await page.locator(byTestId('login-submit')).click();
  const error = page.locator(byTestId('login-error'));
  await error.waitFor({ state: 'visible', timeout: WAIT_MS });
  const text = await error.textContent();
  assert.match(text, /refused/i, `the refusal says so: ${text}`);
  assert.ok(text.length > 'Sign-in refused: '.length + 3, `the server's reason is shown: ${text}`);
  assert.equal((await pageApi(page, '/api/session')).status, 401, 'no session after a refused key');
  await shot(page, 'login-refused.png');
  ok(`a wrong key is refused with the server's reason: "${text}"`);

  if (options['unwatching-key']) {
    // A new page: a change of the fragment alone would not load the page again.
    const linked = await context.newPage();
    watchConsole(linked);
    await linked.goto(`${base}#key=${encodeURIComponent(options['unwatching-key'])}`);
    await waitFor(linked, 'the refusal of a key without tasks.watch', () => {
      const e = document.querySelector('[data-testid="login-error"]');
      return e && !e.hidden && e.textContent.length > 0;
    });
    const refused = await linked.locator(byTestId('login-error')).textContent();
    assert.match(refused, /watch/i, `the refusal names the missing permission: ${refused}`);
    assert.ok(!linked.url().includes('key='), 'the key left the address bar');
    ok(`a key without tasks.watch is refused: "${refused}"`);
  }
  await context.close();
}

function watchConsole(page) {
  page.on('pageerror', (error) => {
    console.log(`page error: ${error.message}`);
    pageErrors.push(error.message);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    console.log(`console error: ${message.text()}`);
    // The page must live within its Content-Security-Policy (no inline script or style).
    if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
  });
}
const pageErrors = [];

async function campaign(browser, proxy) {
  const base = `http://127.0.0.1:${proxy.port}/`;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  watchConsole(page);
  // Every request for the task stream, with the Last-Event-ID it carried.
  const taskStreamRequests = [];
  page.on('request', async (request) => {
    if (new URL(request.url()).pathname === '/api/tasks/events') {
      const headers = await request.allHeaders();
      taskStreamRequests.push({ url: request.url(), lastEventId: headers['last-event-id'] || null });
    }
  });

  await page.goto(`${base}#key=${encodeURIComponent(key)}`);
  await waitFor(page, 'the streams to be live', () =>
    document.querySelector('[data-testid="connection"]')?.dataset.state === 'live');
  assert.ok(!page.url().includes('key='), `the key left the address bar: ${page.url()}`);
  const caller = await page.locator(byTestId('caller')).textContent();
  assert.ok(caller && caller !== '–', 'the caller is named');
  ok(`signed in from the link's #key as "${caller}"; the key left the address bar; streams live`);

  await waitFor(page, 'the sender accounts', () =>
    Number(document.querySelector('[data-testid="accounts-online"]').textContent) > 0);
  await waitFor(page, 'the gateway to report ready', () =>
    document.querySelector('[data-testid="health"]')?.dataset.ready === 'true');
  // A webhook the gateway cannot read is kept as a dead letter, and the page lists it.
  const posted = await control('bad_webhook');
  assert.ok(posted.status >= 400 && posted.status < 500, `an unreadable webhook is refused: ${posted.status}`);
  await waitFor(page, 'the dead letter', () =>
    Number(document.querySelector('[data-testid="dead-letters"]')?.dataset.count) > 0);
  const letter = await page.locator(`${byTestId('dead-letters')} li`).first().textContent();
  assert.match(letter, /syncTaskStatus/, `the dead letter's path: ${letter}`);
  assert.match(letter, /this is not JSON/, `the dead letter's body: ${letter}`);
  ok('health ready, sender accounts online, an unreadable webhook listed among the dead letters');

  // A campaign, watched live until part of it is through, then paused in the middle.
  const { task_id: id } = await control('create', { recipients: RECIPIENTS });
  await waitFor(page, `campaign ${id} under way`, (testId) => {
    const pendingCount = document.querySelector(`[data-testid="${testId}-count-pending"]`);
    const total = [...document.querySelectorAll(`[data-testid^="${testId}-count-"]`)]
      .reduce((sum, n) => sum + Number(n.textContent), 0);
    return pendingCount && total > 0 && Number(pendingCount.textContent) < total;
  }, `task-${id}`);
  await control('pause', { task_id: id });
  await shot(page, 'campaign-paused.png');
  await waitFor(page, `campaign ${id} paused`, (testId) =>
    document.querySelector(`[data-testid="${testId}"]`)?.dataset.status === 'PAUSED', `task-${id}`);
  const paused = await waitCardMatchesPlatform(page, id, 'paused');
  assert.ok(paused.shown.counts.pending > 0,
    `the campaign is paused in the middle (some recipients still wait): ${JSON.stringify(paused.shown)}`);
  assert.ok(paused.shown.percent !== '100 %', `not finished: ${paused.shown.percent}`);
  ok(`campaign ${id} progresses live (${paused.shown.percent} when paused), counts as the platform's`);

  // A reload in the middle: the new page starts from the log's recent events and shows the same.
  await page.reload();
  await waitFor(page, 'the streams to be live after the reload', () =>
    document.querySelector('[data-testid="connection"]')?.dataset.state === 'live');
  const reloaded = await waitCardMatchesPlatform(page, id, 'after the reload');
  assert.equal(reloaded.shown.status, 'PAUSED');
  ok('after a reload mid-campaign the card shows the same counts as the platform');

  // The event streams cut under the page (no reload): it says so, then resumes with
  // Last-Event-ID from where it stopped, while the campaign went on without it.
  const requestsBefore = taskStreamRequests.length;
  proxy.cut();
  await waitFor(page, 'the page to say it is reconnecting', () =>
    document.querySelector('[data-testid="connection"]')?.dataset.state === 'reconnecting');
  const connectionText = await page.locator(byTestId('connection')).textContent();
  assert.match(connectionText, /reconnecting/i);
  // Read after the cut: nothing can arrive any more, so this is what the browser resumes after.
  const cutAt = await streamStats(page);
  await control('resume', { task_id: id });
  // Events of the campaign reach the log while the page is disconnected.
  const cookie = await cookieHeader(context);
  for (const deadline = Date.now() + WAIT_MS; ;) {
    const health = await (await fetch(`${gateway}/api/health`, { headers: { cookie } })).json();
    if (BigInt(health.latest_cursor) >= BigInt(cutAt.lastEventId) + 20n) break;
    assert.ok(Date.now() < deadline, `the campaign makes events while the page is cut off: ${JSON.stringify(health)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await shot(page, 'reconnecting.png');
  proxy.restore();
  await waitFor(page, 'the page to be live again', () =>
    document.querySelector('[data-testid="connection"]')?.dataset.state === 'live');
  const resumed = taskStreamRequests.slice(requestsBefore);
  assert.ok(resumed.length > 0, 'the task stream was requested again');
  for (const request of resumed) {
    assert.equal(request.lastEventId, cutAt.lastEventId,
      `the reconnect resumes after the last event seen: ${JSON.stringify(request)}`);
    assert.ok(!request.url.includes('after='), 'a native reconnect: same URL, Last-Event-ID header');
  }
  ok(`the page reconnected by itself with Last-Event-ID ${cutAt.lastEventId} after the streams were cut`);
  // Most likely still sending (not asserted: the screenshot only shows a campaign under way).
  await shot(page, 'campaign-in-progress.png');

  // The campaign completes: 100 %, a reason for failures, replies, and every count as the
  // platform's final state.
  await waitFor(page, `campaign ${id} to complete`, (testId) =>
    document.querySelector(`[data-testid="${testId}"]`)?.dataset.status === 'COMPLETED', `task-${id}`);
  const done = await waitCardMatchesPlatform(page, id, 'completed');
  assert.equal(done.platform.status, 'COMPLETED');
  assert.equal(done.shown.percent, '100 %');
  assert.match(done.shown.statusText, /completed/i);
  assert.equal(done.shown.total, done.platform.recipients.length);
  const failedOnPlatform = done.platform.recipients.filter((r) => r.status === 'SEND_FAILED').length;
  const repliedOnPlatform = done.platform.recipients.filter((r) => r.status === 'READ_REPLIED').length;
  assert.ok(failedOnPlatform > 0 && repliedOnPlatform > 0, 'the simulator made failures and replies');
  assert.equal(done.shown.failed, failedOnPlatform, 'failures by reason add up to the failed recipients');
  // The page saw every failure's event (from the log's backlog, then live, across the reload
  // and the cut), so it names every reason, in words.
  assert.ok(done.shown.reasons.every((r) => /^[A-Z][a-z]+( [a-z0-9]+)* \d+$/.test(r) && !r.startsWith('Reason not reported')),
    `every failure has its reason, in words: ${JSON.stringify(done.shown.reasons)}`);
  assert.equal(done.shown.replies, repliedOnPlatform, 'one reply per recipient who replied');
  ok(`campaign ${id} completed: 100 %, ${JSON.stringify(done.shown.counts)}, failures ${JSON.stringify(done.shown.reasons)}, ${done.shown.replies} replies`);

  // No gap and nothing twice: the page applied exactly the events the log holds in its range.
  const stats = await streamStats(page);
  assert.equal(stats.duplicates, 0, 'no message came twice');
  const inLog = await countTaskEvents(cookie, stats.first, stats.last);
  assert.equal(stats.applied, inLog,
    `the page applied every task event from cursor ${stats.first} to ${stats.last} once`);
  ok(`the page applied ${stats.applied} task events, the log's ${inLog} in its range: no gap, no duplicate`);

  // A second campaign goes on top of the first.
  const { task_id: second } = await control('create', { recipients: 40 });
  await waitFor(page, `campaign ${second} to complete`, (testId) =>
    document.querySelector(`[data-testid="${testId}-percent"]`)?.textContent === '100 %', `task-${second}`);
  const order = await page.evaluate(() => [...document.querySelectorAll('.task-card')].map((c) => c.dataset.testid));
  assert.deepEqual(order.slice(0, 2), [`task-${second}`, `task-${id}`], 'newest first');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'campaign-finished.png');
  ok('campaigns are listed newest first');

  // A campaign's recipients and the replies the page saw.
  await page.locator(byTestId(`task-${id}`)).click();
  await waitFor(page, 'the recipients of the campaign', (n) =>
    document.querySelectorAll('[data-testid="recipients"] tbody tr').length === n, done.platform.recipients.length);
  const replies = await page.locator(`${byTestId('task-details')} ${byTestId('reply')}`).all();
  assert.ok(replies.length > 0, 'replies are listed');
  const first = await replies[0].evaluate((node) => ({
    phone: node.querySelector('.reply-phone').textContent,
    text: node.querySelector('.reply-text').textContent,
    time: node.querySelector('.reply-time').textContent,
  }));
  assert.match(first.phone, /^\d{6,}$/, `a reply names its sender: ${JSON.stringify(first)}`);
  assert.ok(first.text.length > 0 && first.time.length > 0, `a reply has text and time: ${JSON.stringify(first)}`);
  const failedRows = await page.locator('[data-testid="recipients"] tbody tr[data-status="SEND_FAILED"]').count();
  assert.equal(failedRows, failedOnPlatform);
  await shot(page, 'task-details.png');
  ok(`campaign ${id}'s ${done.platform.recipients.length} recipients and ${replies.length} replies are shown`);

  const feed = await page.locator(`${byTestId('feed')} li`).count();
  assert.ok(feed > 0 && feed <= 200, `the feed is bounded: ${feed}`);

  // Signing out ends the session.
  await page.locator(byTestId('sign-out')).click();
  await page.locator(byTestId('login-form')).waitFor({ timeout: WAIT_MS });
  assert.equal((await pageApi(page, '/api/session')).status, 401, 'signed out');
  ok('signing out ends the session');
  await context.close();
}

async function viewerWithoutAudit(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  watchConsole(page);
  await page.goto(`${base}#key=${encodeURIComponent(options['viewer-key'])}`);
  await waitFor(page, 'the dead letters panel to say what is missing', () =>
    document.querySelector('[data-testid="dead-letters"]')?.dataset.state === 'forbidden');
  const text = await page.locator(byTestId('dead-letters')).textContent();
  assert.match(text, /needs audit\.read/);
  ok('a key without audit.read sees "needs audit.read" instead of the dead letters');
  await context.close();
}

async function main() {
  const proxy = await startProxy(dashboard);
  // Playwright gives the browser a fresh user-data directory of its own, removed on close.
  // Chromium's own background connections fail on a closed network: none of them is wanted.
  const browser = await chromium.launch({
    executablePath: options.chromium,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  try {
    await withoutSession();
    await wrongKeyIsRefused(browser, `${gateway}/`);
    await campaign(browser, proxy);
    if (options['viewer-key']) await viewerWithoutAudit(browser, `${gateway}/`);
    assert.deepEqual(pageErrors, [], 'no script error and no CSP violation on the page');
    ok('no script error and no CSP violation on the page');
  } finally {
    await browser.close();
    proxy.close();
    lines.close();
  }
  console.log(`${passed} passed, 0 failed`);
}

main().catch((error) => {
  console.error(`not ok - ${error.stack || error}`);
  process.exit(1);
});
