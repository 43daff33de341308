// The gateway's live dashboard. Plain JavaScript, no framework and no build step: the gateway
// embeds this file as it is. Data comes from the gateway's own HTTP API on the same origin:
//   - two Server-Sent Event streams, /api/tasks/events and /api/accounts/events, fed by the same
//     durable log as the gRPC watches; every message's `id:` is its log cursor, so the browser's
//     native reconnect sends Last-Event-ID and the server resumes right after it;
//   - GET /api/health and /api/dead-letters, polled; GET /api/tasks/{id} for a clicked campaign.
// The session is a cookie set by POST /api/session (EventSource cannot send headers).
'use strict';

(() => {
  // ---- Bounds: the page runs for days, so everything it keeps is capped. ----
  /** Campaigns kept and shown; past it the one first seen longest ago is forgotten. */
  const MAX_TASKS = 50;
  /** Replies kept per campaign (newest first). */
  const MAX_REPLIES_PER_TASK = 50;
  /** Failed recipients remembered per campaign with their reason, for its recipients table (the
   * platform's list of recipients carries no reason). */
  const MAX_FAILURES_PER_TASK = 500;
  /** Lines of the recent-events feed. */
  const MAX_FEED = 200;
  /** Sender accounts kept; a larger fleet is counted from the first ones only, and says so. */
  const MAX_ACCOUNTS = 2000;
  /** Dead letters listed (the server caps the request at 100). */
  const DEAD_LETTERS_SHOWN = 5;
  /** Health and dead letters are polled this often. */
  const POLL_MS = 5000;
  /** Rendering is batched: a backlog of thousands of events costs one repaint, not thousands. */
  const RENDER_MS = 100;
  /** Wait before reopening a stream the browser gave up on (an HTTP error, not a drop). */
  const REOPEN_MS = 3000;

  // Recipient statuses, grouped into the bar's segments, in the bar's order.
  const CATEGORIES = [
    { key: 'replied', label: 'Replied', statuses: ['READ_REPLIED'] },
    { key: 'read', label: 'Read', statuses: ['READ', 'READ_NO_REPLY'] },
    { key: 'delivered', label: 'Delivered', statuses: ['DELIVERED'] },
    { key: 'sent', label: 'Sent', statuses: ['SENT'] },
    { key: 'failed', label: 'Failed', statuses: ['SEND_FAILED'] },
    // Everything else, and the recipients the counts do not cover yet.
    { key: 'pending', label: 'Pending', statuses: [] },
  ];
  const CATEGORY_OF = new Map();
  for (const c of CATEGORIES) for (const s of c.statuses) CATEGORY_OF.set(s, c.key);
  /** A recipient is done when nothing more will happen to it. */
  const DONE_STATUSES = ['READ_REPLIED', 'READ_NO_REPLY', 'SEND_FAILED'];
  const FINISHED_TASK = new Set(['COMPLETED', 'STOPPED']);
  // Monotonic order of a recipient's statuses, to merge the fetched list with live events.
  const RECIPIENT_RANK = {
    UNSPECIFIED: 0, PENDING_DISPATCH: 1, PENDING_SEND: 2, SENDING: 3, SENT: 4, DELIVERED: 5,
    READ: 6, READ_NO_REPLY: 7, READ_REPLIED: 7, SEND_FAILED: 7,
  };

  const TASK_STATUS_LABEL = {
    PENDING_START: 'Waiting to start', PENDING_SEND: 'Queued', DISPATCHING: 'Sending',
    PAUSED: 'Paused', STOPPED: 'Stopped', COMPLETED: 'Completed', UNSPECIFIED: 'Unknown',
  };
  const RECIPIENT_STATUS_LABEL = {
    PENDING_DISPATCH: 'Waiting for a sender', PENDING_SEND: 'Queued', SENDING: 'Sending',
    SENT: 'Sent', DELIVERED: 'Delivered', READ: 'Read', READ_REPLIED: 'Replied',
    READ_NO_REPLY: 'Read, no reply', SEND_FAILED: 'Failed', UNSPECIFIED: 'Unknown',
  };

  /** "FRIEND_BLOCKED" -> "Friend blocked": labels made from the enum names. */
  function humanize(name) {
    if (!name) return 'Unknown';
    const words = String(name).toLowerCase().split('_').filter(Boolean);
    if (words.length === 0) return 'Unknown';
    const text = words.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  const taskStatusLabel = (s) => TASK_STATUS_LABEL[s] || humanize(s);
  // A recipient found failed in the platform's list (a snapshot) comes without a reason.
  const failureLabel = (reason) => (reason === 'UNSPECIFIED' ? 'Reason not reported' : humanize(reason));
  const recipientStatusLabel = (s) => RECIPIENT_STATUS_LABEL[s] || humanize(s);

  // ---- Cursors ----
  /** A cursor as a BigInt when it is a decimal integer (SQLite's); null otherwise. */
  function cursorNumber(cursor) {
    return typeof cursor === 'string' && /^[0-9]+$/.test(cursor) ? BigInt(cursor) : null;
  }
  /**
   * Whether `cursor` comes after `last`: only then is a message applied, so a message delivered
   * twice (a resume from an older cursor) changes nothing. Cursors that are not both integers
   * (another store's) cannot be ordered here and are applied.
   */
  function isAfter(cursor, last) {
    if (last === null || last === undefined) return true;
    const a = cursorNumber(cursor);
    const b = cursorNumber(last);
    if (a === null || b === null) return true;
    return a > b;
  }

  // ---- Small DOM helpers ----
  const $ = (id) => document.getElementById(id);
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [name, value] of Object.entries(attrs)) {
        if (value === undefined || value === null) continue;
        if (name === 'class') node.className = value;
        else if (name === 'text') node.textContent = value;
        else node.setAttribute(name, value);
      }
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child);
    }
    return node;
  }
  function clear(node) {
    while (node.firstChild) node.firstChild.remove();
  }
  function shortTime(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(iso);
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  function dateTime(iso) {
    if (!iso) return '–';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(iso);
    return date.toLocaleString([], {
      month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
  }
  function bytes(n) {
    if (!Number.isFinite(n)) return '–';
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
    return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  }
  const nowIso = () => new Date().toISOString();

  // ---- HTTP ----
  /** A JSON request on the gateway's API: {status, body}; body is null when not JSON. */
  async function api(method, path, body) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let json = null;
    try {
      json = await response.json();
    } catch (_) {
      json = null;
    }
    return { status: response.status, body: json };
  }
  const errorText = (answer) =>
    (answer.body && typeof answer.body.error === 'string' && answer.body.error) ||
    `the gateway answered HTTP ${answer.status}`;

  // ---- State ----
  const state = {
    session: null,
    /** Campaigns by id, in the order first seen (Map order): the newest is the last. */
    tasks: new Map(),
    /** The campaign whose recipients are shown: {id, recipients: Map phone -> row, note}. */
    selected: null,
    accounts: new Map(),
    accountsDropped: 0,
    feed: [],
    health: null,
    deadLetters: null,
    polls: [],
    streams: [],
  };
  /** What the next render has to redo. */
  const dirty = {
    tasks: new Set(), header: true, accounts: true, details: true, recipients: new Set(),
    feed: [], stats: true, dead: true, allRecipients: true,
  };
  let renderTimer = null;
  function scheduleRender() {
    if (renderTimer === null) renderTimer = setTimeout(render, RENDER_MS);
  }

  function addFeed(text, kind, cursor) {
    const line = { time: nowIso(), text, kind: kind || 'info', cursor: cursor || null };
    state.feed.unshift(line);
    if (state.feed.length > MAX_FEED) state.feed.length = MAX_FEED;
    dirty.feed.push(line);
    scheduleRender();
  }

  // ---- Event streams ----
  /**
   * One Server-Sent Events stream. The browser reconnects by itself after a drop and sends the
   * last `id:` it saw as Last-Event-ID; the server resumes right after it. Only when the browser
   * gives up (an HTTP error) does this open a new EventSource, with `?after=` the last id seen so
   * nothing is skipped.
   */
  class Stream {
    constructor(name, path, eventType, apply) {
      this.name = name;
      this.path = path;
      this.eventType = eventType;
      this.apply = apply;
      this.source = null;
      this.state = 'connecting';
      this.wasOpen = false;
      /** Cursor of the last message applied: messages at or before it are duplicates. */
      this.lastApplied = null;
      this.firstApplied = null;
      /** The last `id:` seen, heartbeats included: where a new EventSource resumes. */
      this.lastSeenId = null;
      this.applied = 0;
      this.duplicates = 0;
      this.reopenTimer = null;
      this.stopped = false;
    }

    open(after) {
      const url = after ? `${this.path}?after=${encodeURIComponent(after)}` : this.path;
      const source = new EventSource(url);
      this.source = source;
      source.onopen = () => {
        if (source !== this.source) return;
        const resumed = this.wasOpen ? ' again' : '';
        this.wasOpen = true;
        this.setState('live');
        const from = this.lastSeenId ? `, resuming after cursor ${this.lastSeenId}` : '';
        addFeed(`${this.name} stream connected${resumed}${from}`, 'stream');
      };
      source.onerror = () => {
        if (source !== this.source || this.stopped) return;
        if (source.readyState === EventSource.CLOSED) {
          // The browser gave up: an HTTP error such as an expired session.
          this.setState('reconnecting');
          source.close();
          this.reopenLater();
        } else {
          if (this.state !== 'reconnecting') addFeed(`${this.name} stream lost; reconnecting`, 'stream');
          this.setState('reconnecting');
        }
      };
      source.addEventListener(this.eventType, (event) => this.onMessage(event, false));
      source.addEventListener('heartbeat', (event) => this.onMessage(event, true));
      source.addEventListener('failure', (event) => this.onFailure(event));
    }

    reopenLater() {
      clearTimeout(this.reopenTimer);
      this.reopenTimer = setTimeout(async () => {
        if (this.stopped) return;
        if (!(await sessionStillValid())) return;
        this.open(this.lastSeenId);
      }, REOPEN_MS);
    }

    onMessage(event, heartbeat) {
      if (event.lastEventId) this.lastSeenId = event.lastEventId;
      noteCursor(event.lastEventId);
      if (heartbeat) {
        dirty.stats = true;
        scheduleRender();
        return;
      }
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (_) {
        addFeed(`${this.name} stream sent an unreadable message`, 'error');
        return;
      }
      const cursor = message.cursor ?? event.lastEventId;
      // A snapshot is the whole state as of now: applied whatever its cursor.
      if (message.kind !== 'snapshot' && !isAfter(cursor, this.lastApplied)) {
        this.duplicates += 1;
        dirty.stats = true;
        scheduleRender();
        return;
      }
      if (message.kind !== 'snapshot' || this.lastApplied === null || isAfter(cursor, this.lastApplied)) {
        this.lastApplied = cursor;
      }
      if (this.firstApplied === null) this.firstApplied = cursor;
      this.applied += 1;
      dirty.stats = true;
      this.apply(message);
      scheduleRender();
    }

    onFailure(event) {
      let failure = {};
      try {
        failure = JSON.parse(event.data);
      } catch (_) {
        failure = { code: 'UNKNOWN', message: event.data };
      }
      if (failure.code === 'OUT_OF_RANGE') {
        // The log no longer holds what comes after our cursor: a resume would fail forever.
        // A new EventSource sends no Last-Event-ID, so it starts from the recent backlog.
        addFeed(
          `${this.name} stream: the log no longer keeps the events after cursor ` +
            `${this.lastSeenId || '?'}; starting again from the recent ones (some were missed)`,
          'error',
        );
        this.source.close();
        this.lastSeenId = null;
        this.setState('reconnecting');
        this.open(null);
        return;
      }
      // Anything else ends the stream; the browser reconnects and resumes from the last id.
      addFeed(`${this.name} stream ended: ${failure.code || 'error'} ${failure.message || ''}`, 'error');
    }

    setState(value) {
      this.state = value;
      dirty.header = true;
      scheduleRender();
    }

    stop() {
      this.stopped = true;
      clearTimeout(this.reopenTimer);
      if (this.source) this.source.close();
    }
  }

  /** The newest cursor the page knows of (streams and health). */
  let latestCursor = null;
  function noteCursor(cursor) {
    if (!cursor) return;
    if (latestCursor === null || isAfter(cursor, latestCursor)) {
      latestCursor = cursor;
      dirty.header = true;
    }
  }

  // ---- Campaigns ----
  function taskFor(id) {
    let task = state.tasks.get(id);
    if (!task) {
      task = {
        id, progress: null, status: 'UNSPECIFIED', updated: null, replies: [], repliesSeen: 0,
        failed: new Map(),
      };
      state.tasks.set(id, task);
      // Forget the campaign seen longest ago, unless it is the one being looked at.
      for (const oldest of state.tasks.keys()) {
        if (state.tasks.size <= MAX_TASKS) break;
        if (state.selected && state.selected.id === oldest) continue;
        state.tasks.delete(oldest);
        dirty.tasks.add(oldest);
      }
    }
    return task;
  }

  function applyTaskMessage(m) {
    const id = m.task_id || (m.progress && m.progress.task_id);
    if (!id) return;
    const task = taskFor(id);
    if (m.progress) {
      task.progress = m.progress;
      if (m.progress.status) task.status = m.progress.status;
    }
    if (m.task_status) task.status = m.task_status;
    task.updated = m.received_time || nowIso();
    dirty.tasks.add(id);
    const selected = state.selected && state.selected.id === id ? state.selected : null;
    const phoneShort = (phone) => phone || '?';
    switch (m.kind) {
      case 'task_status':
        addFeed(`Campaign ${id} is now ${taskStatusLabel(m.task_status).toLowerCase()}`, 'task', m.cursor);
        break;
      case 'recipient_status': {
        const r = m.recipient || {};
        const status = r.merged_status || r.status;
        const reason = r.failure_reason ? ` (${failureLabel(r.failure_reason)})` : '';
        addFeed(
          `Campaign ${id}: ${phoneShort(r.phone)} ${recipientStatusLabel(r.status).toLowerCase()}${reason}`,
          status === 'SEND_FAILED' ? 'failed' : 'recipient',
          m.cursor,
        );
        if (r.failure_reason && r.phone && task.failed.size < MAX_FAILURES_PER_TASK) {
          task.failed.set(r.phone, r.failure_reason);
        }
        if (selected && r.phone) mergeRecipient(selected, r.phone, status, r.failure_reason);
        break;
      }
      case 'reply': {
        const reply = m.reply || {};
        task.replies.unshift({ phone: reply.phone, text: reply.text || '', time: reply.time || m.received_time });
        task.repliesSeen += 1;
        if (task.replies.length > MAX_REPLIES_PER_TASK) task.replies.length = MAX_REPLIES_PER_TASK;
        addFeed(`Campaign ${id}: reply from ${phoneShort(reply.phone)}: “${reply.text || ''}”`, 'reply', m.cursor);
        if (selected) dirty.details = true;
        break;
      }
      case 'snapshot':
        if (selected && Array.isArray(m.recipients)) {
          for (const r of m.recipients) mergeRecipient(selected, r.phone, r.status, null);
        }
        break;
      default:
        break;
    }
  }

  /** Counts per bar segment, the done share and the total of a campaign. */
  function summarize(task) {
    const progress = task.progress || {};
    const counts = progress.counts || {};
    const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c.key, 0]));
    let counted = 0;
    let done = 0;
    for (const [status, n] of Object.entries(counts)) {
      const count = Number(n) || 0;
      byCategory[CATEGORY_OF.get(status) || 'pending'] += count;
      counted += count;
      if (DONE_STATUSES.includes(status)) done += count;
    }
    const total = Math.max(Number(progress.total) || 0, counted);
    byCategory.pending += total - counted;
    const finished = FINISHED_TASK.has(task.status);
    // Floor, so 100 % means every recipient is done; a finished campaign is done as a whole.
    let percent = total > 0 ? Math.floor((done * 100) / total) : 0;
    if (finished) percent = 100;
    return { byCategory, total, percent, finished, done };
  }

  /**
   * Failed recipients by reason. The server counts a recipient it found failed in the platform's
   * list (the snapshot a stream starts from, after a reconnect too) under UNSPECIFIED; the page
   * may have seen its failure event with the reason, so it names what it saw and leaves only
   * the rest unreported. The total is always the server's.
   */
  function failuresOf(task) {
    const reported = ((task.progress && task.progress.failures) || []).filter((f) => Number(f.count) > 0);
    const total = reported.reduce((sum, f) => sum + Number(f.count), 0);
    const seen = new Map();
    for (const reason of task.failed.values()) {
      if (reason !== 'UNSPECIFIED') seen.set(reason, (seen.get(reason) || 0) + 1);
    }
    const seenTotal = [...seen.values()].reduce((sum, n) => sum + n, 0);
    // Past the cap the page no longer knows every failure: the server's split stands.
    if (task.failed.size >= MAX_FAILURES_PER_TASK || seenTotal > total) return reported;
    const merged = [...seen].map(([reason, count]) => ({ reason, count }));
    // A reason the server knows that the page did not see (it cannot happen on one stream).
    for (const f of reported) {
      if (f.reason !== 'UNSPECIFIED' && !seen.has(f.reason)) return reported;
    }
    if (total > seenTotal) merged.push({ reason: 'UNSPECIFIED', count: total - seenTotal });
    return merged;
  }

  function repliesOf(task) {
    const counted = task.progress && Number.isFinite(Number(task.progress.replies))
      ? Number(task.progress.replies) : 0;
    return Math.max(counted, task.repliesSeen);
  }

  function taskCard(id) {
    const card = el('article', {
      class: 'task-card', 'data-testid': `task-${id}`, tabindex: '0', role: 'button',
      'aria-label': `Campaign ${id}: show recipients and replies`,
    });
    const bar = el('div', { class: 'bar', 'data-testid': `task-${id}-bar` });
    const counts = el('div', { class: 'task-counts' });
    for (const c of CATEGORIES) {
      bar.append(el('span', { class: `seg seg-${c.key}`, 'data-category': c.key }));
      counts.append(el('span', { class: 'task-count', 'data-category': c.key },
        el('span', { class: `swatch seg-${c.key}` }),
        el('span', { class: 'task-count-label', text: c.label }),
        el('strong', { 'data-testid': `task-${id}-count-${c.key}`, text: '0' }),
        el('span', { class: 'task-count-share', text: '' })));
    }
    card.append(
      el('div', { class: 'task-top' },
        el('div', { class: 'task-title' },
          el('span', { class: 'task-kicker', text: 'Campaign' }),
          el('span', { class: 'task-id', text: id }),
          el('span', { class: 'task-total', 'data-testid': `task-${id}-total` })),
        el('span', { class: 'pill', 'data-testid': `task-${id}-status` }),
        el('span', { class: 'task-percent', 'data-testid': `task-${id}-percent` })),
      bar,
      counts,
      el('div', { class: 'task-bottom' },
        el('div', { class: 'task-failures', 'data-testid': `task-${id}-failures` }),
        el('div', { class: 'task-replies', 'data-testid': `task-${id}-replies` }),
        el('div', { class: 'task-time' })),
    );
    const open = () => selectTask(id);
    card.addEventListener('click', open);
    card.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
      }
    });
    return card;
  }

  const cards = new Map();
  function renderTask(id) {
    const list = $('task-list');
    const task = state.tasks.get(id);
    let card = cards.get(id);
    if (!task) {
      if (card) card.remove();
      cards.delete(id);
      return;
    }
    if (!card) {
      card = taskCard(id);
      cards.set(id, card);
      // Newest first: a campaign first seen now goes on top.
      list.prepend(card);
    }
    const s = summarize(task);
    card.dataset.status = task.status;
    card.dataset.finished = String(s.finished);
    card.classList.toggle('selected', Boolean(state.selected && state.selected.id === id));
    const pill = card.querySelector('.pill');
    pill.textContent = taskStatusLabel(task.status);
    pill.dataset.status = task.status;
    const percent = card.querySelector('.task-percent');
    percent.textContent = `${s.percent} %`;
    percent.title = `${s.done} of ${s.total} recipients done`;
    card.querySelector('.task-total').textContent = `${s.total} ${s.total === 1 ? 'recipient' : 'recipients'}`;
    for (const c of CATEGORIES) {
      const n = s.byCategory[c.key];
      const share = s.total > 0 ? (n * 100) / s.total : 0;
      // CSSOM, not a style attribute: allowed by the page's Content-Security-Policy.
      card.querySelector(`.seg[data-category="${c.key}"]`).style.width = `${share}%`;
      card.querySelector(`.seg[data-category="${c.key}"]`).title = `${c.label}: ${n}`;
      const count = card.querySelector(`.task-count[data-category="${c.key}"]`);
      count.querySelector('strong').textContent = String(n);
      count.querySelector('.task-count-share').textContent = `${Math.round(share)} %`;
      count.classList.toggle('zero', n === 0);
    }
    const failures = failuresOf(task);
    const failuresNode = card.querySelector('.task-failures');
    clear(failuresNode);
    const failed = failures.reduce((sum, f) => sum + Number(f.count), 0);
    failuresNode.dataset.count = String(failed);
    if (failures.length === 0) {
      failuresNode.append(el('span', { class: 'muted', text: 'No failures' }));
    } else {
      failuresNode.append(el('span', { class: 'task-bottom-label', text: 'Failures' }));
      for (const f of [...failures].sort((a, b) => b.count - a.count)) {
        failuresNode.append(el('span', { class: 'reason', 'data-reason': f.reason },
          `${failureLabel(f.reason)} `, el('strong', { text: String(f.count) })));
      }
    }
    const replies = repliesOf(task);
    const repliesNode = card.querySelector('.task-replies');
    repliesNode.dataset.count = String(replies);
    repliesNode.textContent = `${replies} ${replies === 1 ? 'reply' : 'replies'}`;
    card.querySelector('.task-time').textContent = task.updated ? `updated ${shortTime(task.updated)}` : '';
  }

  // ---- A campaign's recipients and replies ----
  function mergeRecipient(selected, phone, status, failureReason) {
    const known = selected.recipients.get(phone);
    const rank = (s) => RECIPIENT_RANK[s] ?? 0;
    if (!known) {
      selected.recipients.set(phone, { status, failure: failureReason || null });
    } else if (rank(status) >= rank(known.status)) {
      known.status = status;
      if (failureReason) known.failure = failureReason;
    } else if (failureReason && !known.failure) {
      known.failure = failureReason;
    }
    selected.changed.add(phone);
    dirty.details = true;
  }

  async function selectTask(id) {
    const selected = { id, recipients: new Map(), rows: new Map(), changed: new Set(), note: 'loading recipients…' };
    state.selected = selected;
    dirty.details = true;
    dirty.allRecipients = true;
    for (const taskId of state.tasks.keys()) dirty.tasks.add(taskId);
    scheduleRender();
    let answer;
    try {
      answer = await api('GET', `/api/tasks/${encodeURIComponent(id)}`);
    } catch (error) {
      answer = { status: 0, body: { error: `the gateway did not answer (${error.message})` } };
    }
    if (state.selected !== selected) return;
    if (answer.status === 401) return sessionEnded();
    if (answer.status === 200 && answer.body) {
      const failed = state.tasks.get(id)?.failed || new Map();
      for (const r of answer.body.recipients || []) {
        mergeRecipient(selected, r.phone, r.status, failed.get(r.phone) || null);
      }
      const status = answer.body.status ? ` Status on the platform: ${taskStatusLabel(answer.body.status).toLowerCase()}.` : '';
      selected.note = `Recipients as the platform reports them, updated live.${status}`;
    } else if (answer.status === 403) {
      selected.note = `Recipients need the tasks.read permission: ${errorText(answer)}`;
    } else {
      selected.note = `Recipients could not be fetched: ${errorText(answer)}`;
    }
    dirty.details = true;
    dirty.allRecipients = true;
    scheduleRender();
  }

  function renderDetails() {
    const panel = $('details');
    const selected = state.selected;
    panel.hidden = !selected;
    if (!selected) return;
    const task = state.tasks.get(selected.id);
    $('details-task').textContent = selected.id;
    $('details-note').textContent = selected.note;
    const replies = task ? task.replies : [];
    const replyCount = task ? repliesOf(task) : 0;
    $('details-reply-count').textContent = String(replyCount);
    $('details-replies-note').textContent = replies.length < replyCount
      ? `The latest ${replies.length} the page has seen.` : '';
    const list = $('details-replies');
    clear(list);
    if (replies.length === 0) {
      list.append(el('li', { class: 'empty', text: 'No reply seen yet.' }));
    }
    for (const reply of replies) {
      list.append(el('li', { class: 'reply', 'data-testid': 'reply' },
        el('span', { class: 'reply-phone', text: reply.phone || '?' }),
        el('span', { class: 'reply-time', text: shortTime(reply.time) }),
        el('span', { class: 'reply-text', text: reply.text || '(no text)' })));
    }
    $('details-recipient-count').textContent = String(selected.recipients.size);
    const body = $('details-recipients');
    if (dirty.allRecipients) {
      clear(body);
      selected.rows.clear();
      const phones = [...selected.recipients.keys()].sort();
      const fragment = document.createDocumentFragment();
      for (const phone of phones) {
        const row = recipientRow(phone);
        selected.rows.set(phone, row);
        fragment.append(row);
      }
      body.append(fragment);
    } else {
      for (const phone of selected.changed) {
        let row = selected.rows.get(phone);
        if (!row) {
          row = recipientRow(phone);
          selected.rows.set(phone, row);
          body.append(row);
        }
      }
    }
    for (const phone of dirty.allRecipients ? selected.recipients.keys() : selected.changed) {
      const r = selected.recipients.get(phone);
      const row = selected.rows.get(phone);
      const status = row.children[1];
      status.textContent = recipientStatusLabel(r.status);
      status.dataset.category = CATEGORY_OF.get(r.status) || 'pending';
      row.dataset.status = r.status;
      row.children[2].textContent = r.failure ? failureLabel(r.failure) : '';
    }
    selected.changed.clear();
    dirty.allRecipients = false;
  }

  function recipientRow(phone) {
    return el('tr', { 'data-phone': phone },
      el('td', { class: 'mono', text: phone }), el('td', { class: 'status-cell' }), el('td'));
  }

  // ---- Sender accounts ----
  function accountState(a) {
    if (a.status === 'BANNED') return 'banned';
    return a.online === 'ONLINE' ? 'online' : 'offline';
  }
  function applyAccountsMessage(m) {
    const when = m.time || m.received_time || nowIso();
    switch (m.kind) {
      case 'snapshot': {
        state.accounts.clear();
        const accounts = Array.isArray(m.accounts) ? m.accounts : [];
        for (const a of accounts.slice(0, MAX_ACCOUNTS)) {
          state.accounts.set(a.phone, { phone: a.phone, status: a.status, online: a.online, changed: null });
        }
        state.accountsDropped = Math.max(0, accounts.length - MAX_ACCOUNTS);
        addFeed(`Sender accounts: ${accounts.length} listed by the platform`, 'account', m.cursor);
        break;
      }
      case 'connection_status': {
        const a = accountFor(m.phone);
        if (!a) break;
        if (m.connection === 'BANNED') a.status = 'BANNED';
        else a.online = m.connection === 'ONLINE' ? 'ONLINE' : 'OFFLINE';
        a.changed = when;
        addFeed(`Account ${m.phone} ${humanize(m.connection).toLowerCase()}`, 'account', m.cursor);
        break;
      }
      case 'account_status': {
        const a = accountFor(m.phone);
        if (!a) break;
        if (m.status) a.status = m.status;
        if (m.online) a.online = m.online;
        a.changed = when;
        const reason = m.reason_text || (m.reason && m.reason !== 'UNSPECIFIED' ? humanize(m.reason) : '');
        addFeed(
          `Account ${m.phone}: ${humanize(m.status).toLowerCase()}, ${humanize(m.online).toLowerCase()}${reason ? ` (${reason})` : ''}`,
          m.status === 'BANNED' ? 'failed' : 'account',
          m.cursor,
        );
        break;
      }
      default:
        // registration, qr_login, scan_task_status: one line of text.
        addFeed(`${m.phone ? `Account ${m.phone}: ` : ''}${m.summary || humanize(m.kind)}`, 'account', m.cursor);
        break;
    }
    dirty.accounts = true;
  }
  function accountFor(phone) {
    if (!phone) return null;
    let a = state.accounts.get(phone);
    if (!a) {
      if (state.accounts.size >= MAX_ACCOUNTS) {
        state.accountsDropped += 1;
        return null;
      }
      a = { phone, status: 'NORMAL', online: 'UNSPECIFIED', changed: null };
      state.accounts.set(phone, a);
    }
    return a;
  }
  function renderAccounts() {
    const counts = { online: 0, offline: 0, banned: 0 };
    const rows = [...state.accounts.values()].sort((a, b) => a.phone.localeCompare(b.phone));
    for (const a of rows) counts[accountState(a)] += 1;
    $('accounts-online').textContent = String(counts.online);
    $('accounts-offline').textContent = String(counts.offline);
    $('accounts-banned').textContent = String(counts.banned);
    const body = $('accounts-rows');
    clear(body);
    if (rows.length === 0) {
      body.append(el('tr', {}, el('td', { colspan: '3', class: 'empty', text: 'No account known yet.' })));
    }
    const fragment = document.createDocumentFragment();
    for (const a of rows) {
      const kind = accountState(a);
      const label = kind === 'banned' ? 'Banned' : a.online === 'ONLINE' ? 'Online' : humanize(a.online === 'UNSPECIFIED' ? 'offline' : a.online);
      fragment.append(el('tr', { 'data-phone': a.phone, 'data-state': kind },
        el('td', { class: 'mono', text: a.phone }),
        el('td', {}, el('span', { class: `state state-${kind}`, text: label })),
        el('td', { class: 'muted', text: a.changed ? dateTime(a.changed) : 'no change seen' })));
    }
    body.append(fragment);
    $('accounts-note').textContent = state.accountsDropped > 0
      ? `Showing the first ${MAX_ACCOUNTS} accounts; ${state.accountsDropped} more are not counted.` : '';
  }

  // ---- Health and dead letters (polled) ----
  async function pollHealth() {
    let answer;
    try {
      answer = await api('GET', '/api/health');
    } catch (error) {
      state.health = { unreachable: true, reasons: [`the gateway does not answer (${error.message})`] };
      dirty.header = true;
      scheduleRender();
      return;
    }
    if (answer.status === 401) return sessionEnded();
    state.health = answer.status === 200 && answer.body
      ? answer.body : { ready: false, reasons: [errorText(answer)] };
    if (state.health.latest_cursor) noteCursor(String(state.health.latest_cursor));
    dirty.header = true;
    scheduleRender();
  }

  async function pollDeadLetters() {
    let answer;
    try {
      answer = await api('GET', `/api/dead-letters?limit=${DEAD_LETTERS_SHOWN}`);
    } catch (error) {
      state.deadLetters = { error: `the gateway does not answer (${error.message})` };
      dirty.dead = true;
      scheduleRender();
      return;
    }
    if (answer.status === 401) return sessionEnded();
    if (answer.status === 403) state.deadLetters = { forbidden: true, error: errorText(answer) };
    else if (answer.status === 200 && answer.body) state.deadLetters = answer.body;
    else state.deadLetters = { error: errorText(answer) };
    dirty.dead = true;
    scheduleRender();
  }

  function renderDeadLetters() {
    const root = $('dead-body');
    const section = $('dead-letters');
    clear(root);
    const d = state.deadLetters;
    if (!d) {
      root.append(el('p', { class: 'empty', text: 'loading…' }));
      return;
    }
    if (d.forbidden) {
      section.dataset.state = 'forbidden';
      root.append(el('p', { class: 'notice' },
        'This key cannot see them: needs audit.read. ', el('span', { class: 'muted', text: d.error })));
      return;
    }
    if (d.error) {
      section.dataset.state = 'error';
      root.append(el('p', { class: 'notice', text: `Not available: ${d.error}` }));
      return;
    }
    section.dataset.state = 'ok';
    section.dataset.count = String(d.count);
    root.append(el('div', { class: 'tiles' },
      el('div', { class: `tile ${d.count > 0 ? 'tile-banned' : 'tile-online'}` },
        el('span', { class: 'tile-num', 'data-testid': 'dead-letters-count', text: String(d.count) }),
        el('span', { class: 'tile-label', text: d.count === 1 ? 'dead letter' : 'dead letters' })),
      el('div', { class: 'tile tile-offline' },
        el('span', { class: 'tile-num', text: bytes(Number(d.bytes)) }),
        el('span', { class: 'tile-label', text: 'stored' }))));
    const recent = Array.isArray(d.recent) ? d.recent.slice(0, DEAD_LETTERS_SHOWN) : [];
    if (recent.length === 0) {
      root.append(el('p', { class: 'empty', text: 'None: every webhook so far was read.' }));
      return;
    }
    const list = el('ul', { class: 'dead-list' });
    for (const letter of recent) {
      list.append(el('li', { 'data-id': String(letter.id) },
        el('div', { class: 'dead-head' },
          el('span', { class: 'mono', text: letter.path || '' }),
          el('span', { class: 'muted', text: dateTime(letter.received_time) })),
        el('div', { class: 'dead-reason', text: letter.reason || '' }),
        el('code', { class: 'dead-body', text: `${letter.body || ''}${letter.truncated ? ' …' : ''}` })));
    }
    root.append(list);
  }

  // ---- Header, feed, footer ----
  function renderHeader() {
    const health = $('health');
    const h = state.health;
    const reasons = $('health-reasons');
    let text = 'checking…';
    let ready = 'unknown';
    if (h && h.unreachable) {
      text = 'Gateway unreachable';
      ready = 'false';
    } else if (h) {
      ready = h.ready ? 'true' : 'false';
      text = h.ready ? 'Ready' : 'Not ready';
    }
    health.dataset.ready = ready;
    health.querySelector('.chip-text').textContent = text;
    const why = h && !h.ready && Array.isArray(h.reasons) ? h.reasons : [];
    reasons.hidden = why.length === 0;
    reasons.textContent = why.length ? `Not ready: ${why.join('; ')}` : '';
    health.title = why.length ? `Not ready: ${why.join('; ')}` : 'The gateway is ready: the platform answers and the event store takes writes';

    const connection = $('connection');
    const states = state.streams.map((s) => s.state);
    let value = 'connecting';
    if (states.length && states.every((s) => s === 'live')) value = 'live';
    else if (states.includes('reconnecting')) value = 'reconnecting';
    connection.dataset.state = value;
    connection.querySelector('.chip-text').textContent =
      value === 'live' ? 'Live' : value === 'reconnecting' ? 'Reconnecting…' : 'Connecting…';
    $('caller').textContent = state.session ? state.session.caller : '–';
    $('latest-cursor').textContent = latestCursor || '–';
  }

  function renderFeed() {
    const list = $('feed');
    // New lines arrive newest first in state.feed; dirty.feed holds them oldest first.
    const fragment = document.createDocumentFragment();
    const fresh = dirty.feed.slice(-MAX_FEED).reverse();
    for (const line of fresh) {
      fragment.append(el('li', { class: `feed-line feed-${line.kind}`, 'data-cursor': line.cursor },
        el('span', { class: 'feed-time', text: shortTime(line.time) }),
        el('span', { class: 'feed-text', text: line.text })));
    }
    list.prepend(fragment);
    while (list.children.length > MAX_FEED) list.lastElementChild.remove();
    dirty.feed = [];
  }

  function renderStats() {
    const tasks = state.streams[0];
    const accounts = state.streams[1];
    if (!tasks) return;
    $('applied-events').textContent = String(tasks.applied);
    $('duplicates-ignored').textContent = String(tasks.duplicates + (accounts ? accounts.duplicates : 0));
    const stats = $('stream-stats');
    // For the browser tests: the task stream's applied range, to check it has no gap.
    stats.dataset.firstCursor = tasks.firstApplied || '';
    stats.dataset.lastCursor = tasks.lastApplied || '';
    stats.dataset.lastEventId = tasks.lastSeenId || '';
    stats.dataset.accountEvents = String(accounts ? accounts.applied : 0);
    const h = state.health;
    $('footer-version').textContent = h && h.version
      ? `gateway ${h.version} · event store: ${h.store || '?'}` : '';
  }

  function render() {
    renderTimer = null;
    if (dirty.header) renderHeader();
    for (const id of dirty.tasks) renderTask(id);
    if (dirty.tasks.size) {
      $('task-count').textContent = String(state.tasks.size);
      $('tasks-empty').hidden = state.tasks.size > 0;
    }
    if (dirty.details) renderDetails();
    if (dirty.accounts) renderAccounts();
    if (dirty.dead) renderDeadLetters();
    if (dirty.feed.length) renderFeed();
    if (dirty.stats) renderStats();
    dirty.tasks.clear();
    dirty.header = dirty.details = dirty.accounts = dirty.dead = dirty.stats = false;
  }

  // ---- Session ----
  function showLogin(message) {
    $('dashboard-view').hidden = true;
    $('status-strip').hidden = true;
    $('footer').hidden = true;
    $('health-reasons').hidden = true;
    $('login-view').hidden = false;
    const error = $('login-error');
    error.hidden = !message;
    error.textContent = message || '';
    $('login-key').focus();
  }

  async function signIn(key) {
    let answer;
    try {
      answer = await api('POST', '/api/session', { key });
    } catch (error) {
      showLogin(`The gateway did not answer: ${error.message}`);
      return;
    }
    if (answer.status === 200 && answer.body) {
      enter(answer.body);
    } else {
      showLogin(`Sign-in refused: ${errorText(answer)}`);
    }
  }

  function enter(session) {
    state.session = session;
    $('login-view').hidden = true;
    $('login-error').hidden = true;
    $('login-key').value = '';
    $('dashboard-view').hidden = false;
    $('status-strip').hidden = false;
    $('footer').hidden = false;
    const tasks = new Stream('Task', '/api/tasks/events', 'task', applyTaskMessage);
    const accounts = new Stream('Account', '/api/accounts/events', 'accounts', applyAccountsMessage);
    state.streams = [tasks, accounts];
    tasks.open(null);
    accounts.open(null);
    pollHealth();
    pollDeadLetters();
    state.polls = [setInterval(pollHealth, POLL_MS), setInterval(pollDeadLetters, POLL_MS)];
    dirty.header = dirty.stats = dirty.accounts = dirty.dead = true;
    scheduleRender();
  }

  /** Stops everything the dashboard runs and forgets what it showed. */
  function leave() {
    for (const stream of state.streams) stream.stop();
    for (const poll of state.polls) clearInterval(poll);
    state.streams = [];
    state.polls = [];
    state.session = null;
    state.tasks.clear();
    state.selected = null;
    state.accounts.clear();
    state.feed = [];
    for (const card of cards.values()) card.remove();
    cards.clear();
    clear($('feed'));
    latestCursor = null;
  }

  async function sessionStillValid() {
    try {
      const answer = await api('GET', '/api/session');
      if (answer.status === 401) {
        sessionEnded();
        return false;
      }
    } catch (_) {
      // The gateway is away: keep trying to reconnect.
    }
    return true;
  }

  function sessionEnded() {
    if (!state.session) return;
    leave();
    showLogin('Your session has ended (the gateway restarted or the key was revoked): sign in again.');
  }

  async function signOut() {
    leave();
    try {
      await api('DELETE', '/api/session');
    } catch (_) {
      // Nothing to do: the cookie is gone with the session either way.
    }
    showLogin(null);
  }

  async function start() {
    $('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('login-key').value.trim();
      if (key) signIn(key);
    });
    $('sign-out').addEventListener('click', signOut);
    $('details-close').addEventListener('click', () => {
      const previous = state.selected;
      state.selected = null;
      dirty.details = true;
      if (previous) dirty.tasks.add(previous.id);
      scheduleRender();
    });
    // The demo's link carries the key in the fragment (never sent to a server): take it, then
    // drop it from the address bar and the history.
    const key = new URLSearchParams(location.hash.replace(/^#/, '')).get('key');
    if (key) {
      history.replaceState(null, '', location.pathname + location.search);
      await signIn(key);
      return;
    }
    let answer;
    try {
      answer = await api('GET', '/api/session');
    } catch (error) {
      showLogin(`The gateway did not answer: ${error.message}`);
      return;
    }
    if (answer.status === 200 && answer.body) enter(answer.body);
    else showLogin(null);
  }

  document.addEventListener('DOMContentLoaded', start);
})();
