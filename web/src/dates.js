// Days as people read and type them: in the chosen language's order (dd/mm/yyyy for
// English and Swahili as spoken in East Africa, never the browser's mm/dd/yyyy), while
// the API keeps YYYY-MM-DD. Plain JS (no Preact) so node:test can load it.
import { locale, t } from './i18n.js';

/** What a date field holds while what was typed is not a day: this prefix and the text.
 * validate() refuses it (with dayProblem's words), so a bad day never saves as "no date". */
export const TYPED = '\u0000';

/** The order of day, month and year in the current locale: e.g. ['day','month','year']. */
export function partOrder(loc = locale()) {
  const parts = new Intl.DateTimeFormat(loc, { day: '2-digit', month: '2-digit', year: 'numeric' })
    .formatToParts(new Date(2001, 10, 22));
  const order = parts.map((p) => p.type).filter((x) => x === 'day' || x === 'month' || x === 'year');
  return order.length === 3 ? order : ['day', 'month', 'year'];
}

/** How a day is written, for the help text: "dd/mm/yyyy" in the locale's order. */
export function dayPattern(loc = locale()) {
  const w = { day: 'dd', month: 'mm', year: 'yyyy' };
  return partOrder(loc).map((p) => w[p]).join('/');
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** YYYY-MM-DD as "22/11/2001" in the locale's order; '' for anything else. */
export function showDay(iso, loc = locale()) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
  if (!m) return '';
  const v = { year: m[1], month: m[2], day: m[3] };
  return partOrder(loc).map((p) => v[p]).join('/');
}

/** ISO of y, m (1-12), d. */
export function isoDay(y, m, d) { return `${pad(y, 4)}-${pad(m)}-${pad(d)}`; }

/** Days in month m (1-12) of year y. */
export function daysIn(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }

/** A month's name in the current language ("February"). */
export function monthName(m, loc = locale()) {
  return new Intl.DateTimeFormat(loc, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2001, m - 1, 1)));
}

/**
 * Read what was typed in the locale's order ("31/1/2026", "31.01.2026", "31-01-2026").
 * {iso} for a day that exists; {problem: [key, params]} in plain words otherwise; {}
 * for nothing typed.
 */
export function readDay(text, loc = locale()) {
  const s = String(text ?? '').trim();
  if (!s) return {};
  const pattern = dayPattern(loc);
  const m = /^(\d{1,4})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{1,4})$/.exec(s);
  if (!m) return { problem: ['daily.date.format', { pattern, example: showDay('2026-03-31', loc) }] };
  const v = {};
  // Year first (2026-03-31, as the API writes it) cannot be mistaken; otherwise the locale's order.
  const order = m[1].length === 4 ? ['year', 'month', 'day'] : partOrder(loc);
  order.forEach((p, i) => { v[p] = Number(m[i + 1]); });
  if (String(m[order.indexOf('year') + 1]).length !== 4) {
    return { problem: ['daily.date.year', { pattern, example: showDay('2026-03-31', loc) }] };
  }
  if (v.month < 1 || v.month > 12) return { problem: ['daily.date.month', { month: v.month }] };
  if (v.year < 1800) return { problem: ['daily.date.early', { year: v.year }] };
  const n = daysIn(v.year, v.month);
  if (v.day < 1 || v.day > n) {
    return { problem: ['daily.date.day', { text: s, month: monthName(v.month, loc), year: v.year, days: n }] };
  }
  const iso = isoDay(v.year, v.month, v.day);
  return { iso };
}

/** The words for a date field's value that is not a day (TYPED + text), else null. */
export function dayProblem(value) {
  if (typeof value !== 'string' || !value.startsWith(TYPED)) return null;
  const r = readDay(value.slice(TYPED.length));
  return r.problem ? t(...r.problem) : t('form.date');
}

/** Monday-first weeks of month m (1-12) of year y: arrays of 7 (null outside the month). */
export function monthWeeks(y, m) {
  const first = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7; // Monday = 0
  const cells = Array(first).fill(null);
  for (let d = 1; d <= daysIn(y, m); d++) cells.push(d);
  while (cells.length % 7) cells.push(null);
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** ISO day moved by n days (negative back). */
export function addDays(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const x = new Date(Date.UTC(y, m - 1, d + n));
  return isoDay(x.getUTCFullYear(), x.getUTCMonth() + 1, x.getUTCDate());
}

/** ISO day moved by n months, the day kept or the month's last if it has fewer. */
export function addMonths(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const idx = y * 12 + (m - 1) + n;
  const ny = Math.floor(idx / 12), nm = (idx % 12) + 1;
  return isoDay(ny, nm, Math.min(d, daysIn(ny, nm)));
}

/** Short weekday names, Monday first, in the current language. */
export function weekdayNames(loc = locale(), style = 'short') {
  const f = new Intl.DateTimeFormat(loc, { weekday: style, timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2001, 0, 1 + i)))); // 1 Jan 2001: a Monday
}
