// Days as typed and shown: the language's order (dd/mm/yyyy), never mm/dd/yyyy; YYYY-MM-DD to the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDay, showDay, dayPattern, partOrder, monthWeeks, addMonths, addDays, dayProblem, TYPED } from '../src/dates.js';
import { setLanguage, addStrings } from '../src/i18n.js';
import { stringsOf } from './strings.mjs';

addStrings('en', stringsOf('en'));
addStrings('sw', stringsOf('sw'));

test('dates: English and Swahili write the day first; an American locale would not', () => {
  assert.deepEqual(partOrder('en-GB'), ['day', 'month', 'year']);
  assert.deepEqual(partOrder('sw-TZ'), ['day', 'month', 'year']);
  assert.deepEqual(partOrder('en-US'), ['month', 'day', 'year']);
  setLanguage('en');
  assert.equal(dayPattern(), 'dd/mm/yyyy');
  assert.equal(showDay('2026-03-05'), '05/03/2026');
  assert.equal(showDay('2026-03-05', 'en-US'), '03/05/2026');
});

test('dates: typed days read in the locale\'s order; an impossible day is said in words', () => {
  setLanguage('en');
  assert.deepEqual(readDay('5/3/2026'), { iso: '2026-03-05' });
  assert.deepEqual(readDay('05.03.2026'), { iso: '2026-03-05' });
  assert.deepEqual(readDay('2026-03-05'), { iso: '2026-03-05' }, 'year first is unambiguous');
  assert.deepEqual(readDay('29/02/2024'), { iso: '2024-02-29' });
  assert.deepEqual(readDay(''), {});
  assert.equal(readDay('31/02/2026').problem[0], 'daily.date.day');
  assert.equal(dayProblem(`${TYPED}31/02/2026`), '31/02/2026 is not a date: February 2026 has 28 days.');
  assert.equal(dayProblem(`${TYPED}3/13/2026`), 'There is no month 13: months go from 1 to 12.');
  assert.equal(dayProblem(`${TYPED}5/3/26`), 'Write the year in full, with four digits: dd/mm/yyyy, for example 31/03/2026.');
  assert.equal(dayProblem(`${TYPED}soon`), 'Write the date as dd/mm/yyyy, for example 31/03/2026.');
  assert.equal(dayProblem('2026-03-05'), null);
  setLanguage('sw');
  assert.equal(dayProblem(`${TYPED}31/02/2026`), '31/02/2026 si tarehe: Februari 2026 una siku 28.');
  setLanguage('en');
});

test('dates: the calendar\'s month starts on Monday and moves by day and month', () => {
  const feb = monthWeeks(2026, 2); // 1 February 2026 is a Sunday
  assert.deepEqual(feb[0], [null, null, null, null, null, null, 1]);
  assert.equal(feb.flat().filter(Boolean).length, 28);
  assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
  assert.equal(addMonths('2026-01-15', -1), '2025-12-15');
  assert.equal(addDays('2026-02-28', 1), '2026-03-01');
});
