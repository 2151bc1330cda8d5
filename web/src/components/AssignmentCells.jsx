// The terms of a placement in a post, as the person page and the post page both
// show them in their assignment tables: from, to (or "current", with why it
// ended), engagement and pay — four cells with their phone-layout labels.
import { t, formatDate, formatNumber } from '../i18n.js';

/** "TZS 80,000" (or "—" without an amount). */
export const money = (amount, currency) => (amount == null ? '—'
  : currency ? formatNumber(amount, { style: 'currency', currency, maximumFractionDigits: 0 }) : formatNumber(amount));

/** <AssignmentCells a={assignment} />: the from / to / engagement / pay cells of a table row. */
export function AssignmentCells({ a }) {
  return (
    <>
      <td data-label={t('people.from')}>{formatDate(a.start_date)}</td>
      <td data-label={t('people.to')}>
        {a.end_date ? <>{formatDate(a.end_date)}{a.end_reason && <span class="muted small"> ({t(`positions.endReason.${a.end_reason}`)})</span>}</>
          : <span class="badge">{t('people.current')}</span>}
      </td>
      <td data-label={t('people.engagement')}>{t(`positions.engagement.${a.engagement}`)}</td>
      <td data-label={t('people.pay')}>{money(a.pay_amount, a.pay_currency)}</td>
    </>
  );
}
