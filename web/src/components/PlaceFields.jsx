// Register and place in one form (issue 18, point 5): the "Place in a post now" fields
// that PersonForm adds when registering — a vacant post, start date, engagement and
// pay — with the configuration's minimum pay for the post's cadre and engagement
// (kazi.pay) shown beside the pay, and a warning when the pay typed is below it.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { catalogue } from '../lookups.js';

const ENGAGEMENTS = ['volunteer', 'stipend', 'salaried'];

/** The declared minimum for a post's cadre under an engagement (the highest that applies), or null. */
export function minimumFor(pay, post, engagement) {
  const rows = (pay || []).filter((r) => post && r.cadre === post.cadre
    && (!r.engagement || !engagement || r.engagement.includes(engagement)));
  return rows.reduce((best, r) => (!best || r.amount > best.amount ? r : best), null);
}

/** Vacant posts, the configuration's pay minima and cadres: what the fields need. */
export function usePlacement(active) {
  const [data, setData] = useState({ posts: [], pay: [], cadres: [] });
  useEffect(() => {
    if (!active) return;
    Promise.all([
      api.get('/api/v1/positions?vacant=true&limit=100').then((r) => r.items || [], () => []),
      catalogue('pay').then((x) => x || [], () => []),
      catalogue('cadres').then((x) => x || [], () => []),
    ]).then(([posts, pay, cadres]) => setData({ posts, pay, cadres }));
  }, [active]);
  return data;
}

const money = (n, cur) => `${formatNumber(n)} ${cur || ''}`.trim();

/** The pay field's help: the minimum the configuration sets, or that it sets none here. */
export function minimumHelp(min) {
  return min ? t('place.minimum', { amount: money(min.amount, min.currency), period: min.period || '' }) : t('place.noMinimum');
}

/** A pay input (Form's render) that warns, without refusing, when the amount is below MIN. */
export function payInput(min) {
  return (a) => {
    const n = Number(String(a.value ?? '').replace(',', '.'));
    const below = min && a.value !== '' && a.value != null && Number.isFinite(n) && n < min.amount;
    return (
      <>
        <input type="text" inputmode="decimal" id={a.id} name={a.name} aria-invalid={a['aria-invalid']}
          aria-describedby={[a['aria-describedby'], below ? `${a.id}-below` : null].filter(Boolean).join(' ') || undefined}
          value={a.value ?? ''} onInput={(e) => a.onInput(e.currentTarget.value)} />
        {below && <p class="warning small" id={`${a.id}-below`} role="status">{t('place.below', { amount: money(min.amount, min.currency) })}</p>}
      </>
    );
  };
}

/**
 * Form declarations for the placement; CHOSEN {position, engagement} is kept by the
 * screen (onChoose) so the pay field can show the minimum while typing.
 */
export function placeFields({ posts, pay, cadres }, chosen, onChoose) {
  const cadreName = (id) => localName(cadres.find((c) => c.id === id)?.name, id);
  const post = posts.find((p) => String(p.id) === String(chosen.position));
  const min = minimumFor(pay, post, chosen.engagement);
  const select = (name, options, blank) => (a) => (
    <select id={a.id} name={a.name} aria-invalid={a['aria-invalid']} aria-describedby={a['aria-describedby']} value={a.value ?? ''}
      onChange={(e) => { a.onInput(e.currentTarget.value); onChoose({ ...chosen, [name]: e.currentTarget.value }); }}>
      <option value="">{blank}</option>
      {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
    </select>
  );
  return [
    { name: 'place_position', type: 'choice', label: t('place.post'), help: t('place.postHelp'), options: [],
      render: select('position', posts.map((p) => ({ value: String(p.id), label: `${p.title} — ${cadreName(p.cadre)}` })), t('place.noPost')) },
    { name: 'place_start', type: 'date', label: t('place.start') },
    { name: 'place_engagement', type: 'choice', label: t('place.engagement'), options: [],
      render: select('engagement', ENGAGEMENTS.map((e) => ({ value: e, label: t(`positions.engagement.${e}`) })), t('form.choose')) },
    { name: 'place_pay', type: 'number', min: 0, label: t('place.pay'), help: minimumHelp(min), render: payInput(min) },
  ];
}

/** The client's check: a chosen post needs its start date and engagement. */
export function checkPlacement(v) {
  if (!v.place_position) return {};
  const errs = {};
  if (!v.place_start) errs.place_start = t('place.needStart');
  if (!v.place_engagement) errs.place_engagement = t('place.needEngagement');
  return errs;
}

/** Place the newly registered person PID as the form values say; the currency is the minimum's. */
export async function placeNew(pid, v, { pay, posts }) {
  const post = posts.find((p) => String(p.id) === String(v.place_position));
  const min = minimumFor(pay, post, v.place_engagement);
  const body = { person_id: pid, position_id: Number(v.place_position), start_date: v.place_start, engagement: v.place_engagement };
  if (v.place_pay !== undefined && v.place_pay !== '') {
    body.pay_amount = Number(String(v.place_pay).replace(',', '.'));
    const currency = min?.currency || pay[0]?.currency;
    if (currency) body.pay_currency = currency;
  }
  return api.post('/api/v1/assignments', body);
}
