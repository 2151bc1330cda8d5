// Every screen of the app, in navigation order. To add a screen: write
// screens/<Name>.jsx, then add a row here (see docs/ui.md). A row without a
// component renders the "not ready yet" page naming the API it waits for.
// `permission` (from the server's session) hides screens the user could not use;
// `role` is the fallback when the server lists no permissions.
// A row with `parent` (e.g. /people/:id) is a page inside that screen: it is not in
// the menu, and the menu marks its parent as the current screen.
// Screens other than People are loaded when first opened (lazy.jsx); FIRST_TEXT marks
// those whose English text is in the first page's code (strings.js).
import { lazy, FIRST_TEXT } from './lazy.jsx';
// People's list is in the first page's code: the screen an officer on a slow link opens
// most, drawn without waiting for a chunk of its own (issue 18, docs/ui.md).
import { People } from './screens/People.jsx';
const Dashboard = lazy(() => import('./screens/Dashboard.jsx'), 'Dashboard', FIRST_TEXT);
const FigurePeople = lazy(() => import('./screens/FigurePeople.jsx'), 'FigurePeople', FIRST_TEXT);
const Account = lazy(() => import('./screens/Account.jsx'), 'Account');
const Audit = lazy(() => import('./screens/Audit.jsx'), 'Audit');
const Users = lazy(() => import('./screens/Users.jsx'), 'Users');
const Configuration = lazy(() => import('./screens/Configuration.jsx'), 'Configuration');
const PersonForm = lazy(() => import('./screens/PersonForm.jsx'), 'PersonForm');
const Person = lazy(() => import('./screens/Person.jsx'), 'Person');
const Positions = lazy(() => import('./screens/Positions.jsx'), 'Positions');
const PositionNew = lazy(() => import('./screens/Positions.jsx'), 'PositionNew');
const Position = lazy(() => import('./screens/Positions.jsx'), 'Position');
const Training = lazy(() => import('./screens/Training.jsx'), 'Training');
const TrainingEvent = lazy(() => import('./screens/Training.jsx'), 'TrainingEvent');
const Certificates = lazy(() => import('./screens/Certificates.jsx'), 'Certificates');
const CertificatePrint = lazy(() => import('./screens/CertificatePrint.jsx'), 'CertificatePrint');
const Careers = lazy(() => import('./screens/Careers.jsx'), 'Careers');
const PersonCareerPage = lazy(() => import('./screens/PersonCareerPage.jsx'), 'PersonCareerPage');
const Supervision = lazy(() => import('./screens/Supervision.jsx'), 'Supervision');
const Reports = lazy(() => import('./screens/Reports.jsx'), 'Reports');
const Imports = lazy(() => import('./screens/Imports.jsx'), 'Imports');
const OrgUnits = lazy(() => import('./screens/OrgUnits.jsx'), 'OrgUnits');
const OrgUnit = lazy(() => import('./screens/OrgUnits.jsx'), 'OrgUnit');
const Planning = lazy(() => import('./screens/Planning.jsx'), 'Planning');
const Indicators = lazy(() => import('./screens/Indicators.jsx'), 'Indicators');

export const SCREENS = [
  { path: '/', nav: 'nav.dashboard', component: Dashboard },
  { path: '/figures/:figure', nav: 'nav.dashboard', permission: 'people.read', component: FigurePeople, parent: '/' },
  { path: '/people', nav: 'nav.people', permission: 'people.read', component: People },
  { path: '/people/new', nav: 'people.new', permission: 'people.write', component: PersonForm, parent: '/people' },
  { path: '/people/:id', nav: 'nav.people', permission: 'people.read', component: Person, parent: '/people' },
  { path: '/people/:id/edit', nav: 'people.edit', permission: 'people.write', component: PersonForm, parent: '/people' },
  { path: '/positions', nav: 'nav.positions', permission: 'positions.read', component: Positions },
  { path: '/positions/new', nav: 'positions.new', permission: 'positions.write', component: PositionNew, parent: '/positions' },
  { path: '/positions/:id', nav: 'nav.positions', permission: 'positions.read', component: Position, parent: '/positions' },
  { path: '/training', nav: 'nav.training', permission: 'training.read', component: Training },
  { path: '/training/:id', nav: 'nav.training', permission: 'training.read', component: TrainingEvent, parent: '/training' },
  { path: '/certificates', nav: 'nav.certificates', permission: 'careers.read', component: Certificates },
  { path: '/certificates/:number/print', nav: 'certificates.print', permission: 'careers.read', component: CertificatePrint, parent: '/certificates' },
  { path: '/careers', nav: 'nav.careers', permission: 'catalogue.read', component: Careers },
  { path: '/people/:id/career', nav: 'pcareer.title', permission: 'careers.read', component: PersonCareerPage, parent: '/people' },
  { path: '/supervision', nav: 'nav.supervision', permission: 'supervision.read', component: Supervision },
  { path: '/org-units', nav: 'nav.orgunits', permission: 'orgunits.read', component: OrgUnits },
  { path: '/org-units/:id', nav: 'nav.orgunits', permission: 'orgunits.read', component: OrgUnit, parent: '/org-units' },
  { path: '/indicators', nav: 'nav.indicators', permission: 'reports.run', component: Indicators },
  { path: '/planning', nav: 'nav.planning', permission: 'reports.aggregate', component: Planning },
  { path: '/reports', nav: 'nav.reports', permission: 'reports.run', component: Reports },
  { path: '/imports', nav: 'nav.imports', permission: 'imports.run', component: Imports },
  { path: '/configuration', nav: 'nav.configuration', permission: 'config.read', component: Configuration },
  { path: '/users', nav: 'nav.users', component: Users, permission: 'users.read', role: 'administrator' },
  { path: '/audit', nav: 'nav.audit', component: Audit, permission: 'audit.read', role: 'administrator' },
  { path: '/account', nav: 'account.title', component: Account },
];
