// Certificates (principles 1, 10, 11): the public check of a certificate number,
// certificates expiring in the next N days and people due for refresher training
// (per org unit), and revocation with a reason. Issuing and renewing happen on the
// person's page (components/PersonCareer.jsx), where eligibility is shown.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, formatNumber } from '../i18n.js';
import { Link } from '../router.js';
import { Form } from '../components/Form.jsx';
import { errorText } from '../api.js';
import { OrgUnitPicker } from '../components/RecordPicker.jsx';
import { useGet } from '../components/useGet.js';
import { ComingSoon } from './ComingSoon.jsx';
import * as session from '../session.js';
import { useCatalogue, certificationName, courseName, formatDay } from '../careers-data.jsx';
import { personName } from '../names.js';

const comingSoon = { nav: 'nav.certificates', needs: 'registry', api: '/api/v1/certificates/expiring', about: 'about.certificates' };
const DAYS = [30, 90, 180, 365, 730, 1825];

/**
 * The public check: valid or not, for whom, issued and until when — nothing else.
 * INITIAL is checked at once when given (the shareable /verify/<number> address);
 * ONCHECKED(number) is called after each answer; HEADING false leaves out the title.
 */
export function VerifyBox({ id = 'verify', initial = '', heading = true, onChecked }) {
  const [number, setNumber] = useState(initial);
  const [answer, setAnswer] = useState(null);
  const [problem, setProblem] = useState(null);
  const run = async (typed) => {
    setAnswer(null); setProblem(null);
    const n = typed.trim();
    if (!n) { setProblem(t('certificates.numberRequired')); return; }
    try {
      const a = await api.get(`/api/v1/verify/certificates/${encodeURIComponent(n)}`, { quiet401: true });
      setAnswer(a);
      if (onChecked) onChecked(a.number);
    } catch (err) {
      setProblem(err.status === 404 ? t('certificates.noSuchNumber', { number: n })
        : err.status === 429 ? t('certificates.tooMany') : errorText(err));
    }
  };
  useEffect(() => { if (initial) run(initial); }, [initial]);
  const check = (e) => { e.preventDefault(); run(number); };
  const state = answer && (answer.valid ? 'valid' : answer.status);
  return (
    <form class="verify card" onSubmit={check} aria-labelledby={heading ? `${id}-title` : undefined}
      aria-label={heading ? undefined : t('certificates.verify')} noValidate>
      {heading && <h2 id={`${id}-title`}>{t('certificates.verify')}</h2>}
      <p class="muted">{t('certificates.verifyHelp')}</p>
      <div class="field">
        <label for={`${id}-number`}>{t('certificates.number')}</label>
        <div class="picker-row">
          <input id={`${id}-number`} type="search" value={number} autocomplete="off" spellcheck={false}
            autocapitalize="characters"
            aria-invalid={problem ? 'true' : undefined} aria-describedby={problem ? `${id}-problem` : undefined}
            onInput={(e) => setNumber(e.currentTarget.value)} />
          <button type="submit" class="primary">{t('certificates.check')}</button>
        </div>
      </div>
      <div role="status" class="verify-answer">
        {problem && <p class="field-error" id={`${id}-problem`}>{problem}</p>}
        {answer && (
          <div class={`answer answer-${state}`}>
            <p class="answer-state">{t(`certificates.state.${state}`)}</p>
            <dl class="facts">
              <div><dt>{t('certificates.number')}</dt><dd><code>{answer.number}</code></dd></div>
              <div><dt>{t('certificates.holder')}</dt><dd>{answer.holder}</dd></div>
              {answer.issued_date && <div><dt>{t('certificates.issued')}</dt><dd>{formatDay(answer.issued_date)}</dd></div>}
              <div><dt>{t('certificates.validUntil')}</dt><dd>{answer.valid_until ? formatDay(answer.valid_until) : t('certificates.noExpiry')}</dd></div>
            </dl>
          </div>
        )}
      </div>
    </form>
  );
}

/** Revoke certificate CERT with a reason; ONDONE after success. */
export function RevokeForm({ cert, onDone }) {
  return (
    <Form id={`revoke-${cert.id}`} submitLabel={t('certificates.revoke')}
      fields={[{ name: 'reason', type: 'textarea', required: true, max_length: 1000,
        label: { t: 'certificates.f.whyIsItRevoked' },
        help: { t: 'certificates.f.theReasonIsKept' } }]}
      onSubmit={async (v) => { await api.post(`/api/v1/certificates/${cert.id}/revoke`, { reason: v.reason }); onDone(); }} />
  );
}

function Filters({ id, label, days, setDays, unit, setUnit }) {
  return (
    <div class="list-filters">
      <div class="field">
        <label for={`${id}-days`}>{label}</label>
        <select id={`${id}-days`} value={String(days)} onChange={(e) => setDays(Number(e.currentTarget.value))}>
          {DAYS.map((d) => <option key={d} value={String(d)}>{t('certificates.nextDays', { n: formatNumber(d) })}</option>)}
        </select>
      </div>
      <OrgUnitPicker id={`${id}-unit`} label={t('certificates.area')} optional value={unit} onChange={setUnit} />
    </div>
  );
}

/**
 * A section listing certificates due within a chosen number of days, in a chosen
 * area: GET PATH?days=&org_unit=. HEAD is the table's header row; ROW(item, reload)
 * one row. A 404 (the route is not there yet) shows ComingSoon when MISSING is set.
 */
function DueList({ id, title, help, within, path, none, caption, head, row, missing }) {
  const [days, setDays] = useState(90);
  const [unit, setUnit] = useState(null);
  const q = new URLSearchParams({ days: String(days) });
  if (unit) q.set('org_unit', String(unit.id));
  const { data, error, reload } = useGet(`${path}?${q}`);
  if (missing && error?.status === 404) return <ComingSoon screen={missing} />;
  const rows = data ? data.items || [] : null;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {help && <p class="muted">{help}</p>}
      <Filters id={id} label={within} days={days} setDays={setDays} unit={unit} setUnit={setUnit} />
      {error && <p class="problem" role="alert">{errorText(error)}</p>}
      {rows && rows.length === 0 && <p class="muted">{none(formatNumber(days))}</p>}
      {rows && rows.length > 0 && (
        <div class="table-wrap">
          <table class="list">
            <caption class="visually-hidden">{caption || title}</caption>
            <thead><tr>{head}</tr></thead>
            <tbody>{rows.map((c) => row(c, reload))}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A link to the printable certificate with its QR code. */
export function PrintLink({ number }) {
  return (
    <Link class="small-link" href={`/certificates/${encodeURIComponent(number)}/print`}
      aria-label={`${t('certificates.print')}: ${number}`}>{t('certificates.print')}</Link>
  );
}

const holderCell = (c) => <th scope="row"><Link href={`/people/${c.person_id}/career`}>{personName(c)}</Link></th>;

function Expiring({ cat }) {
  const [revoking, setRevoking] = useState(null);
  const canRevoke = session.can('certificates.issue');
  return (
    <DueList id="expiring" title={t('certificates.expiring')} within={t('certificates.within')}
      path="/api/v1/certificates/expiring" missing={comingSoon}
      none={(n) => t('certificates.noneExpiring', { n })}
      head={<>
        <th scope="col">{t('certificates.holder')}</th><th scope="col">{t('certificates.certification')}</th>
        <th scope="col">{t('certificates.number')}</th><th scope="col">{t('certificates.expires')}</th>
        {canRevoke && <th scope="col"><span class="visually-hidden">{t('certificates.actions')}</span></th>}
      </>}
      row={(c, reload) => (
        <tr key={c.id}>
          {holderCell(c)}
          <td>{certificationName(cat, c.certification)}</td>
          <td><code>{c.number}</code> <PrintLink number={c.number} /></td>
          <td>{formatDay(c.expires_date)}</td>
          {canRevoke && (
            <td>
              {revoking === c.id ? (
                <div class="revoke-box">
                  <RevokeForm cert={c} onDone={() => { setRevoking(null); reload(); }} />
                  <button type="button" class="small-button" onClick={() => setRevoking(null)}>{t('certificates.cancel')}</button>
                </div>
              ) : (
                <button type="button" class="small-button" onClick={() => setRevoking(c.id)}
                  aria-label={`${t('certificates.revoke')}: ${c.number}`}>{t('certificates.revoke')}</button>
              )}
            </td>
          )}
        </tr>
      )} />
  );
}

function RefresherDue({ cat }) {
  return (
    <DueList id="refresher" title={t('certificates.refresher')} help={t('certificates.refresherHelp')}
      within={t('certificates.dueWithin')} path="/api/v1/certificates/refresher-due"
      none={(n) => t('certificates.noneDue', { n })}
      head={<>
        <th scope="col">{t('certificates.holder')}</th><th scope="col">{t('certificates.certification')}</th>
        <th scope="col">{t('certificates.refresherCourse')}</th><th scope="col">{t('certificates.lastRefresher')}</th>
        <th scope="col">{t('certificates.due')}</th>
      </>}
      row={(c) => (
        <tr key={c.id}>
          {holderCell(c)}
          <td>{certificationName(cat, c.certification)}</td>
          <td>{courseName(cat, c.refresher_course)}</td>
          <td>{c.last_refresher ? formatDay(c.last_refresher) : t('certificates.never')}</td>
          <td>{formatDay(c.refresher_due)}</td>
        </tr>
      )} />
  );
}

export function Certificates() {
  const cat = useCatalogue();
  return (
    <section class="certificates">
      <h1 id="main-title" tabindex={-1}>{t('nav.certificates')}</h1>
      <p>{t('certificates.about')}</p>
      <VerifyBox />
      <Expiring cat={cat} />
      <RefresherDue cat={cat} />
    </section>
  );
}
