/*
 * status.js: the live status page. Polls GET /bypass/status every second and shows the current
 * mode, why, the override, the last probe, and the recent transitions as an SVG strip chart
 * (online and offline bands over time) with a text summary and a table as its equivalent.
 */
'use strict';

(function () {
  const POLL_MS = 1000;
  const TIMEOUT_MS = 2500;
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);
  let last = null;         // the last answer
  let lastOkAt = 0;        // when it arrived (browser clock)
  let failingSince = 0;

  // Writes only on change, so that live regions announce changes and not every poll.
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function parseTime(text) {
    const t = Date.parse(text);
    return Number.isFinite(t) ? t : null;
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString('en-GB', {hour12: false});
  }

  function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + ' s';
    const m = Math.floor(s / 60);
    if (m < 60) return m + ' min ' + (s % 60) + ' s';
    const h = Math.floor(m / 60);
    return h + ' h ' + (m % 60) + ' min';
  }

  function describeProbe(probe) {
    if (!probe) return 'none yet';
    let text = probe.outcome + ' in ' + probe.latency_ms + ' ms';
    if (probe.http_status !== undefined) text += ', HTTP ' + probe.http_status;
    if (probe.detail) text += ' (' + probe.detail + ')';
    return text;
  }

  function describeFleet(fleet) {
    if (!fleet) return 'not reported';
    const parts = ['store: ' + fleet.store];
    if (fleet.leader !== undefined) parts.push(fleet.leader ? 'this instance probes (leader)' :
      'another instance probes');
    if (fleet.store_reachable === false) parts.push('store unreachable');
    if (fleet.probing_alone) parts.push('probing on its own');
    return parts.join(', ');
  }

  function render(status) {
    const mode = String(status.mode || 'unknown');
    const big = $('mode');
    setText(big, mode);
    big.dataset.mode = mode;
    setText($('mode-explained'), mode === 'online'
      ? 'Captchas are checked by the GeeTest cloud.'
      : mode === 'offline'
        ? 'The cloud is unavailable: captchas are checked locally (policy ' +
          (status.offline_policy || '?') + ').'
        : mode === 'per-request' ? 'Failback mode: each request decides on its own.' : '');
    const since = parseTime(status.since);
    setText($('since'), since === null ? '\u2013'
      : clock(since) + ' (' + duration(Date.now() - since) + ' ago)');
    setText($('cause'), status.cause || '\u2013');
    setText($('override'), status.override === undefined ? '\u2013'
      : status.override === 'auto' ? 'auto (no override: the probes decide)' : status.override);
    setText($('cloud'), status.cloud || '\u2013');
    setText($('probe'), status.last_probe === undefined ? '\u2013' : describeProbe(status.last_probe));
    setText($('policy'), status.offline_policy || '\u2013');
    setText($('fleet'), describeFleet(status.fleet));
    renderTimeline(status);
  }

  // The mode's history within [start, end] as bands {from, to, mode}.
  function bands(status, start, end) {
    const transitions = (status.transitions || [])
      .map((t) => ({at: parseTime(t.at), from: t.from, to: t.to, cause: t.cause}))
      .filter((t) => t.at !== null)
      .sort((a, b) => a.at - b.at);
    let mode = transitions.length ? transitions[0].from : status.mode;
    for (const t of transitions) if (t.at <= start) mode = t.to;
    const result = [];
    // Nothing is known before the service started: the chart begins there.
    const started = parseTime(status.started_at);
    let from = started !== null && started > start ? Math.min(started, end) : start;
    for (const t of transitions) {
      if (t.at <= start) continue;
      const at = Math.min(t.at, end);
      if (at > from) result.push({from, to: at, mode});
      from = at;
      mode = t.to;
    }
    if (end > from) result.push({from, to: end, mode: status.mode || mode});
    return {bands: result, transitions};
  }

  function svgEl(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderTimeline(status) {
    const chart = $('chart');
    const windowMs = Number($('window').value) * 1000;
    const end = Date.now();
    const start = end - windowMs;
    const width = Math.max(280, Math.round(chart.getBoundingClientRect().width) || 720);
    const height = 84;
    const left = 8, right = width - 8, top = 8, bandHeight = 40, axisY = top + bandHeight + 6;
    const x = (t) => left + ((t - start) / windowMs) * (right - left);
    chart.setAttribute('viewBox', '0 0 ' + width + ' ' + height);

    for (const node of Array.from(chart.childNodes)) {
      if (node.nodeName !== 'title' && node.nodeName !== 'desc') node.remove();
    }
    if (!Array.isArray(status.transitions) || status.mode === 'per-request') {
      chart.appendChild(svgEl('text', {x: left, y: top + 24, class: 'lane'},
        'No timeline: this service keeps no status (failback mode).'));
      setText($('chart-desc'), 'No timeline: this service keeps no status.');
      setText($('chart-summary'), '');
      renderTable([]);
      return;
    }
    const history = bands(status, start, end);
    const totals = {};
    for (const band of history.bands) {
      chart.appendChild(svgEl('rect', {
        x: x(band.from).toFixed(1), y: top, height: bandHeight,
        width: Math.max(0.5, x(band.to) - x(band.from)).toFixed(1),
        class: 'band-' + (band.mode === 'online' || band.mode === 'offline' ? band.mode : 'unknown'),
      }));
      totals[band.mode] = (totals[band.mode] || 0) + (band.to - band.from);
    }
    const inWindow = history.transitions.filter((t) => t.at > start && t.at <= end);
    for (const t of inWindow) {
      chart.appendChild(svgEl('line', {x1: x(t.at), x2: x(t.at), y1: top - 4,
        y2: top + bandHeight + 4, class: 'transition'}));
    }
    chart.appendChild(svgEl('line', {x1: left, x2: right, y1: axisY, y2: axisY, class: 'axis'}));
    const ticks = 5;
    for (let i = 0; i <= ticks; i++) {
      const t = start + (windowMs * i) / ticks;
      const ago = end - t;
      const label = i === ticks ? 'now' : '\u2212' + (windowMs >= 120000
        ? Math.round(ago / 60000) + ' min' : Math.round(ago / 1000) + ' s');
      const group = svgEl('g', {class: 'tick'});
      group.appendChild(svgEl('line', {x1: x(t), x2: x(t), y1: axisY, y2: axisY + 5}));
      const labelled = width >= 480 || i % 2 === 0 || i === ticks;  // no overlap on phones
      if (labelled) {
        group.appendChild(svgEl('text', {x: x(t), y: axisY + 20,
          'text-anchor': i === 0 ? 'start' : i === ticks ? 'end' : 'middle'}, label));
      }
      chart.appendChild(group);
    }

    const windowName = $('window').selectedOptions[0].textContent;
    const parts = Object.keys(totals).map((mode) => mode + ' for ' + duration(totals[mode]));
    const switches = inWindow.length === 1 ? '1 switch' : inWindow.length + ' switches';
    const summary = 'In the ' + windowName + ': ' + parts.join(', ') + '; ' + switches + '.';
    const steps = inWindow.map((t) => t.from + ' to ' + t.to + ' at ' + clock(t.at)).join('; ');
    setText($('chart-summary'), summary);
    setText($('chart-desc'), summary + (steps ? ' ' + steps + '.' : ''));
    renderTable(history.transitions);
  }

  function renderTable(transitions) {
    const body = $('transitions');
    const key = JSON.stringify(transitions.map((t) => [t.at, t.to])) + Math.floor(Date.now() / 1000);
    if (body.dataset.key === key) return;
    body.dataset.key = key;
    body.textContent = '';
    if (!transitions.length) {
      const row = body.insertRow();
      const cell = row.insertCell();
      cell.colSpan = 4;
      cell.textContent = 'None yet.';
      return;
    }
    for (const t of transitions.slice().reverse()) {
      const row = body.insertRow();
      row.className = 'transition-row';
      row.insertCell().textContent = clock(t.at) + ' (' + duration(Date.now() - t.at) + ' ago)';
      row.insertCell().textContent = t.from;
      const to = row.insertCell();
      to.textContent = t.to;
      to.className = 'to-' + t.to;
      const cause = row.insertCell();
      cause.textContent = t.cause || '';
      cause.className = 'cause';
    }
  }

  function renderConnection(ok, problem) {
    const line = $('connection');
    line.dataset.ok = String(ok);
    if (ok) {
      setText(line, 'Updated at ' + clock(lastOkAt) + '.');
    } else {
      setText(line, 'Cannot reach the service since ' + clock(failingSince) + ' (' + problem +
        '); retrying every second. The figures above are from ' +
        (lastOkAt ? clock(lastOkAt) : 'never') + '.');
    }
  }

  async function poll() {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      const response = await fetch('/bypass/status', {cache: 'no-store', signal: abort.signal});
      if (!response.ok) throw new Error('HTTP ' + response.status);
      last = await response.json();
      lastOkAt = Date.now();
      failingSince = 0;
      render(last);
      renderConnection(true);
    } catch (error) {
      if (!failingSince) failingSince = Date.now();
      renderConnection(false, abort.signal.aborted ? 'no answer within ' + TIMEOUT_MS / 1000 + ' s'
        : error.message);
      if (last) renderTimeline(last);
    } finally {
      clearTimeout(timer);
      setTimeout(poll, POLL_MS);
    }
  }

  $('window').addEventListener('change', () => { if (last) renderTimeline(last); });
  window.addEventListener('resize', () => { if (last) renderTimeline(last); });
  poll();
})();
