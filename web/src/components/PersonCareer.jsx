// The career part of a person's page: eligibility with what is missing,
// certificates (issue, renew, revoke), prior learning, training history and
// lattice moves (promote / lateral move). The People screen renders
// <PersonCareer person={person} onChange={reload} /> below the profile; this
// component owns everything inside it.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { Link } from '../router.js';
import * as session from '../session.js';
import { Form } from './Form.jsx';
import { errorText } from '../api.js';
import { useGet } from './useGet.js';
import { RevokeForm, PrintLink } from '../screens/Certificates.jsx';
import {
  useCatalogue, certificationName, courseName, cadreName, formatDay, missingText, shortCommit, today, orgUnit,
} from '../careers-data.jsx';


function Problem({ error }) {
  if (!error) return null;
  // A role without this permission simply does not see this part (the server decides).
  if (error.status === 403) return <p class="muted small">{t('pcareer.notForRole')}</p>;
  return <p class="problem" role="alert">{errorText(error)}</p>;
}

function Missing({ items }) {
  if (!items || !items.length) return null;
  return (
    <>
      <p class="missing-title">{t('pcareer.stillNeeds')}</p>
      <ul class="missing">{items.map((m, i) => <li key={i}>{missingText(m)}</li>)}</ul>
    </>
  );
}

/* A rule that failed for this person: its own item says so (file, line, message); the
 * other certifications and moves still answer. */
function RuleError({ error }) {
  if (!error) return null;
  const where = `${error.file || '?'}${error.line ? `:${error.line}` : ''}`;
  return (
    <div class="problem rule-error" role="alert">
      <p>{t('pcareer.ruleError', { where })}</p>
      <p class="small"><code>{error.message}</code></p>
    </div>
  );
}

/* ---- certificates --------------------------------------------------------------------- */

function IssueForm({ person, item, renewing, override, onIssued }) {
  const fields = [
    { name: 'issued_date', type: 'date', label: { t: 'pcareer.f.issueDate' } },
    { name: 'evidence', type: 'textarea', max_length: 1000, label: { t: 'pcareer.f.noteForTheRecord' },
      help: { t: 'pcareer.f.forExampleTheLetter' } },
  ];
  if (override) {
    fields.unshift({ name: 'override_reason', type: 'textarea', required: true, max_length: 1000,
      label: { t: 'pcareer.f.whyIssueAlthoughThe' },
      help: { t: 'pcareer.f.administratorsOnlyTheReason' } });
  }
  const label = override ? t('pcareer.issueAnyway') : renewing ? t('pcareer.renew') : t('pcareer.issue');
  return (
    <Form id={`issue-${item.certification}${override ? '-override' : ''}`} fields={fields} initial={{ issued_date: today() }}
      submitLabel={label}
      onSubmit={async (v) => {
        const cert = await api.post(`/api/v1/people/${person.id}/certificates`, { certification: item.certification, ...v });
        onIssued(cert);
      }} />
  );
}

function Eligibility({ rev, person, cat, certs, onIssued }) {
  const el = useGet(`/api/v1/people/${person.id}/eligibility`, rev);
  const [open, setOpen] = useState(null);
  const canIssue = session.can('certificates.issue');
  const canOverride = session.can('certificates.override', 'administrator');
  if (el.error) return <Problem error={el.error} />;
  if (!el.data) return <p class="muted" role="status">{t('app.loading')}</p>;
  const held = (id) => (certs || []).some((c) => c.certification === id && c.status === 'valid');
  const refresher = (id) => cat?.certifications?.find((c) => c.id === id)?.refresher?.course;
  return (
    <ul class="eligibility">
      {el.data.items.map((it) => {
        const renewing = held(it.certification);
        return (
          <li key={it.certification} class={`elig ${it.eligible ? 'is-eligible' : 'not-eligible'}`}>
            <h4>{localName(it.name, it.certification)}</h4>
            <p class="elig-state">
              {it.eligible
                ? <span class="badge badge-ok">{t('pcareer.eligible')}</span>
                : <span class="badge">{it.error ? t('pcareer.ruleFailed') : t('pcareer.notYet')}</span>}
              {renewing && <span class="muted small"> {t('pcareer.holdsValid')}</span>}
            </p>
            {renewing && refresher(it.certification) && (
              <p class="small">{t('pcareer.renewNeeds', { course: courseName(cat, refresher(it.certification)) })}</p>
            )}
            <RuleError error={it.error} />
            <Missing items={it.missing} />
            {canIssue && it.eligible && (
              open === it.certification
                ? <IssueForm person={person} item={it} renewing={renewing} onIssued={(c) => { setOpen(null); el.reload(); onIssued(c); }} />
                : <button type="button" class="small-button" onClick={() => setOpen(it.certification)}
                  aria-label={`${renewing ? t('pcareer.renew') : t('pcareer.issue')}: ${localName(it.name, it.certification)}`}>
                  {renewing ? t('pcareer.renew') : t('pcareer.issue')}
                </button>
            )}
            {canOverride && !it.eligible && (
              <details class="override">
                <summary>{t('pcareer.override')}<span class="visually-hidden">: {localName(it.name, it.certification)}</span></summary>
                <IssueForm person={person} item={it} renewing={renewing} override onIssued={(c) => { el.reload(); onIssued(c); }} />
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function statusText(c) {
  if (c.status === 'revoked') return t('pcareer.revokedOn', { date: formatDay(c.revoked_date), reason: c.revoked_reason || '' });
  if (c.status === 'valid' && c.expires_date && c.expires_date < today()) return t('certificates.state.expired');
  return t(`certificates.state.${c.status}`) || c.status;
}

function CertificatesHeld({ cat, certs, onChange, fresh }) {
  const [revoking, setRevoking] = useState(null);
  const canRevoke = session.can('certificates.issue');
  if (!certs) return null;
  if (!certs.length) return <p class="muted">{t('pcareer.noCertificates')}</p>;
  return (
    <div class="table-wrap">
      <table class="list certs">
        <caption class="visually-hidden">{t('pcareer.certificates')}</caption>
        <thead><tr>
          <th scope="col">{t('certificates.number')}</th><th scope="col">{t('certificates.certification')}</th>
          <th scope="col">{t('pcareer.issued')}</th><th scope="col">{t('certificates.expires')}</th>
          <th scope="col">{t('pcareer.status')}</th><th scope="col">{t('pcareer.commit')}</th>
          {canRevoke && <th scope="col"><span class="visually-hidden">{t('certificates.actions')}</span></th>}
        </tr></thead>
        <tbody>
          {certs.map((c) => (
            <tr key={c.id} class={fresh === c.id ? 'fresh' : ''}>
              <th scope="row"><code class="cert-number">{c.number}</code> <PrintLink number={c.number} />
                {c.override_reason && <span class="small muted"> {t('pcareer.overridden', { reason: c.override_reason })}</span>}</th>
              <td>{certificationName(cat, c.certification)}{c.renews_id && <span class="small muted"> {t('pcareer.renewal')}</span>}</td>
              <td>{formatDay(c.issued_date)}</td>
              <td>{c.expires_date ? formatDay(c.expires_date) : t('certificates.noExpiry')}</td>
              <td>{statusText(c)}</td>
              <td><code title={c.config_id}>{shortCommit(c.config_id)}</code></td>
              {canRevoke && (
                <td>
                  {c.status === 'valid' && (revoking === c.id
                    ? <div class="revoke-box">
                      <RevokeForm cert={c} onDone={() => { setRevoking(null); onChange(); }} />
                      <button type="button" class="small-button" onClick={() => setRevoking(null)}>{t('certificates.cancel')}</button>
                    </div>
                    : <button type="button" class="small-button" onClick={() => setRevoking(c.id)}
                      aria-label={`${t('certificates.revoke')}: ${c.number}`}>{t('certificates.revoke')}</button>)}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/* ---- training and prior learning ---------------------------------------------------------- */

function TrainingHistory({ rev, person, cat }) {
  const h = useGet(`/api/v1/people/${person.id}/training`, rev);
  if (h.error) return <Problem error={h.error} />;
  if (!h.data) return null;
  if (!h.data.items.length) return <p class="muted">{t('pcareer.noTraining')}</p>;
  return (
    <ul class="history">
      {h.data.items.map((e) => (
        <li key={e.id}>
          <Link href={`/training/${e.event_id}`}>{courseName(cat, e.course)}</Link>
          {e.course_version && <span class="muted small"> ({t('training.curriculum')} {e.course_version})</span>}
          {' · '}{formatDay(e.start_date)} – {formatDay(e.end_date)}
          <br />
          <span>
            {e.attended == null ? t('training.noResult') : !e.attended ? t('training.absent')
              : e.passed ? t('pcareer.passedOn', { date: formatDay(e.completed_date) }) : t('training.notPassed')}
            {e.score != null && ` · ${t('training.scoreIs', { score: formatNumber(e.score) })}`}
            {e.travelled && ` · ${t('training.travelDistrict')}`}
          </span>
        </li>
      ))}
    </ul>
  );
}

function PriorLearning({ rev, person, cat, onChange }) {
  const list = useGet(`/api/v1/people/${person.id}/prior-learning`, rev);
  const [added, setAdded] = useState(0);
  const canWrite = session.can('prior_learning.write');
  const courses = (cat?.courses || []).map((c) => ({ value: c.id, label: c.name }));
  const fields = [
    { name: 'kind', type: 'choice', required: true, label: { t: 'pcareer.f.kindOfCredit' },
      options: [{ value: 'training', label: { t: 'pcareer.f.earlierTraining' } },
        { value: 'experience', label: { t: 'pcareer.f.workExperience' } }] },
    { name: 'what', type: 'text', required: true, max_length: 500, label: { t: 'pcareer.f.whatWasLearntOr' },
      help: { t: 'pcareer.f.forExampleMvcCaregiver' } },
    { name: 'evidence', type: 'textarea', required: true, max_length: 1000, label: { t: 'pcareer.f.evidenceSeen' } },
    { name: 'equivalent_course', type: 'choice', options: courses, label: { t: 'pcareer.f.countsAsTheCourse' },
      help: { t: 'pcareer.f.rulesThenTreatThe' } },
    { name: 'hours', type: 'number', min: 0, label: { t: 'pcareer.f.hoursOfCredit' } },
    { name: 'approved_by', type: 'text', required: true, max_length: 200, label: { t: 'pcareer.f.approvedBy' } },
    { name: 'approved_date', type: 'date', required: true, label: { t: 'pcareer.f.approvedOn' } },
  ];
  return (
    <>
      {list.error && <Problem error={list.error} />}
      {list.data && !list.data.items.length && <p class="muted">{t('pcareer.noPrior')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul class="history">
          {list.data.items.map((p) => (
            <li key={p.id}>
              <strong>{p.what}</strong> <span class="muted small">({p.kind === 'training' ? t('pcareer.priorTraining') : t('pcareer.priorExperience')})</span>
              <br />
              {p.equivalent_course && <span>{t('pcareer.countsAs', { course: courseName(cat, p.equivalent_course) })} · </span>}
              {p.hours != null && <span>{t('pcareer.hours', { n: formatNumber(p.hours) })} · </span>}
              <span>{t('pcareer.approved', { by: p.approved_by, date: formatDay(p.approved_date) })}</span>
              <br /><span class="muted small">{t('pcareer.evidence', { evidence: p.evidence })}</span>
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <details class="add">
          <summary>{t('pcareer.recordPrior')}</summary>
          <Form key={added} id="prior" fields={fields} initial={{ approved_date: today() }} submitLabel={t('pcareer.savePrior')}
            onSubmit={async (v) => {
              await api.post(`/api/v1/people/${person.id}/prior-learning`, v);
              setAdded(added + 1); list.reload(); onChange();
            }} />
        </details>
      )}
    </>
  );
}

/* ---- moves ------------------------------------------------------------------------------- */

function MoveForm({ person, move, cat, override, onMoved }) {
  const [options, setOptions] = useState(null);
  const [problem, setProblem] = useState(null);
  useEffect(() => {
    api.get(`/api/v1/positions?cadre=${encodeURIComponent(move.to)}&vacant=true&limit=200`).then(async (r) => {
      const items = r.items || [];
      const units = await Promise.all(items.map((p) => orgUnit(p.org_unit_id)));
      setOptions(items.map((p, i) => ({ value: String(p.id), label: `${p.title} — ${localName(units[i]?.name, units[i]?.code || '')}` })));
    }, (e) => setProblem(errorText(e)));
  }, [move.move]);
  if (problem) return <p class="problem" role="alert">{problem}</p>;
  if (!options) return <p class="muted" role="status">{t('app.loading')}</p>;
  if (!options.length) return <p class="notice">{t('pcareer.noVacancy', { cadre: cadreName(cat, move.to) })}</p>;
  const fields = [
    { name: 'position_id', type: 'choice', required: true, options, label: { t: 'pcareer.f.newPostVacant' } },
    { name: 'date', type: 'date', required: true, label: { t: 'pcareer.f.dateOfTheMove' } },
    { name: 'engagement', type: 'choice', label: { t: 'pcareer.f.engagementInTheNew' },
      options: [{ value: 'volunteer', label: { t: 'pcareer.f.volunteer' } }, { value: 'stipend', label: { t: 'pcareer.f.stipend' } },
        { value: 'salaried', label: { t: 'pcareer.f.salaried' } }] },
  ];
  if (override) {
    fields.push({ name: 'override_reason', type: 'textarea', required: true, max_length: 1000,
      label: { t: 'pcareer.f.whyMoveAlthoughThe' } });
  }
  return (
    <Form id={`move-${move.move.replace(/[^a-z0-9]+/gi, '-')}`} fields={fields} initial={{ date: today() }}
      submitLabel={move.kind === 'vertical' ? t('pcareer.promote') : t('pcareer.moveAcross')}
      onSubmit={async (v) => {
        const r = await api.post(`/api/v1/people/${person.id}/moves`, { move: move.move, ...v, position_id: Number(v.position_id) });
        onMoved(r, move);
      }} />
  );
}

/** What a recorded move did: the old post ended and now awaits a trained replacement. */
function MoveResult({ result, cat }) {
  const [oldPost, setOldPost] = useState(null);
  const [newPost, setNewPost] = useState(null);
  const { ended, started, replacement, career_move: m } = result.r;
  useEffect(() => {
    const oldId = replacement?.position_id ?? ended?.position_id;
    if (oldId) api.get(`/api/v1/positions/${oldId}`).then(setOldPost, () => {});
    if (started?.position_id) api.get(`/api/v1/positions/${started.position_id}`).then(setNewPost, () => {});
  }, [result]);
  return (
    <div class="notice move-result" role="status" tabindex={-1} id="move-result">
      <p><strong>{t('pcareer.moved', { move: `${cadreName(cat, result.move.from || '')} → ${cadreName(cat, result.move.to)}`, date: formatDay(m?.move_date || started?.start_date) })}</strong></p>
      <ul>
        {newPost && <li>{t('pcareer.newPost', { post: newPost.title, date: formatDay(started.start_date) })}</li>}
        {ended && <li>{t('pcareer.oldEnded', { post: oldPost?.title || `#${ended.position_id}`, reason: t(`pcareer.reason.${ended.end_reason}`), date: formatDay(ended.end_date) })}</li>}
        {oldPost && (
          <li class="old-post">
            {oldPost.title}: <strong class="state-bad">{oldPost.vacant ? t('pcareer.vacant') : t('pcareer.filled')}</strong>
            {replacement && <> · <span class="badge">{t('pcareer.replacementNeeded')}</span></>}
          </li>
        )}
        <li>{t('pcareer.successRecorded')}</li>
      </ul>
    </div>
  );
}

function Moves({ rev, person, cat, onChange }) {
  const career = useGet(`/api/v1/people/${person.id}/career`, rev);
  const history = useGet(`/api/v1/people/${person.id}/moves`, rev);
  const [open, setOpen] = useState(null);
  const [result, setResult] = useState(null);
  const canMove = session.can('careers.move');
  const canOverride = session.can('certificates.override', 'administrator');
  if (career.error) return <Problem error={career.error} />;
  if (!career.data) return null;
  const c = career.data;
  const moved = (r, move) => {
    setOpen(null);
    setResult({ r, move: { ...move, from: c.current[0] } });
    career.reload(); history.reload(); onChange();
    requestAnimationFrame(() => document.getElementById('move-result')?.focus());
  };
  const title = (m) => `${m.kind === 'vertical' ? t('careers.vertical') : t('careers.lateral')}: ${cadreName(cat, m.move.split('->')[0])} → ${cadreName(cat, m.to)}`;
  return (
    <>
      {result && <MoveResult result={result} cat={cat} />}
      <p>{c.current.length ? t('pcareer.holdsNow', { cadres: c.current.map((x) => cadreName(cat, x)).join(', ') }) : t('pcareer.holdsNothing')}</p>
      <h4>{t('pcareer.readyFor')}</h4>
      {!c.eligible.length && <p class="muted">{t('pcareer.readyForNone')}</p>}
      <ul class="moves-now">
        {c.eligible.map((m) => (
          <li key={m.move} class="elig is-eligible">
            <p><strong>{title(m)}</strong> <span class="badge badge-ok">{t('careers.readyNow')}</span></p>
            {canMove && (open === m.move
              ? <MoveForm person={person} move={m} cat={cat} onMoved={moved} />
              : <button type="button" class="small-button" onClick={() => setOpen(m.move)}
                aria-label={`${m.kind === 'vertical' ? t('pcareer.promote') : t('pcareer.moveAcross')}: ${title(m)}`}>
                {m.kind === 'vertical' ? t('pcareer.promote') : t('pcareer.moveAcross')}
              </button>)}
          </li>
        ))}
      </ul>
      <details class="others">
        <summary>{t('pcareer.otherMoves', { n: formatNumber(c.others.length) })}</summary>
        <ul class="moves-later">
          {c.others.map((m) => (
            <li key={m.move}>
              <p><strong>{title(m)}</strong></p>
              {m.bridging && m.bridging.length > 0 && <p class="small">{t('pcareer.bridging', { courses: m.bridging.map((b) => courseName(cat, b)).join(', ') })}</p>}
              <RuleError error={m.error} />
              <Missing items={m.missing} />
              {canMove && canOverride && !m.missing.some((x) => x.from_cadre) && (
                <details class="override">
                  <summary>{t('pcareer.moveOverride')}<span class="visually-hidden">: {title(m)}</span></summary>
                  <MoveForm person={person} move={m} cat={cat} override onMoved={moved} />
                </details>
              )}
            </li>
          ))}
        </ul>
      </details>
      {history.data && history.data.items.length > 0 && (
        <>
          <h4>{t('pcareer.pastMoves')}</h4>
          <ul class="history">
            {history.data.items.map((m) => (
              <li key={m.id}>{formatDay(m.move_date)} · {title({ ...m, to: m.move.split('->')[1] })} · {m.outcome === 'success' ? t('pcareer.success') : m.outcome}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** PERSON is GET /api/v1/people/{id}; ONCHANGE reloads the page after a change. */
export function PersonCareer({ person, onChange = () => {} }) {
  const cat = useCatalogue();
  const [rev, setRev] = useState(0);
  const certs = useGet(person ? `/api/v1/people/${person.id}/certificates` : null, rev);
  const [fresh, setFresh] = useState(null);
  if (!person) return null;
  const changed = () => { setRev((r) => r + 1); onChange(); };
  return (
    <section class="person-career" aria-labelledby="person-career-title">
      <h2 id="person-career-title">{t('pcareer.title')}</h2>

      <section class="pc-part" aria-labelledby="pc-elig">
        <h3 id="pc-elig">{t('pcareer.eligibility')}</h3>
        <p class="muted small">{t('pcareer.eligibilityHelp')}</p>
        <Eligibility person={person} cat={cat} rev={rev} certs={certs.data?.items}
          onIssued={(c) => { setFresh(c.id); changed(); }} />
      </section>

      <section class="pc-part" aria-labelledby="pc-certs">
        <h3 id="pc-certs">{t('pcareer.certificates')}</h3>
        {certs.error ? <Problem error={certs.error} />
          : <CertificatesHeld cat={cat} certs={certs.data?.items} fresh={fresh} onChange={changed} />}
      </section>

      <section class="pc-part" aria-labelledby="pc-moves">
        <h3 id="pc-moves">{t('pcareer.moves')}</h3>
        <Moves person={person} cat={cat} rev={rev} onChange={changed} />
      </section>

      <section class="pc-part" aria-labelledby="pc-training">
        <h3 id="pc-training">{t('pcareer.training')}</h3>
        <TrainingHistory person={person} cat={cat} rev={rev} />
      </section>

      <section class="pc-part" aria-labelledby="pc-prior">
        <h3 id="pc-prior">{t('pcareer.prior')}</h3>
        <PriorLearning person={person} cat={cat} rev={rev} onChange={changed} />
      </section>
    </section>
  );
}
