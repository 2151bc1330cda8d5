// A Chart.js bar chart with its numbers in a visible table next to it; each row
// may link to the screen where the figure can be acted on. Chart.js is loaded
// only when a chart is drawn (dynamic import of ../charts.js).
import { useEffect, useRef } from 'preact/hooks';
import { locale, formatNumber } from '../i18n.js';
import { Link } from '../router.js';

/**
 * ROWS: [{label, value, href?}]. TITLE names the figure (caption, table caption,
 * chart's aria-label); CATEGORY and VALUE label the table's columns.
 */
export function FigureChart({ id, title, rows, category, value, chart = true }) {
  const canvas = useRef(null);
  const loc = locale();
  const drawn = chart && rows.length > 0 && rows.some((r) => r.value > 0);
  useEffect(() => {
    if (!drawn) return undefined;
    let c = null;
    let cancelled = false;
    import('../charts.js').then(({ barChart }) => {
      if (cancelled || !canvas.current) return;
      c = barChart(canvas.current, { labels: rows.map((r) => r.label), values: rows.map((r) => r.value), locale: loc });
    });
    return () => { cancelled = true; if (c) c.destroy(); };
  }, [JSON.stringify(rows), loc, drawn]);
  const height = Math.max(120, rows.length * 32 + 40);
  return (
    <figure class="chart figure-chart" id={id}>
      <figcaption>{title}</figcaption>
      {drawn && (
        <div class="chart-box" style={{ height: `${height}px` }}>
          <canvas ref={canvas} role="img"
            aria-label={`${title}: ${rows.map((r) => `${r.label} ${formatNumber(r.value)}`).join(', ')}`} />
        </div>
      )}
      <div class="table-wrap">
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
      </div>
    </figure>
  );
}
