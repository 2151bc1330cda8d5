// Every screen of the app, in navigation order. To add a screen: write
// screens/<Name>.jsx, then add a row here (see docs/ui.md). A row without a
// component renders the "not ready yet" page naming the API it waits for.
// `permission` (from the server's session) hides screens the user could not use;
// `role` is the fallback when the server lists no permissions.
// A row with `parent` (e.g. /people/:id) is a page inside that screen: it is not in
// the menu, and the menu marks its parent as the current screen.
import { Dashboard } from './screens/Dashboard.jsx';
import { FigurePeople } from './screens/FigurePeople.jsx';
import { Account } from './screens/Account.jsx';
import { Audit } from './screens/Audit.jsx';
import { Users } from './screens/Users.jsx';
import { Configuration } from './screens/Configuration.jsx';
import { People } from './screens/People.jsx';
import { PersonForm } from './screens/PersonForm.jsx';
import { Person } from './screens/Person.jsx';
import { Positions, PositionNew, Position } from './screens/Positions.jsx';
import { Training, TrainingEvent } from './screens/Training.jsx';
import { Certificates } from './screens/Certificates.jsx';
import { CertificatePrint } from './screens/CertificatePrint.jsx';
import { Careers } from './screens/Careers.jsx';
import { PersonCareerPage } from './screens/PersonCareerPage.jsx';
import { Supervision } from './screens/Supervision.jsx';
import { Reports } from './screens/Reports.jsx';
import { Imports } from './screens/Imports.jsx';
import { OrgUnits, OrgUnit } from './screens/OrgUnits.jsx';

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
  { path: '/reports', nav: 'nav.reports', permission: 'reports.run', component: Reports },
  { path: '/imports', nav: 'nav.imports', permission: 'imports.run', component: Imports },
  { path: '/configuration', nav: 'nav.configuration', permission: 'config.read', component: Configuration },
  { path: '/users', nav: 'nav.users', component: Users, permission: 'users.read', role: 'administrator' },
  { path: '/audit', nav: 'nav.audit', component: Audit, permission: 'audit.read', role: 'administrator' },
  { path: '/account', nav: 'account.title', component: Account },
];
