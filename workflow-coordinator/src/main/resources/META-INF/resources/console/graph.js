/*
 * Drawing for the console: a workflow's DAG (laid out by dagre) and a run's timeline (a Gantt of each step's states
 * from the run's history). Elements are built with createElementNS and textContent only: names and values from runs
 * never become markup.
 */
'use strict';

const Graph = (() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const COLOURS = {
    PENDING: '#c9ced6', RUNNING: '#2f7be6', WAITING: '#b07be0', SLEEPING: '#b07be0', WAITING_RETRY: '#e8a23a',
    SUCCEEDED: '#2e9d5b', FAILED: '#d64545', SKIPPED: '#9aa3ad', COMPENSATING: '#e07b39', COMPENSATED: '#8a6d3b',
    CANCELLED: '#6b7280', PAUSED: '#b07be0',
  };
  /** States a step spends time in: they get bars on the timeline. */
  const TIMED = new Set(['RUNNING', 'WAITING', 'SLEEPING', 'WAITING_RETRY', 'COMPENSATING']);

  function el(name, attributes, text) {
    const e = document.createElementNS(SVG, name);
    Object.entries(attributes || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  /**
   * Draws steps ({id, status, kind, dependsOn}) as a left-to-right DAG into an <svg>; onSelect(id) on a click.
   * Returns the svg.
   */
  function dag(steps, selected, onSelect) {
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 46, marginx: 8, marginy: 8 });
    g.setDefaultEdgeLabel(() => ({}));
    steps.forEach(s => g.setNode(s.id, { width: Math.max(90, 8 * s.id.length + 20, 6.8 * (s.kind || '').length + 20), height: s.kind ? 42 : 30 }));
    steps.forEach(s => (s.dependsOn || []).forEach(d => g.hasNode(d) && g.setEdge(d, s.id)));
    dagre.layout(g);
    const size = g.graph();
    const svg = el('svg', { width: size.width, height: size.height, viewBox: `0 0 ${size.width} ${size.height}`,
      role: 'img', 'aria-label': 'workflow graph', class: 'dag' });
    const defs = el('defs');
    const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
      orient: 'auto-start-reverse' });
    marker.appendChild(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8b95a3' }));
    defs.appendChild(marker);
    svg.appendChild(defs);
    g.edges().forEach(e => {
      const points = g.edge(e).points;
      svg.appendChild(el('path', { class: 'edge', 'marker-end': 'url(#arrow)',
        d: points.map((p, i) => `${i ? 'L' : 'M'} ${p.x} ${p.y}`).join(' ') }));
    });
    steps.forEach(s => {
      const n = g.node(s.id);
      const node = el('g', { class: `node n-${s.status}` + (s.id === selected ? ' selected' : ''), 'data-step': s.id,
        'data-status': s.status || '', transform: `translate(${n.x - n.width / 2}, ${n.y - n.height / 2})`, tabindex: 0 });
      node.appendChild(el('rect', { width: n.width, height: n.height, fill: COLOURS[s.status] || COLOURS.PENDING }));
      node.appendChild(el('text', { x: n.width / 2, y: s.kind ? 17 : n.height / 2 + 4, 'text-anchor': 'middle' }, s.id));
      if (s.kind) {
        node.appendChild(el('text', { x: n.width / 2, y: 33, 'text-anchor': 'middle', 'font-size': 10 }, s.kind));
      }
      node.appendChild(el('title', {}, `${s.id}: ${s.status || 'not run'}`));
      if (onSelect) {
        node.addEventListener('click', () => onSelect(s.id));
        node.addEventListener('keydown', ev => ev.key === 'Enter' && onSelect(s.id));
      }
      svg.appendChild(node);
    });
    return svg;
  }

  /**
   * Each step's states over time from history entries ({at, type, step, attempt, to}), as bars per step in the order of
   * `order`: every state a step spends time in (running attempts, backoff waits, signal waits and sleeps,
   * compensation), up to the next entry of that step, or up to `now` while it lasts.
   */
  function segments(events, now) {
    const rows = new Map();
    const last = new Map();
    events.filter(e => e.step && !e.step.includes('/')).forEach(e => {
      const at = Date.parse(e.at);
      const open = last.get(e.step);
      if (open) {
        open.end = at;
      }
      const segment = { state: e.to, start: at, end: null, attempt: e.attempt, type: e.type };
      last.set(e.step, segment);
      if (!rows.has(e.step)) {
        rows.set(e.step, []);
      }
      rows.get(e.step).push(segment);
    });
    rows.forEach(list => list.forEach(s => { if (s.end === null) { s.end = now; } }));
    return rows;
  }

  /** A Gantt chart of the run's steps; `order` lists step ids top to bottom. */
  function timeline(events, order, now) {
    const rows = segments(events, now);
    const starts = events.map(e => Date.parse(e.at)).filter(t => !isNaN(t));
    const t0 = starts.length ? Math.min(...starts) : now;
    const t1 = Math.max(now, ...starts, t0 + 1);
    const left = 130, width = 560, rowHeight = 22;
    const ids = order.filter(id => rows.has(id));
    const height = 30 + rowHeight * Math.max(1, ids.length);
    const svg = el('svg', { width: '100%', viewBox: `0 0 ${left + width + 20} ${height}`, preserveAspectRatio: 'xMinYMin meet',
      role: 'img', 'aria-label': 'run timeline', class: 'timeline' });
    const x = t => left + (t - t0) / (t1 - t0) * width;
    svg.appendChild(el('line', { class: 'axis', x1: left, y1: 18, x2: left + width, y2: 18 }));
    svg.appendChild(el('text', { class: 'label', x: left, y: 12 }, '0 s'));
    svg.appendChild(el('text', { class: 'label', x: left + width, y: 12, 'text-anchor': 'end' },
      `${((t1 - t0) / 1000).toFixed(1)} s`));
    ids.forEach((id, i) => {
      const y = 26 + i * rowHeight;
      svg.appendChild(el('text', { x: left - 8, y: y + 12, 'text-anchor': 'end' }, id));
      rows.get(id).filter(s => TIMED.has(s.state)).forEach(s => {
        const bar = el('rect', { class: 'bar', 'data-step': id, 'data-state': s.state, x: x(s.start), y,
          width: Math.max(2, x(s.end) - x(s.start)), height: rowHeight - 6, fill: COLOURS[s.state] });
        bar.appendChild(el('title', {}, `${id} ${s.state.toLowerCase()}` + (s.attempt ? ` (attempt ${s.attempt})` : '')
          + `: ${((s.end - s.start) / 1000).toFixed(2)} s`));
        svg.appendChild(bar);
      });
    });
    return svg;
  }

  return { dag, timeline, segments, COLOURS };
})();
