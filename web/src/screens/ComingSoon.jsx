import { t } from '../i18n.js';

/** A screen whose server API does not exist yet: says so plainly, shows no data. */
export function ComingSoon({ screen }) {
  return (
    <section class="coming">
      <h1 id="main-title" tabindex={-1}>{t(screen.nav)}</h1>
      <p class="badge">{t(`coming.${screen.needs}`)}</p>
      <h2>{t('coming.whatFor')}</h2>
      <p>{t(screen.about)}</p>
      <p class="muted">{t('coming.text', { api: screen.api })}</p>
    </section>
  );
}
