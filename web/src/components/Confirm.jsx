// A second step before an action that cannot simply be taken back (disable a user,
// revoke a token, deactivate a person): the question in plain words, the action named
// again on its button, and Cancel. Focus moves to the question, so a keyboard or
// screen-reader user hears what is about to happen;
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.js';

export function Confirm({ id, question, yes, onYes, onNo }) {
  const ref = useRef(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { ref.current?.focus(); }, []);
  return (
    <div class="confirm" role="group" aria-labelledby={`${id}-q`}>
      <p id={`${id}-q`} tabindex={-1} ref={ref}><strong>{question}</strong></p>
      <div class="actions">
        <button type="button" class="primary" disabled={busy}
          onClick={async () => { setBusy(true); try { await onYes(); } finally { setBusy(false); } }}>{yes}</button>
        <button type="button" onClick={onNo}>{t('confirm.cancel')}</button>
      </div>
    </div>
  );
}
