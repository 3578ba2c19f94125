/**
 * What this host site knows of its own users and records: the five demo partners that
 * `--seed demo` creates (server/README.md, "Demo users"), their API keys, their users' logins, and
 * the partner-portal's leads and contents. A real host keeps this in its own database; Deputy
 * decides what each user may do with it.
 */

/** A demo user as the sign-in form lists it. */
export interface DemoUser {
  login: string;
  name: string;
  role: string;
}

/** A record of the host (a lead, a piece of content) whose visibility Deputy decides. */
export interface HostRecord {
  kind: 'lead' | 'content';
  id: string;
  title: string;
}

export interface DemoPartner {
  id: string;
  name: string;
  /** the partner API key (demo keys are `demo-key-<partner>`; a real host reads it from its secrets) */
  apiKey: string;
  users: DemoUser[];
  records: HostRecord[];
}

/** The password of every demo user. */
export const DEMO_PASSWORD = 'deputy-demo-pass';

const user = (partner: string, base: string, name: string, role: string): DemoUser => ({ login: `${base}@${partner}`, name, role });

const operators = (partner: string, list: Array<[base: string, name: string, role: string]>) => list.map(([b, n, r]) => user(partner, b, n, r));

/** The demo partners in the order the sign-in form offers them. */
const PARTNERS: Array<Omit<DemoPartner, 'apiKey'>> = [
  {
    id: 'operator-portal',
    name: 'Northwind Agency',
    users: operators('operator-portal', [
      ['admin-secure', 'Ada Secure', 'Admin (Secure)'],
      ['admin', 'Admin Operator', 'Admin'],
      ['systemManager', 'SystemManager Operator', 'System Manager'],
      ['support', 'Support Operator', 'Support (code by SMS)'],
      ['support-secure', 'Sam Secure', 'Support (Secure)'],
      ['webConsultant', 'WebConsultant Operator', 'Web Consultant'],
      ['campaignManager', 'CampaignManager Operator', 'Campaign Manager'],
      ['designer', 'Designer Operator', 'Designer'],
      ['sales', 'Sales Operator', 'Sales'],
    ]),
    records: [],
  },
  {
    id: 'member-portal',
    name: 'Utility Co',
    users: operators('member-portal', [
      ['operator', 'Olga Operator', 'Operator'],
      ['acme-admin', 'Alice Admin', 'Acme Homes · Admin'],
      ['acme-mid', 'Mike Mid', 'Acme Homes · Mid'],
      ['acme-basic', 'Bea Basic', 'Acme Homes · Basic'],
      ['globex-admin', 'Gil Globex', 'Globex Offices · Admin'],
    ]),
    records: [],
  },
  {
    id: 'partner-portal',
    name: 'Reseller Partner',
    users: operators('partner-portal', [
      ['administrator', 'Administrator User', 'Administrator'],
      ['marketing', 'Marketing User', 'Marketing'],
      ['sales', 'Sales User', 'Sales'],
      ['salesRep', 'SalesRep User', 'Sales Rep (cannot sign in)'],
    ]),
    records: [
      { kind: 'lead', id: 'lead-marketing', title: 'Lead from a webinar (marketing activity)' },
      { kind: 'lead', id: 'lead-registered', title: 'Registered lead' },
      { kind: 'lead', id: 'lead-distributed', title: 'Registered lead distributed to Sales User' },
      { kind: 'content', id: 'content-all', title: 'Partner handbook' },
      { kind: 'content', id: 'content-sales', title: 'Sales playbook (Sales partner group)' },
    ],
  },
  {
    id: 'integrator-portal',
    name: 'Systems Integrator',
    users: operators('integrator-portal', [
      ['portalAdmin', 'PortalAdmin User', 'Portal Admin'],
      ['onboardingEdit', 'OnboardingEdit User', 'Onboarding Edit (assigned: Alpha)'],
      ['onboardingView', 'OnboardingView User', 'Onboarding View (assigned: Alpha)'],
      ['projectManagement', 'ProjectManagement User', 'Project Management'],
    ]),
    records: [],
  },
  {
    id: 'client-sharing',
    name: 'Accounting Firm',
    users: operators('client-sharing', [
      ['admin', 'Admin User', 'Admin'],
      ['editor', 'Editor User', 'Editor (group Client Team)'],
      ['viewOnly', 'ViewOnly User', 'View-only (groups Client Team, Viewers)'],
    ]),
    records: [],
  },
];

/** The demo partners with their API keys (env `DEPUTY_API_KEY_<PARTNER>`, e.g. `DEPUTY_API_KEY_OPERATOR_PORTAL`, else the demo key). */
export const DEMO_PARTNERS: DemoPartner[] = PARTNERS.map((p) => ({ ...p, apiKey: process.env[`DEPUTY_API_KEY_${p.id.replace(/-/g, '_').toUpperCase()}`] ?? `demo-key-${p.id}` }));

/** The partner with this id, if the host knows it. */
export function demoPartner(id: string): DemoPartner | undefined {
  return DEMO_PARTNERS.find((p) => p.id === id);
}
