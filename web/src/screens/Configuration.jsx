// Configuration versions: history with what is live, the changes of each version,
// validation, activation with a reason, and rollback (activating a version that was
// live before). Over /api/v1/config/* (issue 5). Patches are shown as text.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, formatDate } from '../i18n.js';
import { Form } from '../components/Form.jsx';
import { errorText } from '../api.js';
import { ComingSoon } from './ComingSoon.jsx';
import { ConfigImpact } from '../components/ConfigImpact.jsx';

const short = (c) => (c || '').slice(0, 8);
const firstLine = (m) => (m || '').split('\n')[0];

function Validation({ v }) {
  if (!v) return <span class="state state-none">{t('config.notChecked')}</span>;
  return v.ok ? <span class="state state-ok">{t('config.valid')}</span>
    : <span class="state state-bad">{t('config.invalid', { n: (v.errors || []).length })}</span>;
}

function Problems({ v }) {
  if (!v || v.ok || !(v.errors || []).length) return null;
  return (
    <ul class="problems">
      {v.errors.map((e, i) => (
        <li key={i}><code translate="no">{e.file || ''}{e.line ? `:${e.line}` : ''}</code> {e.message}</li>
      ))}
    </ul>
  );
}

/** Classes for a unified diff's lines: the file header until the first @@, then by first character. */
export function patchClasses(lines) {
  let inHunk = false;
  return lines.map((l) => {
    if (l.startsWith('@@')) { inHunk = true; return 'hunk'; }
    if (!inHunk) return 'meta';
    return l[0] === '+' ? 'add' : l[0] === '-' ? 'del' : '';
  });
}

/** One file's unified diff, line by line, coloured by + and -. */
function Patch({ text }) {
  const lines = text.replace(/\n$/, '').split('\n');
  const cls = patchClasses(lines);
  return (
    <pre class="patch" translate="no">
      {lines.map((l, i) => <span key={i} class={cls[i]}>{l}{'\n'}</span>)}
    </pre>
  );
}

/* What making VERSION live would change: compared with the LIVE version (not with its
 * parent, which may never have been live). The live version itself is compared with
 * the version before it. */
function Changes({ version, live }) {
  const [diff, setDiff] = useState(null);
  const [error, setError] = useState(null);
  const from = version.live || !live ? version.parents?.[0] : live;
  useEffect(() => {
    if (!from) return;
    api.get(`/api/v1/config/diff?from=${from}&to=${version.commit}`).then(setDiff, (e) => setError(errorText(e)));
  }, [version.commit, from]);
  if (!from) return <p class="muted">{t('config.firstVersion')}</p>;
  const against = <p class="muted small">{from === live ? t('confdiff.againstLive', { commit: short(live) }) : t('confdiff.againstParent', { commit: short(from) })}</p>;
  if (error) return <p class="problem">{error}</p>;
  if (!diff) return <p>{t('app.loading')}</p>;
  if (!diff.files.length) return <>{against}<p class="muted">{t('config.noChanges')}</p></>;
  return (
    <>
      {against}
      {diff.files.map((f) => (
        <div class="file" key={f.path}>
          <h4><code translate="no">{f.path}</code> <span class="muted">{t(`config.status.${f.status}`) === `config.status.${f.status}` ? f.status : t(`config.status.${f.status}`)}</span></h4>
          {f.patch ? <Patch text={f.patch} /> : <p class="muted">{t('config.binary')}</p>}
        </div>
      ))}
    </>
  );
}

function Version({ v, live, reload }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [activating, setActivating] = useState(false);
  const validate = async () => {
    setBusy(true); setError(null);
    try { await api.post(`/api/v1/config/versions/${v.commit}/validate`, {}); await reload(); } catch (e) { setError(errorText(e)); }
    setBusy(false);
  };
  const rollback = v.ever_live && !v.live;
  return (
    <li class={`version${v.live ? ' is-live' : ''}`}>
      <div class="version-head">
        <code class="commit" translate="no">{short(v.commit)}</code>
        <span class="message">{firstLine(v.message)}</span>
        {v.live && <span class="badge badge-live">{t('config.live')}</span>}
        {!v.live && v.ever_live && <span class="badge">{t('config.wasLive')}</span>}
        {(v.tags || []).map((tag) => <span class="badge badge-tag" key={typeof tag === 'string' ? tag : tag.name}>{typeof tag === 'string' ? tag : tag.name}</span>)}
      </div>
      <p class="muted small">{t('config.by', { who: v.author?.name || '?', when: formatDate(v.date, { dateStyle: 'medium', timeStyle: 'short' }) })} · <Validation v={v.validation} /></p>
      <Problems v={v.validation} />
      <div class="actions">
        <button type="button" class="small-button" aria-expanded={open ? 'true' : 'false'} onClick={() => setOpen(!open)}
          aria-label={`${t('config.changes')} ${short(v.commit)}`}>{t('config.changes')}</button>
        {!v.live && <button type="button" class="small-button" onClick={validate} disabled={busy}
          aria-label={`${t('config.validate')} ${short(v.commit)}`}>{t('config.validate')}</button>}
        {!v.live && v.validation?.ok && !activating && (
          <button type="button" class="small-button primary" onClick={() => setActivating(true)}
            aria-label={`${rollback ? t('config.rollback') : t('config.activate')} ${short(v.commit)}`}>
            {rollback ? t('config.rollback') : t('config.activate')}
          </button>
        )}
      </div>
      {error && <p class="problem" role="alert">{error}</p>}
      {!v.live && <ConfigImpact commit={v.commit} />}
      {activating && (
        <div class="activate">
          <p>{t(rollback ? 'config.rollbackWhat' : 'config.activateWhat', { commit: short(v.commit), live: short(live) })}</p>
          <Form id={`activate-${short(v.commit)}`} submitLabel={rollback ? t('config.rollbackNow') : t('config.activateNow')}
            fields={[{ name: 'reason', type: 'textarea', required: true, max_length: 1000,
              label: { t: 'config.f.reasonKeptInThe' },
              help: { t: 'config.f.forExampleMinisterialCircular' } }]}
            onSubmit={async ({ reason }) => {
              try {
                await api.post('/api/v1/config/activate', { commit: v.commit, expected_live: live, reason });
              } catch (e) {
                if (e.status === 409) { e.userMessage = t('config.conflict'); await reload(); }
                throw e;
              }
              setActivating(false);
              await reload();
            }}>
            <button type="button" class="small-button" onClick={() => setActivating(false)}>{t('config.cancel')}</button>
          </Form>
        </div>
      )}
      {open && <div class="changes-box"><Changes version={v} live={live} /></div>}
    </li>
  );
}

export function Configuration() {
  const [state, setState] = useState(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState(null);
  const reload = async () => {
    try {
      const [versions, live, rollouts] = await Promise.all([api.get('/api/v1/config/versions'), api.get('/api/v1/config/live'),
        api.get('/api/v1/config/rollouts')]);
      setState({ versions: versions.versions || [], live: live.live, serving: live.serving, rollouts: rollouts.rollouts || [] });
    } catch (e) {
      if (e.status === 404 && e.code === 'not_found' && !state) setMissing(true); else setError(errorText(e));
    }
  };
  useEffect(() => { reload(); }, []);
  if (missing) {
    return <ComingSoon screen={{ nav: 'nav.configuration', needs: 'configuration', api: '/api/v1/config/versions', about: 'about.configuration' }} />;
  }
  return (
    <section class="configuration">
      <h1 id="main-title" tabindex={-1}>{t('nav.configuration')}</h1>
      <p>{t('about.configuration')}</p>
      {error && <p class="problem" role="alert">{error}</p>}
      {state && (
        <>
          <p class="live-line">{t('config.liveNow', { commit: short(state.live) })}
            {state.serving && state.serving !== state.live && <> · <span class="problem">{t('config.serving', { commit: short(state.serving) })}</span></>}
          </p>
          <h2>{t('config.versions')}</h2>
          <ol class="versions">
            {state.versions.map((v) => <Version key={v.commit} v={v} live={state.live} reload={reload} />)}
          </ol>
          <h2 id="rollouts-title">{t('config.rollouts')}</h2>
          {state.rollouts.length === 0 ? <p class="muted">{t('config.noRollouts')}</p> : (
            // Scrolls sideways on narrow screens: focusable so keyboard users can scroll it.
            <div class="table-wrap" tabindex={0} role="region" aria-labelledby="rollouts-title">
              <table class="list">
                <thead><tr><th scope="col">{t('config.when')}</th><th scope="col">{t('config.who')}</th>
                  <th scope="col">{t('config.fromTo')}</th><th scope="col">{t('config.reason')}</th></tr></thead>
                <tbody>
                  {state.rollouts.map((r) => (
                    <tr key={r.id}>
                      <td>{formatDate(r.activated_at, { dateStyle: 'medium', timeStyle: 'short' })}</td><td>{r.activated_by}</td>
                      <td><code translate="no">{short(r.from)} → {short(r.to)}</code></td><td>{r.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
