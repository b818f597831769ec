'use strict';
// The ChillFlow console: plain JavaScript over the JSON API (the only back end). Signed in through the form,
// the browser is authenticated by Liberty's SSO cookie; state-changing calls carry the session's CSRF token.

const state = { session: null, zones: new Map(), charts: {}, timers: [], selected: null, liveZone: null,
  refreshes: 0, drawnRefresh: 0, signingOut: false };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return node;
}

function showError(message) {
  const box = document.getElementById('error');
  box.textContent = message || '';
  box.hidden = !message;
}

async function api(path, options = {}) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'chillflow-console', ...(options.headers || {}) };
  if (options.method && options.method !== 'GET') headers[state.session.csrfHeader] = state.session.csrfToken;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch('api' + path, { ...options, headers, credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  if (response.status === 401) {
    // while the sign-out's form is on its way, a call still in flight gets 401 too: navigating here would cancel the
    // form's own redirect (to the "Signed out." page)
    if (!state.signingOut) location.href = 'login.html';
    throw new Error('signed out');
  }
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error((body && (body.detail || body.title)) || ('HTTP ' + response.status));
    error.status = response.status;
    throw error;
  }
  return body;
}

const can = role => state.session.roles.includes(role);
const fmtTime = t => t ? new Date(t).toLocaleString() : '';
const fmtDuration = ms => ms == null ? '' : ms < 1000 ? ms + ' ms' : ms < 60000 ? (ms / 1000).toFixed(1) + ' s'
  : Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
const zoneName = id => { const z = state.zones.get(Number(id)); return z ? `${z.zoneName} (${z.borough})` : 'zone ' + id; };

// ---- navigation ----
function route() {
  const view = (location.hash || '#jobs').slice(1);
  stopTimers();
  for (const section of document.querySelectorAll('main > section')) section.hidden = section.id !== 'view-' + view;
  for (const link of document.querySelectorAll('header nav a')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  showError('');
  ({ jobs: showJobs, kpis: showKpis, live: showLive, system: showSystem }[view] || showJobs)();
}

function every(ms, fn) {
  fn();
  state.timers.push(setInterval(fn, ms));
}

function stopTimers() {
  state.timers.forEach(clearInterval);
  state.timers = [];
}

// ---- jobs ----
async function showJobs() {
  const catalogue = await api('/jobs');
  const box = document.getElementById('catalogue');
  box.replaceChildren();
  if (can('operator')) {
    const files = await api('/jobs/input-files').catch(() => []);
    for (const job of catalogue) box.append(jobCard(job, files));
  }
  state.jobNames = catalogue.map(j => j.name);
  every(3000, refreshExecutions);
  refreshSchedules();
}

async function refreshSchedules() {
  try {
    const schedules = await api('/schedules');
    document.querySelector('#schedules tbody').replaceChildren(...schedules.map(s => el('tr', { 'data-schedule': s.name },
      el('td', {}, s.name), el('td', {}, s.job + (Object.keys(s.parameters || {}).length ? ' ' + Object.entries(s.parameters).map(([k, v]) => `${k}=${v}`).join(',') : '')),
      el('td', {}, s.every + (s.offset ? ' +' + s.offset : '')), el('td', {}, s.nextFireAt || ''),
      el('td', {}, (s.lastFiredAt || '') + (s.lastError ? ' — ' + s.lastError : '')), el('td', {}, s.lastExecutionId == null ? '' : String(s.lastExecutionId)),
      el('td', {}, can('operator')
        ? el('input', { type: 'checkbox', 'aria-label': 'enabled ' + s.name, checked: s.enabled, onchange: async e => {
            try { await api('/schedules/' + s.name, { method: 'PUT', body: { enabled: e.target.checked } }); } catch (err) { showError(err.message); }
            refreshSchedules();
          } })
        : (s.enabled ? 'yes' : 'no')))));
  } catch (e) { showError('schedules: ' + e.message); }
}

function jobCard(job, files) {
  const form = el('form', { class: 'card', 'data-job': job.name });
  form.append(el('h4', {}, job.name), el('p', {}, job.description));
  for (const p of job.parameters.filter(p => !p.name.startsWith('fail'))) {
    const id = `p-${job.name}-${p.name}`;
    let input;
    if (p.file && files.length) {
      input = el('select', { id, name: p.name }, el('option', { value: '' }, p.required ? 'choose a file' : '(default)'),
        files.map(f => el('option', { value: f }, f)));
    } else {
      input = el('input', { id, name: p.name, placeholder: p.name === 'month' ? 'YYYY-MM' : '' });
    }
    if (p.required) input.required = true;
    form.append(el('label', { for: id, title: p.description }, p.name + (p.required ? ' *' : '')), input);
  }
  form.append(el('button', { type: 'submit', 'data-start': job.name }, 'Start ' + job.name));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const parameters = {};
    for (const [k, v] of new FormData(form).entries()) if (v) parameters[k] = v;
    try {
      const started = await api(`/jobs/${job.name}/executions`, { method: 'POST', body: parameters });
      state.selected = started.executionId;
      showError('');
      refreshExecutions();
    } catch (e) { showError(`${job.name}: ${e.message}`); }
  });
  return form;
}

/** An execution that ended without completing: its bar shows where it stopped, in the failed colour. */
const ENDED_UNFINISHED = ['FAILED', 'STOPPED', 'ABANDONED'];

function progressOf(execution) {
  if (execution.batchStatus === 'COMPLETED') return 100;
  if (ENDED_UNFINISHED.includes(execution.batchStatus)) {
    const steps = execution.steps || [];
    const done = steps.filter(s => s.batchStatus === 'COMPLETED').length;
    return steps.length ? Math.min(99, Math.round(100 * done / steps.length)) : 0;
  }
  const steps = execution.steps || [];
  const known = steps.filter(s => s.percent != null);
  if (known.length) return Math.round(known.reduce((a, s) => a + s.percent, 0) / known.length);
  return steps.length ? Math.round(100 * steps.filter(s => s.batchStatus === 'COMPLETED').length / (steps.length + 1)) : 0;
}

async function refreshExecutions() {
  const refresh = ++state.refreshes;
  try {
    // the selected execution is read before the lists: a status only moves forward, so the list drawn beside the
    // detail is at least as new as the detail, and the two never disagree (COMPLETED above, STARTED below)
    const selected = state.selected;
    let detail = null;
    if (selected) {
      try { detail = await api('/jobs/executions/' + selected); } catch (e) { showError(e.message); }
    }
    const lists = await Promise.all(state.jobNames.map(name => api(`/jobs/${name}/executions?limit=10`)));
    // executions left running by a server that is gone (the API checks whether their server answers)
    state.stale = new Set((await api('/jobs/stale').catch(() => [])).map(s => s.executionId));
    // refreshes overlap (the timer, a start, a click): never draw answers older than those already on the page
    if (refresh < state.drawnRefresh) return;
    state.drawnRefresh = refresh;
    const all = lists.flat().sort((a, b) => b.executionId - a.executionId).slice(0, 25);
    all.forEach(x => { x.stale = state.stale.has(x.executionId); });
    const body = document.querySelector('#executions tbody');
    body.replaceChildren(...all.map(x => el('tr', { 'data-execution': x.executionId },
      el('td', {}, String(x.executionId)), el('td', {}, x.jobName),
      el('td', { class: 'status-' + x.batchStatus }, x.batchStatus + (x.stale ? ' (server gone)' : '')),
      el('td', {}, x.exitStatus || ''), el('td', {}, fmtTime(x.startTime)), el('td', {}, fmtDuration(x.durationMs)),
      el('td', {}, el('progress', { max: 100, value: progressOf(x), 'aria-label': 'progress',
        class: ENDED_UNFINISHED.includes(x.batchStatus) ? 'unfinished' : '' }), ' ' + progressOf(x) + ' %'),
      el('td', {}, el('button', { class: 'secondary', onclick: () => { state.selected = x.executionId; refreshExecutions(); } }, 'Details')))));
    if (detail && selected === state.selected) drawExecution(detail);
  } catch (e) { showError(e.message); }
}

/** Draws one execution's detail; synchronous, so the list and the detail of one refresh appear together. */
function drawExecution(x) {
  const box = document.getElementById('execution-detail');
  const actions = [];
  const stale = state.stale && state.stale.has(x.executionId);
  if (can('operator') && stale) {
    actions.push(el('button', { id: 'mark-failed', onclick: () => act(`/jobs/executions/${x.executionId}/mark-failed`) },
      'Mark FAILED (its server is gone)'));
  } else if (can('operator') && ['STARTED', 'STARTING'].includes(x.batchStatus)) {
    actions.push(el('button', { onclick: () => act(`/jobs/executions/${x.executionId}/stop`) }, 'Stop'));
  }
  if (can('operator') && ['FAILED', 'STOPPED'].includes(x.batchStatus)) {
    actions.push(el('button', { onclick: () => act(`/jobs/executions/${x.executionId}/restart`, true) }, 'Restart'));
  }
  const steps = el('table', { id: 'steps' }, el('thead', {}, el('tr', {}, ['Step', 'Status', 'Read', 'Written', 'Filtered',
    'Skipped', 'Commits', 'Rollbacks', 'Duration'].map(h => el('th', {}, h)))),
    el('tbody', {}, (x.steps || []).map(s => el('tr', { 'data-step': s.stepName }, el('td', {}, s.stepName),
      el('td', { class: 'status-' + s.batchStatus }, s.batchStatus),
      ['readCount', 'writeCount', 'filterCount', 'processSkipCount', 'commitCount', 'rollbackCount']
        .map(m => el('td', { 'data-metric': m }, String(m === 'processSkipCount'
          ? (s.metrics.readSkipCount || 0) + (s.metrics.processSkipCount || 0) + (s.metrics.writeSkipCount || 0)
          : (s.metrics[m] ?? '')))),
      el('td', {}, s.startTime && s.endTime ? fmtDuration(new Date(s.endTime) - new Date(s.startTime)) : '')))));
  const parts = [el('h3', {}, `Execution ${x.executionId}: ${x.jobName} `, el('span', { class: 'status-' + x.batchStatus, id: 'detail-status' }, x.batchStatus),
      stale ? el('span', { class: 'pill down', id: 'detail-stale' }, 'server gone') : ''),
    el('div', { class: 'kv' }, el('span', {}, 'Exit status'), el('span', {}, x.exitStatus || ''),
      el('span', {}, 'Parameters'), el('span', {}, Object.entries(x.parameters || {}).map(([k, v]) => `${k}=${v}`).join(', ')),
      el('span', {}, 'Started / ended'), el('span', {}, `${fmtTime(x.startTime)} / ${fmtTime(x.endTime)}`)),
    el('div', { class: 'row' }, actions), el('div', { class: 'scroll' }, steps)];
  if (x.dqReport) {
    const r = x.dqReport;
    const rules = (id, title, byCode) => Object.keys(byCode || {}).length === 0 ? '' :
      el('table', { id }, el('caption', {}, title), el('tbody', {}, Object.entries(byCode).map(([k, v]) =>
        el('tr', { 'data-rule': k }, el('td', {}, k), el('td', {}, v.toLocaleString()), el('td', {}, (r.meanings || {})[k] || '')))));
    // retentionRate is already a percentage (rows out / rows in x 100)
    parts.push(el('h4', {}, 'Data-quality report'), el('p', { id: 'dq' },
      `${r.rowsIn.toLocaleString()} rows in, ${r.rowsOut.toLocaleString()} curated, ${r.rejected.toLocaleString()} rejected (retention ${Number(r.retentionRate).toFixed(2)} %)`),
      rules('dq-rejects', 'Rejected (rows left out)', r.rejectedBy),
      rules('dq-flags', 'Flagged (rows kept, marked)', r.flaggedBy));
  }
  const log = el('pre', { id: 'job-log', class: 'log' }, '');
  const logBox = el('details', { id: 'job-log-box' }, el('summary', {}, 'Job log (last 200 lines)'), log);
  logBox.open = state.logOpen === x.executionId;
  logBox.addEventListener('toggle', () => { state.logOpen = logBox.open ? x.executionId : null; if (logBox.open) loadLog(x.executionId, log); });
  if (logBox.open) loadLog(x.executionId, log);
  parts.push(logBox);
  box.replaceChildren(...parts);
}

async function loadLog(id, pre) {
  const response = await fetch(`api/jobs/executions/${id}/log?lines=200`, { headers: { Accept: 'text/plain', 'X-Requested-With': 'chillflow-console' } });
  pre.textContent = response.ok ? await response.text() : (response.status === 404 ? 'no job log yet' : 'HTTP ' + response.status);
}

async function act(path, follow) {
  try {
    const result = await api(path, { method: 'POST' });
    if (follow && result && result.executionId) state.selected = result.executionId;
    refreshExecutions();
  } catch (e) { showError(e.message); }
}

// ---- KPIs ----
async function showKpis() {
  const month = document.getElementById('kpi-month');
  const zone = document.getElementById('kpi-zone');
  if (!zone.options.length) {
    zone.append(...[...state.zones.values()].map(z => el('option', { value: z.zoneId }, `${z.zoneId} ${z.zoneName} (${z.borough})`)));
    zone.value = '161';
  }
  if (!month.value) {
    const status = await api('/kpis/status').catch(() => null);
    const hwm = status && (status.maxHour || status.highWaterMark);
    month.value = hwm ? String(hwm).slice(0, 7) : '2025-02';
  }
  document.getElementById('kpi-form').onsubmit = event => { event.preventDefault(); drawKpis(); };
  drawKpis();
}

function chart(id, type, labels, label, data) {
  if (state.charts[id]) state.charts[id].destroy();
  // straight segments and an axis from zero: no curve may dip below zero between two hours (revenue, trips, speed)
  state.charts[id] = new Chart(document.getElementById(id), { type, data: { labels, datasets: [{ label, data, tension: 0 }] },
    options: { animation: false, responsive: true, plugins: { legend: { display: false } }, scales: { y: { min: 0 } } } });
}

async function drawKpis() {
  const month = document.getElementById('kpi-month').value;
  const zone = document.getElementById('kpi-zone').value;
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  document.getElementById('kpi-export').href = `api/kpis/export?month=${month}&format=csv`;
  try {
    const summary = await api('/kpis/summary?month=' + month);
    document.getElementById('kpi-summary').replaceChildren(el('p', { id: 'kpi-totals' },
      `${month}: ${Number(summary.trips).toLocaleString()} trips in ${summary.zones} zones; average fare ${summary.avgFare} USD, tip ${summary.avgTip} USD, card ${summary.pctCard} %, speed outliers ${summary.outlierRate === null ? 'n/a' : Number(summary.outlierRate).toFixed(2) + ' %'}.`));
    const page = await api(`/kpis/zones/hourly?zone=${zone}&from=${month}-01&to=${next}-01&size=1000`);
    const rows = page.items;
    const labels = rows.map(r => r.hour.replace('T', ' ').slice(5, 16));
    chart('chart-trips', 'bar', labels, 'trips', rows.map(r => r.trips));
    chart('chart-revenue', 'line', labels, 'USD', rows.map(r => r.trips * Number(r.avgFare)));
    chart('chart-speed', 'line', labels, 'km/h', rows.map(r => Number(r.avgSpeedKmh)));
    // an hour with too few trips to judge has no rate: a gap, not a zero
    chart('chart-outliers', 'bar', labels, '%', rows.map(r => r.outlierRate === null ? null : Number(r.outlierRate)));
    document.querySelector('#view-kpis figcaption').textContent = `Trips per hour — ${zoneName(zone)}` + (rows.length ? '' : ' (no trips)');
    const boroughs = await api(`/kpis/daily?by=borough&from=${month}-01&to=${next}-01`);
    const totals = {};
    for (const r of boroughs) totals[r.borough] = (totals[r.borough] || 0) + Number(r.trips);
    chart('chart-boroughs', 'bar', Object.keys(totals), 'trips', Object.values(totals));
  } catch (e) { showError('KPIs: ' + e.message); }
}

// ---- live zone windows ----
function showLive() {
  document.getElementById('live-form').onchange = () => refreshLive();
  every(5000, refreshLive);
}

async function refreshLive() {
  const window = document.getElementById('live-window').value;
  const metric = document.getElementById('live-metric').value;
  const box = document.getElementById('live-top');
  try {
    const top = await api(`/metrics/regions/top?window=${window}&metric=${metric}&limit=10`);
    box.replaceChildren(el('p', {}, `Window ${top.windowStart} – ${top.windowEnd}` + (top.allFinal ? ' (final)' : ' (open: running values)')),
      el('div', { class: 'scroll' }, el('table', { id: 'live-table' }, el('thead', {}, el('tr', {}, ['Zone', 'Trips', 'Avg fare', 'Distance (km)',
        'Avg duration (s)', 'p50', 'p95', ''].map(h => el('th', {}, h)))),
        el('tbody', {}, top.regions.map(r => el('tr', {}, el('td', {}, zoneName(r.regionId)), el('td', {}, String(r.tripCount)),
          el('td', {}, r.avgFare.toFixed(2)), el('td', {}, r.totalDistance.toFixed(1)), el('td', {}, r.avgDuration.toFixed(0)),
          el('td', {}, String(r.p50Duration)), el('td', {}, String(r.p95Duration)),
          el('td', {}, el('button', { class: 'secondary', onclick: () => { state.liveZone = r.regionId; refreshLive(); } }, 'Timeline'))))))));
    const zone = state.liveZone || (top.regions[0] && top.regions[0].regionId);
    if (zone) {
      const timeline = await api(`/metrics/timeline/${zone}?hours=24&window=${window}`);
      document.getElementById('live-timeline-caption').textContent = `Timeline — ${zoneName(zone)}, ${window} windows, trips`;
      chart('chart-timeline', 'bar', timeline.windows.map(w => w.windowStart.slice(5, 16).replace('T', ' ')), 'trips',
        timeline.windows.map(w => w.tripCount));
    }
  } catch (e) {
    box.replaceChildren(el('p', {}, e.status === 404 ? 'No zone windows yet: replay a StreamPulse file or stream a month.' : e.message));
  }
}

// ---- stream and system ----
function showSystem() {
  every(5000, async () => {
    try {
      const s = await api('/stream/status');
      document.getElementById('stream-status').replaceChildren(el('h3', {}, 'Stream'), el('div', { class: 'kv', id: 'stream-kv' },
        el('span', {}, 'Consumer lag (trip-events)'), el('span', {}, String(s.totalLag)),
        el('span', {}, 'Partial trips in Redis'), el('span', {}, String(s.partialTrips)),
        el('span', {}, 'Trips completed'), el('span', {}, `${s.tripsCompleted} (${s.tripsCompletedPerSecond.toFixed(1)}/s last minute)`),
        el('span', {}, 'Stream rows in stg.complete_trip'), el('span', {}, String(s.streamRowsInTable)),
        el('span', {}, 'Dead letters by reason'), el('span', {}, Object.entries(s.deadLettersByReason).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none')));
    } catch (e) { showError('stream: ' + e.message); }
    const health = await fetch('health').then(r => r.json()).catch(() => null);
    const info = await api('/system').catch(() => null);
    document.getElementById('health').replaceChildren(el('h3', {}, 'Health'),
      el('p', {}, (health ? health.checks : []).map(c => el('span', { class: 'pill ' + (c.status === 'UP' ? 'up' : 'down') }, `${c.name} ${c.status}`)).flatMap(p => [p, ' '])),
      info ? el('div', { class: 'kv' }, Object.entries(info).map(([k, v]) => [el('span', {}, k), el('span', {}, String(v))]).flat()) : '');
  });
}

// ---- start ----
(async function start() {
  document.getElementById('logout').form.addEventListener('submit', () => {
    state.signingOut = true;
    stopTimers();
  });
  try {
    state.session = await api('/session');
  } catch (e) { return; }
  document.getElementById('who').textContent = `${state.session.user} (${state.session.roles.join(', ')})`;
  const zones = await api('/zones').catch(() => []);
  for (const z of zones) state.zones.set(z.zoneId, z);
  window.addEventListener('hashchange', route);
  route();
})();
