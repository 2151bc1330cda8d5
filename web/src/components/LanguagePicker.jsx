import { LANGUAGES, language, setLanguage, t } from '../i18n.js';

/** The language choice; remembered in this browser. */
export function LanguagePicker({ id }) {
  return (
    <div class="lang">
      <label for={id}>{t('app.language')}</label>
      <select id={id} value={language()} onChange={(e) => setLanguage(e.currentTarget.value)}>
        {LANGUAGES.map((l) => <option key={l.code} value={l.code} lang={l.code}>{l.name}</option>)}
      </select>
    </div>
  );
}
