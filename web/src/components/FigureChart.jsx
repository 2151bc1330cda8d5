// A Chart.js bar chart with its numbers in a visible table next to it; each row
// may link to the screen where the figure can be acted on. Chart.js is loaded
// only when a chart is drawn (dynamic import of ../charts.js).
import { useEffect, useRef } from 'preact/hooks';
import { locale, formatNumber } from '../i18n.js';
import { Link } from '../router.js';

/** LABEL as lines of at most WIDTH characters (Chart.js draws an array as lines). */
export function wrapLabel(label, width = 16) {
  const lines = [];
  for (const word of String(label).split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length > 1 ? lines : lines[0] ?? '';
}

/**
 * ROWS: [{label, value, href?}]; TABLE=false when the same numbers are already in a table on the page. TITLE names the figure (caption, table caption,
 * chart's aria-label); CATEGORY and VALUE label the table's columns.
 */
export function FigureChart({ id, title, rows, category, value, chart = true, table = true }) {
  const canvas = useRef(null);
  const loc = locale();
  const drawn = chart && rows.length > 0 && rows.some((r) => r.value > 0);
  useEffect(() => {
    if (!drawn) return undefined;
    let c = null;
    let cancelled = false;
    import('../charts.js').then(({ barChart }) => {
      if (cancelled || !canvas.current) return;
      c = barChart(canvas.current, { labels: rows.map((r) => wrapLabel(r.label)), values: rows.map((r) => r.value), locale: loc });
    });
    return () => { cancelled = true; if (c) c.destroy(); };
  }, [JSON.stringify(rows), loc, drawn]);
  const lines = rows.reduce((n, r) => n + Math.max(1, [].concat(wrapLabel(r.label)).length), 0);
  const height = Math.max(120, rows.length * 18 + lines * 16 + 40);
  return (
    <figure class="chart figure-chart" id={id}>
      <figcaption>{title}</figcaption>
      {drawn && (
        <div class="chart-box" style={{ height: `${height}px` }}>
          <canvas ref={canvas} role="img"
            aria-label={`${title}: ${rows.map((r) => `${r.label} ${formatNumber(r.value)}`).join(', ')}`} />
        </div>
      )}
      {table && <div class="table-wrap">
        <table class="figures">
          <thead><tr><th scope="col">{category}</th><th scope="col" class="num">{value}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key ?? r.label}>
                <th scope="row">{r.label}</th>
                <td class="num">{r.href ? <Link href={r.href}>{formatNumber(r.value)}</Link> : formatNumber(r.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>}
    </figure>
  );
}
