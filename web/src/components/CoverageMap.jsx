// An SVG choropleth of one figure per org unit, drawn from the org units' boundaries
// (GET /api/v1/boundaries, GeoJSON keyed by org-unit code). Five shades from the
// lowest to the highest value; a unit without a value is hatched grey. The map is an
// image with a text name; the table beside it holds the same figures (the accessible
// alternative), so the map itself is not keyboard-navigable.
import { t, formatNumber } from '../i18n.js';

const SHADES = ['#e5f2ee', '#b6dccf', '#7fbfa9', '#3f957b', '#0b5d4b'];
const WIDTH = 640;

function rings(geometry) {
  if (geometry.type === 'Polygon') return geometry.coordinates;
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat();
  return [];
}

/** The projection of every position into a WIDTH-wide box (equirectangular, shrunk by
 * the cosine of the middle latitude so shapes keep their proportions). */
export function projector(features, width = WIDTH) {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const f of features) for (const ring of rings(f.geometry)) for (const [x, y] of ring) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const k = Math.cos(((minY + maxY) / 2) * Math.PI / 180) || 1;
  const w = Math.max((maxX - minX) * k, 1e-9), h = Math.max(maxY - minY, 1e-9);
  const scale = width / w;
  return { height: Math.ceil(h * scale), at: ([x, y]) => [((x - minX) * k * scale), ((maxY - y) * scale)] };
}

/** The shade of VALUE among VALUES (five equal steps from the lowest to the highest). */
export function shadeOf(value, values) {
  if (value == null) return null;
  const lo = Math.min(...values), hi = Math.max(...values);
  if (hi === lo) return SHADES[SHADES.length - 1];
  return SHADES[Math.min(SHADES.length - 1, Math.floor(((value - lo) / (hi - lo)) * SHADES.length))];
}

/** FEATURES: GeoJSON features with properties.code; VALUES: {code → number}. */
export function CoverageMap({ id, title, features, values, unit }) {
  const { height, at } = projector(features);
  const known = Object.values(values).filter((v) => v != null);
  const lo = known.length ? Math.min(...known) : 0, hi = known.length ? Math.max(...known) : 0;
  const path = (g) => rings(g).map((ring) => 'M' + ring.map((p) => at(p).map((n) => n.toFixed(1)).join(',')).join('L') + 'Z').join('');
  return (
    <figure class="coverage-map" id={id}>
      <svg viewBox={`-2 -2 ${WIDTH + 4} ${height + 4}`} role="img" aria-labelledby={`${id}-caption`}>
        <defs>
          <pattern id={`${id}-none`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#f2f2f2" /><line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="2" />
          </pattern>
        </defs>
        {features.map((f) => {
          const v = values[f.properties.code];
          return (
            <path key={f.properties.code} d={path(f.geometry)} data-code={f.properties.code}
              fill={v == null ? `url(#${id}-none)` : shadeOf(v, known)} stroke="#fff" stroke-width="1.5">
              <title>{`${f.properties.name}: ${v == null ? t('ind.noValue') : `${formatNumber(v)} ${unit || ''}`}`}</title>
            </path>
          );
        })}
      </svg>
      <figcaption id={`${id}-caption`}>
        {title}
        {known.length > 0 && (
          <span class="map-legend">
            <span class="small">{formatNumber(lo)}</span>
            {SHADES.map((s) => <span key={s} class="swatch" style={{ background: s }} />)}
            <span class="small">{formatNumber(hi)} {unit}</span>
            <span class="swatch none" /> <span class="small">{t('ind.noValue')}</span>
          </span>
        )}
      </figcaption>
    </figure>
  );
}
