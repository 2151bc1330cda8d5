// The org units of the user's area and one unit's page: where it sits, the units
// below it, and its population by year and group (GET /api/v1/org-units/{id}/population)
// with how each figure was found — the unit's own, or the sum of the units below it
// naming those without a figure — and a year without a figure said as such. Holders
// of population.write import figures from a CSV file here (POST /api/v1/population/import).
import { useState } from 'preact/hooks';
import { t, localName, formatNumber } from '../i18n.js';
import { can } from '../session.js';
import { Link } from '../router.js';
import { useGet } from '../components/useGet.js';
import { errorText } from '../api.js';
import { useTitleFocusAfterLoad } from '../components/focusTitle.js';
import { sendCsv } from '../transfer.js';

const unitName = (u) => localName(u.name, u.code);

function UnitList({ units, label }) {
  if (!units.length) return <p class="muted">{t('orgunits.noneBelow')}</p>;
  return (
    <ul class="unit-list" aria-label={label}>
      {units.map((u) => (
        <li key={u.id}><Link href={`/org-units/${u.id}`}>{unitName(u)}</Link> <span class="muted small">{u.code} · {u.level}</span></li>
      ))}
    </ul>
  );
}

/** The top units of the user's area. */
export function OrgUnits() {
  const top = useGet('/api/v1/org-units?limit=200');
  useTitleFocusAfterLoad(!top.loading);
  return (
    <section class="org-units">
      <h1 id="main-title" tabindex={-1}>{t('orgunits.title')}</h1>
      <p>{t('orgunits.intro')}</p>
      {top.loading && <p>{t('app.loading')}</p>}
      {top.error && <p class="problem" role="alert">{errorText(top.error)}</p>}
      {top.data && <UnitList units={top.data.org_units} label={t('orgunits.title')} />}
    </section>
  );
}

/** How a figure was found, in words. */
function how(f, unit) {
  if (f.missing) return t('orgunits.pop.noFigure', { year: String(f.year) });
  const base = f.source === 'own'
    ? t('orgunits.pop.own', { unit: unitName(unit) })
    : t('orgunits.pop.sum', { n: formatNumber(f.figures) });
  return f.missing_units?.length
    ? `${base} ${t('orgunits.pop.leftOut', { units: f.missing_units.join(', ') })}`
    : base;
}

function Population({ unit }) {
  const [year, setYear] = useState('');
  const [asked, setAsked] = useState('');
  const pop = useGet(`/api/v1/org-units/${unit.id}/population${asked ? `?year=${asked}` : ''}`);
  const groups = useGet('/api/v1/catalogue/population_groups');
  const groupName = (id) => {
    const g = (groups.data?.items || []).find((x) => x.id === id);
    return g ? localName(g.name, id) : id;
  };
  const figures = pop.data?.figures || [];
  return (
    <section aria-labelledby="population-title">
      <h2 id="population-title">{t('orgunits.pop.title')}</h2>
      <form class="inline-form" onSubmit={(e) => { e.preventDefault(); setAsked(year.trim()); }}>
        <label for="population-year">{t('orgunits.pop.year')}</label>
        <input id="population-year" type="number" min="1900" max="2200" value={year}
          onInput={(e) => setYear(e.currentTarget.value)} />
        <button type="submit" class="small-button">{t('orgunits.pop.show')}</button>
        {asked && <button type="button" class="small-button" onClick={() => { setYear(''); setAsked(''); }}>{t('orgunits.pop.allYears')}</button>}
      </form>
      {pop.error && <p class="problem" role="alert">{errorText(pop.error)}</p>}
      {pop.data && figures.length === 0 && <p class="muted" id="population-none">{t('orgunits.pop.none')}</p>}
      {figures.length > 0 && (
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="population-title">
          <table class="list population-table">
            <thead><tr>
              <th scope="col">{t('orgunits.pop.year')}</th>
              <th scope="col">{t('orgunits.pop.group')}</th>
              <th scope="col">{t('orgunits.pop.people')}</th>
              <th scope="col">{t('orgunits.pop.how')}</th>
            </tr></thead>
            <tbody>
              {figures.map((f) => (
                <tr key={`${f.year}-${f.group}`} class={f.missing ? 'missing' : undefined}>
                  <td>{f.year}</td>
                  <td>{groupName(f.group)}</td>
                  <td class="num">{f.missing ? '—' : formatNumber(f.count)}</td>
                  <td>{how(f, unit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {can('population.write') && <PopulationImport onDone={pop.reload} />}
    </section>
  );
}

function PopulationImport({ onDone }) {
  const [file, setFile] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(null);
  const [problem, setProblem] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setDone(null); setProblem(null);
    if (!file) { setProblem({ message: t('orgunits.import.pick') }); return; }
    setBusy(true);
    try {
      const r = await sendCsv('/api/v1/population/import', await file.text());
      setDone(t('orgunits.import.done', { figures: formatNumber(r.figures), rows: formatNumber(r.rows) }));
      onDone();
    } catch (err) {
      setProblem({ message: errorText(err), rows: err.rows || [] });
    }
    setBusy(false);
  };
  return (
    <form class="population-import" onSubmit={submit} aria-labelledby="population-import-title">
      <h3 id="population-import-title">{t('orgunits.import.title')}</h3>
      <p class="muted small">{t('orgunits.import.help')}</p>
      <div class="field">
        <label for="population-file">{t('orgunits.import.file')}</label>
        <input id="population-file" type="file" accept=".csv,text/csv"
          onChange={(e) => setFile(e.currentTarget.files[0] || null)} />
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy} aria-busy={busy ? 'true' : undefined}>{t('orgunits.import.upload')}</button>
      </div>
      {done && <p class="ok" role="status">{done}</p>}
      {problem && (
        <div class="problem" role="alert">
          <p>{problem.message}</p>
          {problem.rows?.length > 0 && (
            <ul class="import-problems">
              {problem.rows.map((r, i) => (
                <li key={i}>{t('orgunits.import.at', { row: String(r.row), column: String(r.column) })} {r.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}

/** One unit's page. */
export function OrgUnit({ params }) {
  const u = useGet(`/api/v1/org-units/${params.id}`, params.id);
  const below = useGet(`/api/v1/org-units/${params.id}/children?limit=500`, params.id);
  useTitleFocusAfterLoad(!u.loading);
  if (u.loading && !u.data) return <p>{t('app.loading')}</p>;
  if (u.error) {
    return (
      <section>
        <h1 id="main-title" tabindex={-1}>{t('orgunits.notFound')}</h1>
        <p>{u.error.status === 404 ? t('orgunits.notFoundText') : errorText(u.error)}</p>
        <p><Link href="/org-units">{t('orgunits.back')}</Link></p>
      </section>
    );
  }
  const unit = u.data;
  const path = Array.isArray(unit.path) ? unit.path : [];
  return (
    <section class="org-unit">
      {path.length > 1 && (
        <nav aria-label={t('orgunits.where')} class="breadcrumb">
          {path.slice(0, -1).map((p) => <span key={p.id}>{unitName(p)} › </span>)}
        </nav>
      )}
      <h1 id="main-title" tabindex={-1}>{unitName(unit)}</h1>
      <p class="muted">{t('orgunits.codeLevel', { code: unit.code, level: unit.level })}</p>
      <Population key={unit.id} unit={unit} />
      <section aria-labelledby="below-title">
        <h2 id="below-title">{t('orgunits.below')}</h2>
        {below.data && <UnitList units={below.data.org_units} label={t('orgunits.below')} />}
      </section>
    </section>
  );
}
