/*
 * The run console: a page of the coordinator that reads its public JSON API with the user's bearer token (ADR 0012).
 * The token comes from a link's fragment (#token=..., which never reaches a server or a log; ./fleet prints such a
 * link locally) or is pasted, and stays in this tab's session storage. Routes: #/runs, #/runs/<id>, #/definitions,
 * #/definitions/<name>, #/dead-letters. Everything from the API is put in the page as text, never as markup.
 */
'use strict';

const Console = (() => {
  const KEY = 'agentfleet.token';
  const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
  const STATUSES = ['RUNNING', 'PAUSED', 'COMPENSATING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
  let page = new AbortController(); // aborted when the route changes: stops the page's live stream

  // ---- elements ----------------------------------------------------------------------------------------------------

  function h(tag, attributes, ...children) {
    const e = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([k, v]) => {
      if (k.startsWith('on')) {
        e.addEventListener(k.slice(2), v);
      } else if (v !== undefined && v !== null && v !== false) {
        e.setAttribute(k, v === true ? '' : v);
      }
    });
    children.flat(Infinity).forEach(c => e.append(c instanceof Node ? c : document.createTextNode(c === undefined || c === null ? '' : String(c))));
    return e;
  }

  const status = s => h('span', { class: `status s-${s}`, 'data-status': s }, s);
  const json = v => h('pre', {}, JSON.stringify(v, null, 2));
  const when = iso => iso ? new Date(iso).toLocaleString() : '';

  function show(...nodes) {
    document.getElementById('view').replaceChildren(...nodes.flat(Infinity).filter(n => n !== ''));
  }

  function problem(e) {
    return h('div', { class: 'problem', role: 'alert' }, e.message);
  }

  // ---- the token and the API ---------------------------------------------------------------------------------------

  function token() {
    return sessionStorage.getItem(KEY);
  }

  /** The token's claims (for showing what the roles allow; the API decides). */
  function claims() {
    try {
      const part = token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part));
    } catch (e) {
      return {};
    }
  }

  const hasRole = role => (claims().groups || []).includes(role);

  async function api(method, path, body) {
    const headers = { Authorization: `Bearer ${token()}`, Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    // a page left while its data loads must not draw over the next one: its requests end with the page
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: page.signal });
    if (response.status === 401) {
      sessionStorage.removeItem(KEY);
      route();
      throw new Error('The token was refused (expired or not for this coordinator); sign in again.');
    }
    const text = await response.text();
    const answer = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const fields = (answer.errors || []).map(e => `${e.field}: ${e.message}`).join('; ');
      throw new Error(`${response.status} ${answer.title || ''}: ${answer.detail || ''}${fields ? ` (${fields})` : ''}`);
    }
    return answer;
  }

  /**
   * Follows a run's history stream (server-sent events, read with fetch so the token goes in a header); calls onEntry
   * for each entry, reconnecting after the last id until the run finishes or the page changes.
   */
  async function follow(runId, onEntry, onState) {
    const signal = page.signal;
    let lastId = null;
    while (!signal.aborted) {
      let finished = false;
      try {
        const headers = { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' };
        if (lastId) {
          headers['Last-Event-ID'] = lastId;
        }
        const response = await fetch(`/workflows/runs/${encodeURIComponent(runId)}/stream`, { headers, signal });
        if (!response.ok) {
          onState(`live updates refused (${response.status})`);
          return;
        }
        onState('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            break;
          }
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
            const id = block.split('\n').find(l => l.startsWith('id:'));
            if (id) {
              lastId = id.slice(3).trim();
            }
            if (data) {
              const entry = JSON.parse(data);
              finished = !entry.step && entry.from !== entry.to && FINAL.has(entry.to); // a redrive goes on after an end
              onEntry(entry);
            }
          }
        }
      } catch (e) {
        if (signal.aborted) {
          return;
        }
        onState('reconnecting…');
        await new Promise(r => setTimeout(r, 1000));
      }
      if (finished) {
        onState('finished');
        return;
      }
    }
  }

  // ---- pages -------------------------------------------------------------------------------------------------------

  async function runsPage(query) {
    const filters = h('form', { class: 'filters', id: 'run-filters' },
      h('label', {}, 'Workflow', h('input', { name: 'workflow', value: query.get('workflow') || '' })),
      h('label', {}, 'Status', h('select', { name: 'status' }, h('option', { value: '' }, 'any'),
        STATUSES.map(s => h('option', { value: s, selected: query.get('status') === s }, s)))),
      h('label', {}, 'Started by', h('input', { name: 'startedBy', value: query.get('startedBy') || '' })),
      h('label', {}, 'Created from', h('input', { name: 'createdFrom', type: 'datetime-local', value: localTime(query.get('createdFrom')) })),
      h('label', {}, 'to', h('input', { name: 'createdTo', type: 'datetime-local', value: localTime(query.get('createdTo')) })),
      h('button', { type: 'submit' }, 'Filter'));
    filters.addEventListener('submit', ev => {
      ev.preventDefault();
      // the time inputs are local times; the API takes instants
      const q = new URLSearchParams([...new FormData(filters)].filter(([, v]) => v)
        .map(([k, v]) => k.startsWith('created') ? [k, new Date(v).toISOString()] : [k, v]));
      location.hash = `#/runs?${q}`;
    });
    const counts = h('div', { class: 'counts', id: 'run-counts' });
    show(h('h1', {}, 'Runs'), counts, filters, h('p', {}, 'Loading…'));
    liveCounts(counts);
    const q = new URLSearchParams([...query].filter(([k]) => ['workflow', 'status', 'startedBy', 'createdFrom', 'createdTo', 'cursor'].includes(k)));
    q.set('limit', '50');
    const list = await api('GET', `/workflows/runs?${q}`);
    const rows = list.runs.map(r => h('tr', { 'data-run': r.id },
      h('td', {}, h('a', { href: `#/runs/${encodeURIComponent(r.id)}` }, r.id)),
      h('td', {}, `${r.workflow} ${r.version}`), h('td', {}, status(r.status)), h('td', {}, when(r.createdAt)),
      h('td', {}, when(r.finishedAt)), h('td', {}, r.startedBy || '')));
    const more = list.next ? h('p', {}, h('a', { id: 'next-page', href: `#/runs?${withCursor(query, list.next)}` }, 'Older runs →')) : '';
    show(h('h1', {}, 'Runs'), counts, filters,
      h('table', { id: 'runs' }, h('thead', {}, h('tr', {}, ['Run', 'Workflow', 'Status', 'Started', 'Finished', 'Started by']
        .map(t => h('th', {}, t)))), h('tbody', {}, rows)),
      list.runs.length ? '' : h('p', { class: 'hint' }, 'No runs match.'), more);
  }

  /** An instant from the address as the value of a datetime-local input (the browser's time zone). */
  function localTime(iso) {
    if (!iso || isNaN(new Date(iso))) {
      return '';
    }
    const d = new Date(iso);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  }

  /**
   * How many retained runs are in each status (GET /workflows/runs/counts, for readers and admins: the counts cover
   * every starter), each a link that filters the list; read again every 5 s while the page is shown.
   */
  async function liveCounts(into) {
    if (!hasRole('workflow-read') && !hasRole('workflow-admin')) {
      return;
    }
    const signal = page.signal;
    while (!signal.aborted) {
      try {
        const counts = await api('GET', '/workflows/runs/counts');
        into.replaceChildren(...STATUSES.map(s => h('a', { href: `#/runs?status=${s}`, class: 'count', 'data-status': s },
          status(s), ' ', h('span', { class: 'n' }, counts[s].toLocaleString()))));
      } catch (e) {
        if (signal.aborted) {
          return;
        }
        into.replaceChildren(problem(e));
      }
      await new Promise(resolve => setTimeout(resolve, 5000));
    }
  }

  function withCursor(query, cursor) {
    const q = new URLSearchParams(query);
    q.set('cursor', cursor);
    return q.toString();
  }

  async function runPage(id) {
    show(h('p', {}, 'Loading…'));
    let view = await api('GET', `/workflows/runs/${encodeURIComponent(id)}`);
    const history = [];
    let selected = null;
    const liveState = h('span', { class: 'live', id: 'live' }, '');
    const dagPanel = h('div', { class: 'panel', id: 'dag' });
    const stepPanel = h('div', { class: 'panel', id: 'step' }, h('p', { class: 'hint' }, 'Select a step.'));
    const timelinePanel = h('div', { class: 'panel', id: 'timeline' });
    const historyBody = h('tbody');
    const header = h('div');
    const outputSection = h('div');
    const kind = s => s.function || (s.workflow ? `workflow ${s.workflow}` : s.waitsFor ? `waits for ${s.waitsFor}` : s.sleeps ? 'sleep' : '');

    function draw() {
      header.replaceChildren(h('h1', {}, `Run ${view.id} `, status(view.status), ' ', liveState),
        h('dl', { class: 'meta' },
          h('dt', {}, 'Workflow'), h('dd', {}, h('a', { href: `#/definitions/${encodeURIComponent(view.workflow)}` }, view.workflow),
            ` version ${view.version}`),
          h('dt', {}, 'Started by'), h('dd', {}, view.startedBy || ''),
          h('dt', {}, 'Trace id'), h('dd', { id: 'trace-id' }, view.traceId || ''),
          view.parent ? [h('dt', {}, 'Parent'), h('dd', {}, h('a', { href: `#/runs/${encodeURIComponent(view.parent.run)}` }, view.parent.run),
            ` step ${view.parent.step}`)] : [],
          view.error ? [h('dt', {}, 'Error'), h('dd', { id: 'run-error' }, json(view.error))] : []),
        actions(view, () => refresh()));
      const steps = view.steps.map(s => ({ id: s.id, status: s.status, kind: kind(s), dependsOn: s.dependsOn }));
      dagPanel.replaceChildren(h('h2', {}, 'Steps'), Graph.dag(steps, selected, s => { selected = s; draw(); }));
      const step = view.steps.find(s => s.id === selected);
      stepPanel.replaceChildren(...(step ? [h('h2', {}, `Step ${step.id}`),
        step.status === 'WAITING' && step.waitsFor && maySignal() ? signalForm(view.id, step, refresh) : '', json(step),
        step.childLink ? h('p', {}, h('a', { href: `#/runs/${encodeURIComponent(step.child)}` }, 'child run')) : ''] : [h('p', { class: 'hint' }, 'Select a step.')]));
      const now = FINAL.has(view.status) && history.length ? Date.parse(history[history.length - 1].at) : Date.now();
      timelinePanel.replaceChildren(h('h2', {}, 'Timeline'), Graph.timeline(history, view.steps.map(s => s.id), now));
      outputSection.replaceChildren(...(view.output !== undefined ? [h('h2', {}, 'Output'), h('div', { class: 'panel', id: 'output' }, json(view.output))] : []));
    }

    let pending = null;
    function refresh() {
      if (pending) {
        return;
      }
      pending = setTimeout(async () => {
        pending = null;
        try {
          view = await api('GET', `/workflows/runs/${encodeURIComponent(id)}`);
          draw();
        } catch (e) {
          liveState.textContent = e.message;
        }
      }, 200);
    }

    draw();
    show(header, h('div', { class: 'columns' }, h('div', {}, dagPanel, timelinePanel), stepPanel),
      h('h2', {}, 'Input'), h('div', { class: 'panel' }, json(view.input)), outputSection,
      h('h2', {}, 'History'), h('table', { id: 'history' }, h('thead', {}, h('tr', {}, ['At', 'Move', 'Step', 'Attempt', 'By', 'Failure']
        .map(t => h('th', {}, t)))), historyBody));
    follow(id, entry => {
      history.push(entry);
      historyBody.append(h('tr', {}, h('td', {}, when(entry.at)), h('td', {}, entry.type), h('td', {}, entry.step || ''),
        h('td', {}, entry.attempt || ''), h('td', {}, entry.by || ''), h('td', {}, entry.failure ? entry.failure.message : '')));
      refresh();
    }, state => { liveState.textContent = state; });
  }

  /**
   * Who may be offered a signal form: workflow-signal and admins, and anyone with a role of their own (a waiting step
   * may name roles that may signal it; the API decides).
   */
  function maySignal() {
    const standard = ['workflow-read', 'workflow-submit', 'workflow-signal', 'workflow-admin'];
    const roles = claims().groups || [];
    return hasRole('workflow-signal') || hasRole('workflow-admin') || roles.some(r => !standard.includes(r));
  }

  const signalForms = new Map(); // kept across redraws (the page redraws as entries arrive): what was typed stays
  /** Sends the signal a waiting step waits for, with a JSON payload (POST .../signals/{name}). */
  function signalForm(runId, step, after) {
    const key = `${runId}/${step.id}`;
    if (signalForms.has(key)) {
      return signalForms.get(key);
    }
    const payload = h('textarea', { id: 'signal-payload', rows: 4, 'aria-label': `payload of ${step.waitsFor}` }, '{}');
    const outcome = h('div');
    const form = h('form', { class: 'signal', id: 'signal-form' }, h('h3', {}, `Signal "${step.waitsFor}"`), payload,
      h('button', { type: 'submit', id: 'action-signal' }, `Send ${step.waitsFor}`), outcome);
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      let body;
      try {
        body = { payload: JSON.parse(payload.value) };
      } catch (e) {
        outcome.replaceChildren(problem(new Error(`The payload is not JSON: ${e.message}`)));
        return;
      }
      try {
        await api('POST', `/workflows/runs/${encodeURIComponent(runId)}/signals/${encodeURIComponent(step.waitsFor)}`, body);
        outcome.replaceChildren(h('p', { class: 'hint' }, 'Sent.'));
        after();
      } catch (e) {
        outcome.replaceChildren(problem(e));
      }
    });
    signalForms.set(key, form);
    return form;
  }

  /** The buttons this user's roles allow for the run in its status (the API checks again). */
  function actions(view, after) {
    const admin = hasRole('workflow-admin');
    const mine = view.startedBy && view.startedBy === `user:${claims().upn || claims().preferred_username || claims().sub}`;
    const buttons = [];
    const act = (label, path, danger) => h('button', { type: 'button', class: danger ? 'danger' : '', id: `action-${path}`, onclick: async ev => {
      ev.target.disabled = true;
      try {
        await api('POST', `/workflows/runs/${encodeURIComponent(view.id)}/${path}`);
        after();
      } catch (e) {
        ev.target.replaceWith(problem(e));
      }
    } }, label);
    if (!FINAL.has(view.status) && (admin || mine)) {
      buttons.push(act('Cancel', 'cancel', true));
    }
    if (admin && view.status === 'RUNNING') {
      buttons.push(act('Pause', 'pause'));
    }
    if (admin && view.status === 'PAUSED') {
      buttons.push(act('Resume', 'resume'));
    }
    if (admin && (view.status === 'FAILED' || view.status === 'CANCELLED')) {
      buttons.push(act('Redrive', 'redrive'));
    }
    return h('div', { class: 'actions' }, buttons);
  }

  async function definitionsPage() {
    show(h('h1', {}, 'Definitions'), h('p', {}, 'Loading…'));
    const list = await api('GET', '/workflows/definitions');
    show(h('h1', {}, 'Definitions'), h('table', { id: 'definitions' },
      h('thead', {}, h('tr', {}, ['Workflow', 'Latest', 'Versions'].map(t => h('th', {}, t)))),
      h('tbody', {}, list.map(d => h('tr', {}, h('td', {}, h('a', { href: `#/definitions/${encodeURIComponent(d.name)}` }, d.name)),
        h('td', {}, d.latestVersion), h('td', {}, Object.keys(d.versions).join(', ')))))));
  }

  async function definitionPage(name, query) {
    show(h('p', {}, 'Loading…'));
    const summary = (await api('GET', '/workflows/definitions')).find(d => d.name === name);
    if (!summary) {
      throw new Error(`No workflow named ${name} is registered.`);
    }
    const versions = Object.keys(summary.versions);
    const version = query.get('version') || summary.latestVersion;
    const against = query.get('diff');
    const get = v => api('GET', `/workflows/definitions/${encodeURIComponent(name)}/versions/${encodeURIComponent(v)}`);
    const registered = await get(version);
    const def = registered.definition;
    const steps = def.steps.map(s => ({ id: s.id, dependsOn: s.dependsOn, status: 'PENDING',
      kind: s.function || (s.workflow ? `workflow ${s.workflow.name}` : s.wait ? `waits for ${s.wait.signal}` : s.sleep ? 'sleep' : '') }));
    const pick = (label, param, current) => h('label', {}, label, h('select', { id: `pick-${param}`, onchange: ev => {
      const q = new URLSearchParams(query);
      q.set(param, ev.target.value);
      location.hash = `#/definitions/${encodeURIComponent(name)}?${q}`;
    } }, param === 'diff' ? h('option', { value: '' }, 'none') : '', versions.map(v => h('option', { value: v, selected: v === current }, v))));
    // jsdiff (webjar): the line changes between the two versions' definitions
    const diff = against ? Diff.diffLines(JSON.stringify((await get(against)).definition, null, 2), JSON.stringify(def, null, 2)) : null;
    show(h('h1', {}, `${name} `, h('span', { class: 'hint' }, `version ${version} · ${registered.hash}`)),
      h('form', { class: 'filters' }, pick('Version', 'version', version), pick('Compare with', 'diff', against)),
      def.description ? h('p', {}, def.description) : '',
      h('div', { class: 'panel', id: 'definition-dag' }, Graph.dag(steps, null, null)),
      diff ? [h('h2', {}, `Changes from version ${against} to ${version}`), h('div', { class: 'panel diff', id: 'diff' }, diff.map(part =>
        h('pre', { class: part.added ? 'add' : part.removed ? 'del' : '' }, part.value.replace(/\n$/, '').split('\n')
          .map(line => `${part.added ? '+' : part.removed ? '-' : ' '} ${line}`).join('\n'))))] : '',
      hasRole('workflow-submit') || hasRole('workflow-admin') ? startForm(name, version, def.inputSchema) : '',
      h('h2', {}, 'Definition'), h('div', { class: 'panel' }, json(def)));
  }

  /** A form from the input's JSON Schema: a field per top-level property of a simple type, else one JSON box. */
  function startForm(name, version, schema) {
    const properties = schema && schema.properties ? Object.entries(schema.properties) : [];
    const simple = properties.length > 0 && properties.every(([, p]) => ['string', 'number', 'integer', 'boolean'].includes(p.type));
    const required = new Set((schema && schema.required) || []);
    const fields = simple ? properties.map(([key, p]) => h('label', {}, `${key}${required.has(key) ? ' *' : ''}`,
      p.enum ? h('select', { name: key }, p.enum.map(v => h('option', { value: v }, v)))
        : h('input', { name: key, type: p.type === 'boolean' ? 'checkbox' : p.type === 'string' ? 'text' : 'number',
          required: required.has(key) && p.type !== 'boolean', step: p.type === 'number' ? 'any' : undefined, title: p.description || '' })))
      : [h('label', {}, 'Input (JSON)', h('textarea', { name: 'input', rows: 5 }, '{}'))];
    const outcome = h('div', { id: 'start-outcome' });
    const form = h('form', { class: 'filters', id: 'start-form' }, fields, h('button', { type: 'submit' }, 'Start run'));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      try {
        let input;
        if (simple) {
          input = {};
          properties.forEach(([key, p]) => {
            const field = form.elements[key];
            if (p.type === 'boolean') {
              input[key] = field.checked;
            } else if (field.value !== '') {
              input[key] = p.type === 'string' ? field.value : Number(field.value);
            }
          });
        } else {
          input = JSON.parse(form.elements.input.value);
        }
        const started = await api('POST', '/workflows/runs', { workflow: name, version, input });
        location.hash = `#/runs/${encodeURIComponent(started.id)}`;
      } catch (e) {
        outcome.replaceChildren(problem(e));
      }
    });
    return [h('h2', {}, 'Start a run'), form, outcome];
  }

  async function deadLettersPage() {
    show(h('h1', {}, 'Dead letters'), h('p', {}, 'Loading…'));
    const letters = await api('GET', '/dead-letters?count=100');
    const columns = ['receivedAt', 'type', 'source', 'id', 'knativeerrorcode', 'knativeerrordest', 'knativeerrordata'];
    show(h('h1', {}, 'Dead letters'), h('p', { class: 'hint' },
      'Events Knative could not deliver, newest first, with its error attributes. Replay sends one back to the Broker as it was first sent, once.'),
      h('table', { id: 'dead-letters' }, h('thead', {}, h('tr', {}, columns.map(c => h('th', {}, c)), h('th', {}, 'replay'))),
        h('tbody', {}, letters.map(l => h('tr', { 'data-entry': l.entry }, columns.map(c => h('td', {}, l[c] || '')), h('td', {}, replayCell(l)))))),
      letters.length ? '' : h('p', { class: 'hint' }, 'None.'));
  }

  function replayCell(letter) {
    if (letter.replayedAt) {
      return `replayed ${when(letter.replayedAt)} by ${letter.replayedBy}`;
    }
    if (letter.dataSha256) {
      return 'data kept as its digest only';
    }
    const cell = h('span', {});
    const button = h('button', { type: 'button', class: 'replay', onclick: async () => {
      button.disabled = true;
      try {
        const done = await api('POST', `/dead-letters/${encodeURIComponent(letter.entry)}/replay`);
        cell.replaceChildren(`replayed ${when(done.replayedAt)} by ${done.replayedBy}`);
      } catch (e) {
        button.disabled = false;
        cell.replaceChildren(button, problem(e));
      }
    } }, 'Replay');
    cell.append(button);
    return cell;
  }

  function signInPage() {
    const template = document.getElementById('sign-in').content.cloneNode(true);
    show(template);
    document.getElementById('token-form').addEventListener('submit', ev => {
      ev.preventDefault();
      sessionStorage.setItem(KEY, document.getElementById('token').value.trim());
      route();
    });
  }

  // ---- routing -----------------------------------------------------------------------------------------------------

  async function route() {
    page.abort();
    page = new AbortController();
    const fragment = new URLSearchParams(location.hash.startsWith('#token=') ? location.hash.slice(1) : '');
    if (fragment.get('token')) {
      sessionStorage.setItem(KEY, fragment.get('token'));
      history.replaceState(null, '', `${location.pathname}#/runs`); // the token leaves the address bar and history
    }
    const signedIn = !!token();
    document.getElementById('sign-out').hidden = !signedIn;
    document.getElementById('who').textContent = signedIn ? `${claims().upn || claims().sub || ''} · ${(claims().groups || []).join(', ')}` : '';
    if (!signedIn) {
      signInPage();
      return;
    }
    const [path, search] = (location.hash.slice(1) || '/runs').split('?');
    const query = new URLSearchParams(search || '');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    document.querySelectorAll('header nav a').forEach(a => a.classList.toggle('current', a.id === `nav-${parts[0]}`));
    try {
      if (parts[0] === 'runs' && parts[1]) {
        await runPage(parts[1]);
      } else if (parts[0] === 'definitions' && parts[1]) {
        await definitionPage(parts[1], query);
      } else if (parts[0] === 'definitions') {
        await definitionsPage();
      } else if (parts[0] === 'dead-letters') {
        await deadLettersPage();
      } else {
        await runsPage(query);
      }
    } catch (e) {
      if (e.name !== 'AbortError') {
        show(problem(e));
      }
    }
  }

  function start() {
    document.getElementById('sign-out').addEventListener('click', () => {
      sessionStorage.removeItem(KEY);
      location.hash = '#/runs';
      route();
    });
    window.addEventListener('hashchange', route);
    route();
  }

  return { start };
})();

document.addEventListener('DOMContentLoaded', Console.start);
