// Workforce planning (GET /api/v1/planning): need from the staffing norms
// (kazi.norm), supply (the active workforce) and shortfall per area of a level and
// cadre; then, per cadre, the projection of supply with the assumptions it used
// (observed in the register, or typed here) and a second scenario that trains more
// people a year beside the baseline.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { errorText } from '../components/Form.jsx';
import { useTitleFocusAfterLoad } from '../components/focusTitle.js';

const RATES = ['intake_per_year', 'pass_rate', 'certify_rate', 'place_rate', 'exit_rate'];
const num = (v) => (v == null ? '—' : formatNumber(v));

function query(form) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== '' && v != null) q.set(k, v);
  return q.toString();
}

function NeedTable({ doc, cadreName }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-labelledby="need-title">
      <table class="list planning-need">
        <caption class="visually-hidden">{t('planning.need.title')}</caption>
        <thead><tr>
          <th scope="col">{t('planning.area')}</th><th scope="col">{t('planning.cadre')}</th>
          <th scope="col" class="num">{t('planning.need')}</th><th scope="col" class="num">{t('planning.supply')}</th>
          <th scope="col" class="num">{t('planning.shortfall')}</th>
        </tr></thead>
        <tbody>
          {doc.units.map((u) => (
            <tr key={`${u.org_unit_id}-${u.cadre}`}>
              <th scope="row">{u.org_unit_name}</th>
              <td>{cadreName(u.cadre)}</td>
              <td class="num">{u.need == null ? t('planning.noPopulation', { groups: u.missing.join(', ') }) : num(u.need)}</td>
              <td class="num">{num(u.supply)}</td>
              <td class={`num${u.shortfall > 0 ? ' short' : ''}`}>{num(u.shortfall)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {doc.totals.map((s) => (
            <tr key={s.cadre}>
              <th scope="row">{t('planning.total')}</th><td>{cadreName(s.cadre)}</td>
              <td class="num">{num(s.need)}</td><td class="num">{num(s.supply)}</td><td class="num">{num(s.shortfall)}</td>
            </tr>
          ))}
        </tfoot>
      </table>
    </div>
  );
}

function Scenario({ s, id }) {
  const title = s.id === 'baseline' ? t('planning.baseline') : t('planning.extra', { n: formatNumber(s.extra_intake_per_year) });
  return (
    <div class="card planning-scenario">
      <h4 id={id}>{title}</h4>
      <div class="table-wrap" tabindex={0} role="region" aria-labelledby={id}>
      <table class="list">
        <thead><tr>
          <th scope="col">{t('planning.year')}</th><th scope="col" class="num">{t('planning.graduates')}</th>
          <th scope="col" class="num">{t('planning.exits')}</th><th scope="col" class="num">{t('planning.supply')}</th>
          <th scope="col" class="num">{t('planning.shortfall')}</th>
        </tr></thead>
        <tbody>
          {s.years.map((y) => (
            <tr key={y.year}>
              <th scope="row">{y.year}</th><td class="num">{num(y.graduates)}</td><td class="num">{num(y.exits)}</td>
              <td class="num">{num(y.supply)}</td><td class="num">{num(y.shortfall)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </div>
  );
}

function Projection({ p, cadreName }) {
  const a = p.assumptions;
  return (
    <section class="planning-projection" aria-labelledby={`proj-${p.cadre}`}>
      <h3 id={`proj-${p.cadre}`}>{t('planning.projectionOf', { cadre: cadreName(p.cadre) })}</h3>
      <p>{t('planning.startsFrom', { supply: formatNumber(p.supply), need: formatNumber(p.need) })}</p>
      <dl class="planning-assumptions">
        {RATES.map((k) => (
          <div key={k}>
            <dt>{t(`planning.a.${k}`)}</dt>
            <dd>{formatNumber(a[k])} <span class="muted small">{a.overridden.includes(k)
              ? t('planning.typed') : t('planning.observed', { n: p.observed.enrolled, exits: p.observed.exits })}</span></dd>
          </div>
        ))}
      </dl>
      <div class="planning-scenarios">
        {p.scenarios.map((s) => <Scenario key={s.id} s={s} id={`scen-${p.cadre}-${s.id}`} />)}
      </div>
    </section>
  );
}

export function Planning() {
  const [levels, setLevels] = useState([]);
  const [cadres, setCadres] = useState([]);
  const [form, setForm] = useState({ level: 'district', cadre: '', years: '5', extra_intake: '500',
    intake_per_year: '', pass_rate: '', certify_rate: '', place_rate: '', exit_rate: '' });
  const [doc, setDoc] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  useTitleFocusAfterLoad(doc != null || error != null);
  const cadreName = (id) => localName(cadres.find((c) => c.id === id)?.name, id);
  const load = async (f) => {
    setBusy(true); setError(null);
    try { setDoc(await api.get(`/api/v1/planning?${query(f)}`)); } catch (e) { setError(errorText(e)); }
    setBusy(false);
  };
  useEffect(() => {
    api.get('/api/v1/catalogue').then((c) => {
      setLevels(c.country?.levels || []);
      setCadres(c.cadres || []);
    }, () => {});
    load(form);
  }, []);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const normCadres = doc ? [...new Set(doc.totals.map((s) => s.cadre))] : [];
  return (
    <section class="planning">
      <h1 id="main-title" tabindex={-1}>{t('planning.title')}</h1>
      <p>{t('planning.intro')}</p>
      <form class="planning-form" onSubmit={(e) => { e.preventDefault(); load(form); }}>
        <fieldset>
          <legend>{t('planning.what')}</legend>
          <label>{t('planning.level')}
            <select value={form.level} onChange={set('level')}>
              {(levels.length ? levels : [{ id: 'district' }]).map((l) => <option key={l.id} value={l.id}>{localName(l.name, l.id)}</option>)}
            </select>
          </label>
          <label>{t('planning.cadre')}
            <select value={form.cadre} onChange={set('cadre')}>
              <option value="">{t('planning.everyCadre')}</option>
              {(form.cadre && !normCadres.includes(form.cadre) ? [...normCadres, form.cadre] : normCadres)
                .map((c) => <option key={c} value={c}>{cadreName(c)}</option>)}
            </select>
          </label>
          <label>{t('planning.years')}<input type="number" min="1" max="20" value={form.years} onInput={set('years')} /></label>
        </fieldset>
        <fieldset>
          <legend>{t('planning.assumptions')}</legend>
          <p class="muted small">{t('planning.assumptionsHelp')}</p>
          {RATES.map((k) => (
            <label key={k}>{t(`planning.a.${k}`)}
              <input type="number" step="any" min="0" max={k === 'intake_per_year' ? undefined : 1} name={k}
                value={form[k]} onInput={set(k)} placeholder={t('planning.observedPlaceholder')} />
            </label>
          ))}
          <label>{t('planning.extraIntake')}
            <input type="number" min="0" step="1" name="extra_intake" value={form.extra_intake} onInput={set('extra_intake')} />
          </label>
        </fieldset>
        <button type="submit" disabled={busy}>{busy ? t('planning.working') : t('planning.show')}</button>
      </form>
      {error && <p class="problem" role="alert">{error}</p>}
      {doc && (
        <>
          <h2 id="need-title">{t('planning.need.title')}</h2>
          <p class="muted small">{t('planning.need.help', { year: doc.year })}</p>
          {doc.units.length ? <NeedTable doc={doc} cadreName={cadreName} /> : <p class="muted">{t('planning.none')}</p>}
          <h2>{t('planning.projection')}</h2>
          <p class="muted small">{t('planning.projection.help', { window: doc.window_years })}</p>
          {doc.projections.map((p) => <Projection key={p.cadre} p={p} cadreName={cadreName} />)}
        </>
      )}
    </section>
  );
}
