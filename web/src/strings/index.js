// Interface text per area of the app. Each area file exports
// { en: {...}, sw: {...} } with keys prefixed by the area ('people.', 'training.' ...);
// the shell's text stays in ../strings-en.js and ../strings-sw.js.
// To add an area: write strings/<area>.js and add one line below (see docs/ui.md).
// web/test/i18n.test.mjs checks every key exists in both languages and that no two
// files define the same key.
import people from './people.js';
import positions from './positions.js';
import training from './training.js';
import certificates from './certificates.js';
import careers from './careers.js';
import dashboard from './dashboard.js';
import supervision from './supervision.js';
import reports from './reports.js';
import imports from './imports.js';
import impact from './impact.js';
import picker from './picker.js';
import orgunits from './orgunits.js';
import batch from './batch.js';
import auditlog from './auditlog.js';
import planning from './planning.js';
import indicators from './indicators.js';
import daily from './daily.js';

export const AREAS = [
  people,
  positions,
  training,
  certificates,
  careers,
  dashboard,
  supervision,
  reports,
  imports,
  impact,
  picker,
  orgunits,
  batch,
  auditlog,
  planning,
  indicators,
  daily,
];
