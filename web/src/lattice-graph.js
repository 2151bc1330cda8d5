// The career lattice drawn with Cytoscape.js, loaded on demand (dynamic import from
// screens/Careers.jsx) so no other page downloads it. Nodes are cadres placed by
// level (higher up the ladder = higher on the page); vertical moves are solid arrows,
// lateral moves dashed curved arrows. The layout is computed here, deterministically:
// a cadre reached by a vertical move stands in the column of the cadre below it, so
// the ladder reads as one straight line; other groups get their own columns.
import cytoscape from 'cytoscape';

// Cytoscape adds a <style> element for its container class unless an element with
// this id exists; the CSP forbids inline styles, so we mark it as present and keep
// the one rule it needs (position: relative) in styles.css.
const STYLESHEET_ID = '__________cytoscape_stylesheet';
function markStylesheet() {
  if (!document.getElementById(STYLESHEET_ID)) {
    const m = document.createElement('meta');
    m.id = STYLESHEET_ID;
    m.name = 'kazi-cytoscape-styles-in-styles-css';
    document.head.appendChild(m);
  }
}

const COL = 250;
const ROW = 110;

/** {id: {x, y}} for the lattice's nodes. */
export function layout(nodes, edges) {
  const col = new Map();
  const groups = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const sorted = [...nodes].sort((a, b) => (a.level ?? 0) - (b.level ?? 0));
  const taken = new Set();
  for (const n of sorted) {
    const up = edges.find((e) => e.kind === 'vertical' && e.to === n.id && col.has(e.from));
    let c;
    if (up && !taken.has(`${col.get(up.from)}:${n.level}`)) c = col.get(up.from);
    else {
      if (!groups.includes(n.group)) groups.push(n.group);
      c = groups.indexOf(n.group);
      while (taken.has(`${c}:${n.level}`)) c++;
    }
    col.set(n.id, c);
    taken.add(`${c}:${n.level}`);
    if (!groups.includes(n.group)) groups.push(n.group);
  }
  const pos = {};
  for (const [id, c] of col) {
    const n = byId.get(id);
    // Same-level cadres alternate up and down a little so a lateral arrow between
    // two of them never runs straight through a third.
    pos[id] = { x: c * COL, y: -((n.level ?? 1) - 1) * ROW + (c % 2 ? ROW * 0.8 : 0) };
  }
  return pos;
}

/**
 * Draw LATTICE ({nodes, edges}) in CONTAINER. LABEL(node) gives a node's text in the
 * current language; ONSELECT(edgeId) is called when a move is clicked or tapped.
 * Returns {select(edgeId), destroy()}.
 */
export function drawLattice(container, lattice, { label, onSelect }) {
  markStylesheet();
  const pos = layout(lattice.nodes, lattice.edges);
  const cy = cytoscape({
    container,
    elements: [
      ...lattice.nodes.map((n) => ({ group: 'nodes', data: { id: n.id, label: label(n) }, position: pos[n.id] })),
      ...lattice.edges.map((e) => ({ group: 'edges', data: { id: e.id, source: e.from, target: e.to, kind: e.kind }, classes: e.kind })),
    ],
    layout: { name: 'preset', padding: 20 },
    userZoomingEnabled: false,
    userPanningEnabled: false,
    boxSelectionEnabled: false,
    autoungrabify: true,
    autounselectify: false,
    style: [
      { selector: 'node', style: {
        shape: 'round-rectangle', width: 200, height: 70, 'background-color': '#0b5d4b',
        label: 'data(label)', color: '#fff', 'font-size': 17, 'font-weight': 600, 'font-family': 'system-ui, sans-serif',
        'text-wrap': 'wrap', 'text-max-width': 186, 'text-valign': 'center', 'text-halign': 'center',
      } },
      { selector: 'edge', style: {
        width: 4, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 1.4,
      } },
      { selector: 'edge.vertical', style: { 'line-color': '#06392e', 'target-arrow-color': '#06392e', 'line-style': 'solid' } },
      { selector: 'edge.lateral', style: {
        'line-color': '#1849c6', 'target-arrow-color': '#1849c6', 'line-style': 'dashed', 'line-dash-pattern': [10, 6],
        'control-point-step-size': 60, width: 3,
      } },
      { selector: 'edge:selected', style: { width: 8, 'line-color': '#b35c00', 'target-arrow-color': '#b35c00' } },
    ],
  });
  cy.on('tap', 'edge', (evt) => onSelect(evt.target.id()));
  const fit = () => { cy.resize(); cy.fit(undefined, 16); };
  fit();
  const ro = new ResizeObserver(fit);
  ro.observe(container);
  return {
    select(id) {
      cy.edges().unselect();
      if (id) cy.getElementById(id).select();
    },
    destroy() { ro.disconnect(); cy.destroy(); },
  };
}
