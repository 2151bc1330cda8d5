// The career lattice (principles 8, 9, 11): every cadre and move the configuration
// declares, drawn as a graph (Cytoscape.js, loaded only here) with the same moves in
// a table for screen readers and keyboards; choosing a move shows the ranked
// candidates for it in an area, and the posts that moves left awaiting a trained
// replacement.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber, language } from '../i18n.js';
import { Link } from '../router.js';
import { errorText } from '../api.js';
import { OrgUnitPicker } from '../components/RecordPicker.jsx';
import { ComingSoon } from './ComingSoon.jsx';
import * as session from '../session.js';
import { useCatalogue, courseName, cadreName, formatDay, missingText, shortCommit, UnitName } from '../careers-data.jsx';
import { personName, PersonName } from '../names.js';

const comingSoon = { nav: 'nav.careers', needs: 'registry', api: '/api/v1/careers/lattice', about: 'about.careers' };

function moveName(lattice, cat, e) {
  const name = (id) => localName(lattice.nodes.find((n) => n.id === id)?.name, cadreName(cat, id));
  return `${name(e.from)} → ${name(e.to)}`;
}

function LatticeGraph({ lattice, selected, onSelect }) {
  const box = useRef(null);
  const graph = useRef(null);
  const [failed, setFailed] = useState(null);
  const lang = language();
  useEffect(() => {
    let cancelled = false;
    import('../lattice-graph.js').then(({ drawLattice }) => {
      if (cancelled || !box.current) return;
      graph.current = drawLattice(box.current, lattice, { label: (n) => localName(n.name, n.id), onSelect });
      graph.current.select(selected);
    }, (e) => setFailed(String(e && e.message)));
    return () => { cancelled = true; graph.current?.destroy(); graph.current = null; };
  }, [lattice, lang]);
  useEffect(() => { graph.current?.select(selected); }, [selected]);
  const vertical = lattice.edges.filter((e) => e.kind === 'vertical').length;
  return (
    <figure class="lattice">
      <figcaption id="lattice-caption">{t('careers.graphTitle')}</figcaption>
      {/* On a phone the drawing keeps a readable size and scrolls sideways inside its frame. */}
      <div class="lattice-scroll" tabindex={0} role="group" aria-labelledby="lattice-caption">
        <div class="lattice-box" ref={box} role="img"
          aria-label={t('careers.graphLabel', { nodes: formatNumber(lattice.nodes.length), vertical: formatNumber(vertical), lateral: formatNumber(lattice.edges.length - vertical) })} />
      </div>
      {failed && <p class="problem">{t('careers.graphFailed')}</p>}
      <ul class="legend">
        <li><span class="key key-vertical" aria-hidden="true" /> {t('careers.legendVertical')}</li>
        <li><span class="key key-lateral" aria-hidden="true" /> {t('careers.legendLateral')}</li>
        <li class="muted">{t('careers.legendClick')}</li>
      </ul>
    </figure>
  );
}

function MovesTable({ lattice, cat, selected, onSelect }) {
  return (
    <div class="table-wrap">
      <table class="list moves">
        <caption>{t('careers.movesCaption')}</caption>
        <thead><tr>
          <th scope="col">{t('careers.move')}</th><th scope="col">{t('careers.kind')}</th>
          <th scope="col">{t('careers.bridging')}</th><th scope="col"><span class="visually-hidden">{t('careers.actions')}</span></th>
        </tr></thead>
        <tbody>
          {lattice.edges.map((e) => (
            <tr key={e.id} class={selected === e.id ? 'selected' : ''}>
              <th scope="row">{moveName(lattice, cat, e)}</th>
              <td>{e.kind === 'vertical' ? t('careers.vertical') : t('careers.lateral')}</td>
              <td>{(e.bridging || []).length ? e.bridging.map((c) => courseName(cat, c)).join(', ') : '—'}</td>
              <td>
                <button type="button" class="small-button" aria-pressed={selected === e.id ? 'true' : 'false'}
                  aria-label={`${t('careers.showCandidates')}: ${moveName(lattice, cat, e)}`}
                  onClick={() => onSelect(e.id)}>{t('careers.showCandidates')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Candidates({ lattice, cat, move, unit }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    setData(null); setError(null);
    const q = new URLSearchParams({ move, limit: '100' });
    if (unit) q.set('org_unit', String(unit.id));
    api.get(`/api/v1/careers/candidates?${q}`).then(setData, (e) => setError(errorText(e)));
  }, [move, unit?.id]);
  const edge = lattice.edges.find((e) => e.id === move);
  return (
    <section class="candidates" aria-labelledby="candidates-title">
      <h2 id="candidates-title" tabindex={-1}>{t('careers.candidatesFor', { move: edge ? moveName(lattice, cat, edge) : move })}</h2>
      {error && <p class="problem" role="alert">{error}</p>}
      {!data && !error && <p class="muted" role="status">{t('app.loading')}</p>}
      {data && (
        <>
          <p class="muted">{t('careers.evaluated', { n: formatNumber(data.evaluated ?? data.items.length), eligible: formatNumber(data.items.filter((c) => c.eligible).length) })}</p>
          {data.items.length === 0 && <p>{t('careers.noCandidates', { cadre: cadreName(cat, data.from) })}</p>}
          <ol class="ranked">
            {data.items.map((c) => (
              <li key={c.person_id} class={c.eligible ? 'is-eligible' : ''}>
                <Link href={`/people/${c.person_id}/career`}>{personName(c)}</Link>{' '}
                {c.eligible
                  ? <span class="badge badge-ok">{t('careers.readyNow')}</span>
                  : <span class="badge">{t('careers.missingCount', { n: formatNumber(c.missing.length) })}</span>}
                {!c.eligible && (
                  <ul class="missing">{c.missing.map((m, i) => <li key={i}>{missingText(m)}</li>)}</ul>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function Replacements({ cat, unit }) {
  const [rows, setRows] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const q = unit ? `?org_unit=${unit.id}` : '';
    api.get(`/api/v1/careers/replacements${q}`).then((r) => setRows(r.items || []), (e) => setError(errorText(e)));
  }, [unit?.id]);
  return (
    <section aria-labelledby="replacements-title">
      <h2 id="replacements-title">{t('careers.replacements')}</h2>
      <p class="muted">{t('careers.replacementsHelp')}</p>
      {error && <p class="problem" role="alert">{error}</p>}
      {rows && rows.length === 0 && <p>{t('careers.noReplacements')}</p>}
      {rows && rows.length > 0 && (
        <div class="table-wrap">
          <table class="list">
            <caption class="visually-hidden">{t('careers.replacements')}</caption>
            <thead><tr>
              <th scope="col">{t('careers.post')}</th><th scope="col">{t('careers.cadre')}</th>
              <th scope="col">{t('careers.place')}</th><th scope="col">{t('careers.vacantSince')}</th>
              <th scope="col">{t('careers.leftBy')}</th>
            </tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.position_id}>
                  <th scope="row">{r.title || `#${r.position_id}`}</th>
                  <td>{cadreName(cat, r.cadre)}</td>
                  <td><UnitName id={r.org_unit_id} /></td>
                  <td>{formatDay(r.since_date)}</td>
                  <td>{r.promoted_person_id ? <Link href={`/people/${r.promoted_person_id}/career`}><PersonName id={r.promoted_person_id} /></Link> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function Careers() {
  const cat = useCatalogue();
  const [lattice, setLattice] = useState(null);
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(false);
  const [selected, setSelected] = useState(null);
  const [unit, setUnit] = useState(null);
  useEffect(() => {
    api.get('/api/v1/careers/lattice').then(setLattice, (e) => (e.status === 404 ? setMissing(true) : setError(errorText(e))));
  }, []);
  const select = (id) => {
    setSelected(id);
    requestAnimationFrame(() => document.getElementById('candidates-title')?.focus());
  };
  if (missing) return <ComingSoon screen={comingSoon} />;
  return (
    <section class="careers">
      <h1 id="main-title" tabindex={-1}>{t('nav.careers')}</h1>
      <p>{t('about.careers')}</p>
      {error && <p class="problem" role="alert">{error}</p>}
      {lattice && (
        <>
          <LatticeGraph lattice={lattice} selected={selected} onSelect={select} />
          <MovesTable lattice={lattice} cat={cat} selected={selected} onSelect={select} />
          <p class="muted small">{t('careers.configuration')} <code title={lattice.config_id}>{shortCommit(lattice.config_id)}</code></p>
          {/* Candidates and replacements are about people: HR officers only (analysts see the lattice). */}
          {session.can('careers.read') && (
            <>
              <div class="area-choice">
                <OrgUnitPicker id="careers-unit" label={t('careers.area')} help={t('careers.areaHelp')} optional value={unit} onChange={setUnit} />
              </div>
              {selected && <Candidates lattice={lattice} cat={cat} move={selected} unit={unit} />}
              <Replacements cat={cat} unit={unit} />
            </>
          )}
        </>
      )}
    </section>
  );
}
