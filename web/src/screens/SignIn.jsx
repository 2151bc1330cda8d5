import { Form } from '../components/Form.jsx';
import { LanguagePicker } from '../components/LanguagePicker.jsx';
import { t } from '../i18n.js';
import * as session from '../session.js';

const FIELDS = [
  { name: 'username', type: 'string', required: true, autocomplete: 'username', max_length: 200,
    label: { en: 'Username', sw: 'Jina la mtumiaji' } },
  { name: 'password', type: 'password', required: true, autocomplete: 'current-password', max_length: 1000,
    label: { en: 'Password', sw: 'Nenosiri' } },
];

/** The server's answer to a failed sign-in, as words an officer can act on. */
function explain(e) {
  if (e.status === 401) e.userMessage = t('signin.wrong');
  else if (e.status === 404 || e.status === 405) e.userMessage = t('signin.unavailable');
  else if (e.status === 429) e.userMessage = t('signin.tooMany');
  return e;
}

export function SignIn({ notice }) {
  return (
    <div class="signin">
      <div class="signin-card">
        <div class="signin-head">
          <p class="brand"><span class="logo" aria-hidden="true">K</span> {t('app.name')}</p>
          <LanguagePicker id="signin-lang" />
        </div>
        <main id="main" tabindex={-1}>
          <h1 id="main-title" tabindex={-1}>{t('signin.title')}</h1>
          <p class="intro">{t('signin.intro')}</p>
          {notice && <p class={`notice notice-${notice}`} role="status">{t(`signin.${notice}`)}</p>}
          <Form id="signin" fields={FIELDS} submitLabel={t('signin.submit')} busyLabel={t('signin.working')}
            onSubmit={async (v) => {
              try { await session.signIn(v.username, v.password); } catch (e) { throw explain(e); }
            }} />
        </main>
      </div>
    </div>
  );
}
