// Workforce planning (GET /api/v1/planning): need from the staffing norms
// (kazi.norm), supply (the active workforce) and shortfall per area of a level and
// cadre; then, per cadre, the projection of supply with the assumptions it used
// (observed in the register, or typed here) and a second scenario (more trained a
// year, its own leaving share, population growth and norms) beside the baseline.
// The address holds the request (the API's own query), so a scenario can be shared;
// a value the server refuses (422) is said at its field.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { Field, plainMessage } from '../components/Form.jsx';
import { errorText } from '../api.js';
import { normaliseField } from '../form-logic.js';
import { useTitleFocusAfterLoad } from '../components/focusTitle.js';
import { navigate, useLocation } from '../router.js';

const RATES = ['intake_per_year', 'pass_rate', 'certify_rate', 'place_rate', 'exit_rate'];
const BASE = [...RATES, 'population_growth'];
const ALT = ['extra_intake', 'alt_exit_rate', 'alt_population_growth', 'alt_norm_scale'];
const KEYS = ['level', 'cadre', 'years', ...BASE, ...ALT];
const DEFAULTS = { level: 'district', years: '5', extra_intake: '500' };
const num = (v) => (v == null ? '—' : formatNumber(v));
const pct = (v) => t('planning.percent', { n: formatNumber(v * 100) });

// The norm scale is typed as a percentage (133) and asked as a factor (1.33).
const toPercent = (v) => (v === '' || !Number.isFinite(Number(v)) ? v : String(+(Number(v) * 100).toPrecision(12)));
const toFactor = (v) => (v === '' || !Number.isFinite(Number(v)) ? v : String(+(Number(v) / 100).toPrecision(12)));

/** The form's values from the address (the defaults when it asks nothing). */
/** The default level is the country's second when it has no 'district' (Savane's nation,
 * departement, commune): the planning of the whole country by its first areas. */
function withLevel(f, levels) {
  if (f.level !== DEFAULTS.level || !levels.length || levels.some((l) => l.id === f.level)) return f;
  return { ...f, level: (levels[1] || levels[0]).id };
}

function fromAddress(query) {
  const given = KEYS.some((k) => query.has(k));
  const f = Object.fromEntries(KEYS.map((k) => [k, query.get(k) ?? (given ? '' : DEFAULTS[k] ?? '')]));
  f.alt_norm_scale = toPercent(f.alt_norm_scale);
  return f;
}

/** The API's query (and the address's) from the form's values. */
function query(form) {
  const q = new URLSearchParams();
  for (const k of KEYS) {
    const v = String(form[k] ?? '').trim();
    if (v !== '') q.set(k, k === 'alt_norm_scale' ? toFactor(v) : v);
  }
  return q.toString();
}

// The typed fields (Form.jsx's Field: label, help, error and aria wiring).
const decl = (name, label, extra = {}) => normaliseField({ name, label, type: 'number', min: 0, ...extra });
const baseFields = () => BASE.map((k) => decl(k, t(`planning.a.${k}`), { max: k === 'intake_per_year' ? undefined : 1 }));
const altFields = () => [
  decl('extra_intake', t('planning.extraIntake'), { type: 'integer' }),
  decl('alt_exit_rate', t('planning.alt.exit_rate'), { max: 1 }),
  decl('alt_population_growth', t('planning.alt.population_growth'), { max: 1 }),
  decl('alt_norm_scale', t('planning.alt.norm_scale'), { help: t('planning.alt.norm_scaleHelp') }),
];

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
  const title = s.id === 'baseline' ? t('planning.baseline')
    : s.extra_intake_per_year > 0 ? t('planning.extra', { n: formatNumber(s.extra_intake_per_year) }) : t('planning.second');
  return (
    <div class={`card planning-scenario scenario-${s.id}`}>
      <h4 id={id}>{title}</h4>
      <dl class="planning-assumptions small" aria-label={t('planning.used')}>
        <div><dt>{t('planning.a.exit_rate')}</dt><dd>{formatNumber(s.exit_rate)}</dd></div>
        <div><dt>{t('planning.a.population_growth')}</dt><dd>{formatNumber(s.population_growth)}</dd></div>
        <div><dt>{t('planning.normScale')}</dt><dd>{pct(s.norm_scale)}</dd></div>
      </dl>
      <div class="table-wrap" tabindex={0} role="region" aria-labelledby={id}>
      <table class="list">
        <thead><tr>
          <th scope="col">{t('planning.year')}</th><th scope="col" class="num">{t('planning.graduates')}</th>
          <th scope="col" class="num">{t('planning.exits')}</th><th scope="col" class="num">{t('planning.supply')}</th>
          <th scope="col" class="num">{t('planning.need')}</th><th scope="col" class="num">{t('planning.shortfall')}</th>
        </tr></thead>
        <tbody>
          {s.years.map((y) => (
            <tr key={y.year}>
              <th scope="row">{y.year}</th><td class="num">{num(y.graduates)}</td><td class="num">{num(y.exits)}</td>
              <td class="num">{num(y.supply)}</td><td class="num">{num(y.need)}</td><td class="num">{num(y.shortfall)}</td>
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
        {BASE.map((k) => (
          <div key={k}>
            <dt>{t(`planning.a.${k}`)}</dt>
            <dd>{formatNumber(a[k])} <span class="muted small">{a.overridden.includes(k) ? t('planning.typed')
              : k === 'population_growth' ? '' : t('planning.observed', { n: p.observed.enrolled, exits: p.observed.exits })}</span></dd>
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
  const loc = useLocation();
  const asked = loc.query.toString();
  const [levels, setLevels] = useState(null); // null until the catalogue answers
  const [cadres, setCadres] = useState([]);
  const [form, setForm] = useState(() => fromAddress(loc.query));
  const [doc, setDoc] = useState(null);
  const [error, setError] = useState(null);
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);
  const formRef = useRef(null);
  useTitleFocusAfterLoad(doc != null || error != null);
  const cadreName = (id) => localName(cadres.find((c) => c.id === id)?.name, id);
  const load = async (f) => {
    setBusy(true); setError(null); setErrors({});
    try {
      setDoc(await api.get(`/api/v1/planning?${query(f)}`));
    } catch (e) {
      // A refused value is said at its field (and the field gets the focus).
      const field = [...baseFields(), ...altFields()].find((x) => x.name === e.field);
      if (field && e.message && e.message !== e.code) {
        setDoc(null);
        setError(t('form.fixErrors'));
        setErrors({ [field.name]: plainMessage(field, e.message) });
        requestAnimationFrame(() => formRef.current?.querySelector(`#planning-${field.name}`)?.focus());
      } else {
        setError(errorText(e));
      }
    }
    setBusy(false);
  };
  useEffect(() => {
    api.get('/api/v1/catalogue').then((c) => {
      setLevels(c.country?.levels || []);
      setCadres(c.cadres || []);
    }, () => setLevels([]));
  }, []);
  // The address is the request: a shared or reloaded address asks the same again.
  useEffect(() => {
    if (!levels) return;
    const f = withLevel(fromAddress(loc.query), levels);
    setForm(f);
    load(f);
  }, [asked, levels]);
  const setValue = (k, v) => {
    setForm((old) => ({ ...old, [k]: v }));
    if (errors[k]) setErrors({});
  };
  const set = (k) => (e) => setValue(k, e.currentTarget.value);
  const submit = (e) => {
    e.preventDefault();
    const q = query(form);
    if (q === asked) load(form);
    else navigate(`/planning?${q}`);
  };
  const normCadres = doc ? [...new Set(doc.totals.map((s) => s.cadre))] : [];
  // The values the baseline used, as the server reports them, stand in the empty boxes.
  // (Rates differ by cadre: with several cadres they are said beside each projection.)
  const one = doc?.projections.length === 1 ? doc.projections[0].assumptions : null;
  const growth = doc?.projections[0]?.assumptions.population_growth;
  const placeholderOf = (k) => (!BASE.includes(k) ? undefined
    : k === 'population_growth' ? formatNumber(growth ?? 0)
      : one ? formatNumber(one[k]) : t('planning.observedPlaceholder'));
  const field = (f) => {
    const placeholder = placeholderOf(f.name);
    const d = { ...f, render: (p) => <input type="number" min={0} max={f.max} step={f.integer ? 1 : 'any'} {...p}
      placeholder={placeholder} onInput={(e) => p.onInput(e.currentTarget.value)} /> };
    return <Field key={f.name} f={d} id={`planning-${f.name}`} value={form[f.name]} error={errors[f.name]} onInput={setValue} />;
  };
  return (
    <section class="planning">
      <h1 id="main-title" tabindex={-1}>{t('planning.title')}</h1>
      <p>{t('planning.intro')}</p>
      <div role="alert">{error && <p class="problem">{error}</p>}</div>
      <form class="planning-form" ref={formRef} onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('planning.what')}</legend>
          <label>{t('planning.level')}
            <select value={form.level} onChange={set('level')}>
              {(levels?.length ? levels : [{ id: 'district' }]).map((l) => <option key={l.id} value={l.id}>{localName(l.name, l.id)}</option>)}
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
          {baseFields().map(field)}
        </fieldset>
        <fieldset class="planning-alt">
          <legend>{t('planning.scenario')}</legend>
          <p class="muted small">{t('planning.scenarioHelp')}</p>
          {altFields().map(field)}
        </fieldset>
        <p class="muted small">{t('planning.shared')}</p>
        <button type="submit" class="primary" disabled={busy} aria-busy={busy ? 'true' : undefined}>{busy ? t('planning.working') : t('planning.show')}</button>
      </form>
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
