// A bar chart with the same numbers as a table, for screen readers and for anyone
// who prefers to read the figures. The chart library is loaded only when drawn.
import { useEffect, useRef } from 'preact/hooks';
import { t, locale, formatNumber } from '../i18n.js';

export function BarChart({ id, title, rows, categoryLabel, valueLabel }) {
  const canvas = useRef(null);
  const loc = locale();
  useEffect(() => {
    let chart = null;
    let cancelled = false;
    import('../charts.js').then(({ barChart }) => {
      if (cancelled || !canvas.current) return;
      chart = barChart(canvas.current, { labels: rows.map((r) => r.label), values: rows.map((r) => r.value), locale: loc });
    });
    return () => { cancelled = true; if (chart) chart.destroy(); };
  }, [JSON.stringify(rows), loc]);
  const height = Math.max(120, rows.length * 40 + 40);
  return (
    <figure class="chart" id={id}>
      <figcaption>{title}</figcaption>
      {/* style as an object: Preact sets it through the CSSOM, which the CSP allows */}
      <div class="chart-box" style={{ height: `${height}px` }}>
        <canvas ref={canvas} role="img" aria-label={`${title}: ${rows.map((r) => `${r.label} ${formatNumber(r.value)}`).join(', ')}`} />
      </div>
      <details>
        <summary>{t('dash.showTable')}</summary>
        <table>
          <thead><tr><th scope="col">{categoryLabel}</th><th scope="col" class="num">{valueLabel}</th></tr></thead>
          <tbody>
            {rows.map((r) => <tr key={r.label}><th scope="row">{r.label}</th><td class="num">{formatNumber(r.value)}</td></tr>)}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
