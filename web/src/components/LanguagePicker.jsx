import { languages, language, setLanguage, t } from '../i18n.js';

/**
 * The language choice, remembered in this browser. It lists the languages the
 * configuration declares (GET /api/v1/languages), each named in its own language.
 */
export function LanguagePicker({ id }) {
  const choose = async (e) => {
    const select = e.currentTarget;
    if (!(await setLanguage(select.value))) select.value = language(); // its text could not be had
  };
  return (
    <div class="lang">
      <label for={id}>{t('app.language')}</label>
      <select id={id} value={language()} onChange={choose}>
        {languages().map((l) => <option key={l.code} value={l.code} lang={l.code}>{l.name}</option>)}
      </select>
    </div>
  );
}
