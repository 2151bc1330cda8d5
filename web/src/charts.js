// Chart.js, registered with only the parts Kazi draws, loaded on demand (dynamic
// import) so the sign-in page never downloads it.
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** A horizontal bar chart on CANVAS; returns the Chart (call .destroy() when done). */
export function barChart(canvas, { labels, values, locale }) {
  return new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: [{ data: values, backgroundColor: '#0b5d4b', borderRadius: 3, maxBarThickness: 28 }] },
    options: {
      indexAxis: 'y',
      locale,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false }, tooltip: { enabled: true } },
      scales: {
        x: { beginAtZero: true, ticks: { precision: 0, color: '#333' }, grid: { color: '#e3e3e3' } },
        y: { ticks: { color: '#222', font: { size: 13 } }, grid: { display: false } },
      },
    },
  });
}
