// What a candidate configuration version would change for the people in the
// register (POST /api/v1/config/versions/{commit}/impact): per certification and
// per career move, how many workers gain or lose eligibility, with sample names
// linking to their person pages; the custom fields that become required and how
// many records would then be invalid. Shown before "make live".
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { Link } from '../router.js';
import { errorText } from '../api.js';

function Samples({ list, more }) {
  if (!list || !list.length) return null;
  return (
    <span class="samples">
      {list.map((p, i) => (
        <span key={p.person_id}>{i > 0 && ', '}<Link href={`/people/${p.person_id}`}>{p.name}</Link></span>
      ))}
      {more > 0 && <span class="muted"> {t('impact.more', { n: formatNumber(more) })}</span>}
    </span>
  );
}

/* Workers for whom this version's rule fails (a rule error stays with its worker and
 * rule; the other rules still answer): how many, where, and who. */
function Errors({ c }) {
  const mine = (c.error_sample || []).filter((e) => e.version === 'candidate');
  if (!c.errors || !mine.length) return null;
  const where = `${mine[0].file || '?'}${mine[0].line ? `:${mine[0].line}` : ''}`;
  return (
    <p class="sample-line problem">{t('impact.errors', { n: formatNumber(c.errors), where })}{' '}
      <Samples list={mine} more={c.errors - mine.length} /></p>
  );
}

function Table({ id, caption, items, nameOf }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table class="list impact-table" id={id}>
        <caption id={`${id}-caption`} class="visually-hidden">{caption}</caption>
        <thead><tr><th scope="col">{t('impact.rule')}</th><th scope="col">{t('impact.status')}</th>
          <th scope="col" class="num">{t('impact.gain')}</th><th scope="col" class="num">{t('impact.lose')}</th>
          <th scope="col">{t('impact.who')}</th></tr></thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} class={c.gain || c.lose || c.errors ? 'changed' : undefined} data-id={c.id}>
              <th scope="row">{c.name ? localName(c.name, c.id) : nameOf(c.id)}</th>
              <td data-label={t('impact.status')}>{t(`impact.status.${c.status}`) === `impact.status.${c.status}` ? c.status : t(`impact.status.${c.status}`)}</td>
              <td data-label={t('impact.gain')} class={`num${c.gain ? ' gain' : ''}`}>{formatNumber(c.gain)}</td>
              <td data-label={t('impact.lose')} class={`num${c.lose ? ' lose' : ''}`}>{formatNumber(c.lose)}</td>
              <td class="who-cell">
                {c.gain_sample?.length > 0 && <p class="sample-line">{t('impact.gains')} <Samples list={c.gain_sample} more={c.gain - c.gain_sample.length} /></p>}
                {c.lose_sample?.length > 0 && <p class="sample-line">{t('impact.loses')} <Samples list={c.lose_sample} more={c.lose - c.lose_sample.length} /></p>}
                <Errors c={c} />
                {!c.gain && !c.lose && !c.errors && <span class="muted">{t('impact.nobody')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The rules whose decisions change for someone, then the others folded away. */
function Rows({ id, caption, items, nameOf }) {
  if (!items.length) return null;
  const changed = items.filter((c) => c.gain || c.lose || c.errors || c.status !== 'kept');
  const same = items.filter((c) => !changed.includes(c));
  return (
    <>
      <h5>{caption}</h5>
      {changed.length > 0 ? <Table id={id} caption={t('impact.changedCaption', { what: caption })} items={changed} nameOf={nameOf} />
        : <p class="muted">{t('impact.noneChanged', { n: formatNumber(same.length) })}</p>}
      {changed.length > 0 && same.length > 0 && (
        <details class="impact-same">
          <summary>{t('impact.showSame', { n: formatNumber(same.length) })}</summary>
          <Table id={`${id}-same`} caption={t('impact.sameCaption', { what: caption })} items={same} nameOf={nameOf} />
        </details>
      )}
    </>
  );
}

/** The preview button and, once asked, the panel for COMMIT. */
export function ConfigImpact({ commit }) {
  const [state, setState] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const run = async () => {
    setBusy(true); setError(null);
    try {
      const [impact, cat] = await Promise.all([api.post(`/api/v1/config/versions/${commit}/impact`, {}),
        api.get('/api/v1/catalogue').catch(() => ({}))]);
      setState({ impact, cat });
    } catch (e) { setError(errorText(e)); }
    setBusy(false);
  };
  const short = commit.slice(0, 8);
  const cert = (id) => localName((state?.cat.certifications || []).find((c) => c.id === id)?.name, id);
  const cadre = (id) => localName((state?.cat.cadres || []).find((c) => c.id === id)?.name, id);
  const move = (id) => { const [a, b] = id.split('->'); return b ? `${cadre(a)} → ${cadre(b)}` : id; };
  const im = state?.impact;
  return (
    <div class="impact">
      <button type="button" class="small-button" onClick={run} disabled={busy} aria-busy={busy ? 'true' : undefined}
        aria-label={`${t('impact.preview')} ${short}`}>{busy ? t('impact.computing') : t('impact.preview')}</button>
      {error && <p class="problem" role="alert">{error}</p>}
      {im && (
        <section class="impact-panel" aria-labelledby={`impact-${short}`}>
          <h4 id={`impact-${short}`}>{t('impact.title', { n: formatNumber(im.workers) })}</h4>
          <p class="muted small">{t('impact.compared', { live: (im.live || '').slice(0, 8), candidate: (im.candidate || '').slice(0, 8) })}</p>
          <p class="impact-summary">{t('impact.summary', {
            gain: formatNumber([...im.certifications, ...im.moves].reduce((s, c) => s + c.gain, 0)),
            lose: formatNumber([...im.certifications, ...im.moves].reduce((s, c) => s + c.lose, 0)) })}</p>
          <Rows id={`impact-certs-${short}`} caption={t('impact.certifications')} items={im.certifications || []} nameOf={cert} />
          <Rows id={`impact-moves-${short}`} caption={t('impact.moves')} items={im.moves || []} nameOf={move} />
          <h5>{t('impact.fields')}</h5>
          {(im.fields_now_required || []).length === 0 ? <p class="muted">{t('impact.noFields')}</p> : (
            <ul class="impact-fields">
              {im.fields_now_required.map((f) => (
                <li key={f.id}>{t('impact.field', { field: localName(f.label, f.id), n: formatNumber(f.invalid_records),
                  kind: t(`impact.appliesTo.${f.applies_to}`) === `impact.appliesTo.${f.applies_to}` ? f.applies_to : t(`impact.appliesTo.${f.applies_to}`) })}</li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
