// @ts-check
/**
 * The host page: the sign-in form (through the host backend), then every Deputy widget with the
 * embed token the backend minted. The page decides nothing: what it shows of areas, records and
 * settings comes from Deputy's answers for the signed-in user.
 */

/** @typedef {{ login: string, name: string, role: string }} DemoUser */
/** @typedef {{ kind: 'lead' | 'content', id: string, title: string }} HostRecord */
/** @typedef {{ id: string, name: string, users: DemoUser[], records: HostRecord[] }} DemoPartner */
/** @typedef {{ api: string, password: string, partners: DemoPartner[] }} HostConfig */
/** @typedef {{ allowed: boolean, reasons: Array<{ text: string }> }} Decision */
/** @typedef {{ id: string, kind: 'operator' | 'member', account?: string, firstName: string, lastName: string, username: string }} User */
/** @typedef {{ id: string, name: string }} Account */
/** @typedef {{ id: string, area: string, label: string, target: string }} PolicyAction */
/** @typedef {{ partner: { id: string, name: string }, actor: User, subject?: { user: User } | { account: Account }, policy: { roles: Array<{ id: string, label: string }>, actions: PolicyAction[], areas: Record<string, string> } }} Session */
/** @typedef {Decision & { action: string, area: string }} RightEntry */

const WIDGETS = 'deputy-user-manager, deputy-role-picker, deputy-sharing-panel, deputy-impersonation-banner';

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const selectOf = (id) => /** @type {HTMLSelectElement} */ (document.getElementById(id));
/** @param {string} id */
const inputOf = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
/** @param {string} selector */
const widget = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector));

/** @param {string} tag @param {Record<string, string>} [attrs] @param {Array<Node | string>} [children] */
function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

/** @type {HostConfig} */
let config;
let token = '';
/** @type {Session | undefined} */
let session;

/** A call to this site's backend. @param {string} path @param {string} [method] @param {unknown} [body] */
async function host(path, method = 'GET', body) {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status === 204) return undefined;
  const data = await res.json();
  if (!res.ok) throw new Error(data.error?.message ?? `The host answered ${res.status}.`);
  return data;
}

/** A call to Deputy with the embed token, as the widgets make them. @param {string} path @param {string} [method] @param {unknown} [body] */
async function deputy(path, method = 'GET', body) {
  const res = await fetch(`${config.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data = res.status === 204 ? undefined : await res.json();
  if (!res.ok) throw Object.assign(new Error(data?.error?.message ?? `Deputy answered ${res.status}.`), { status: res.status });
  return data;
}

// ---- sign-in --------------------------------------------------------------------------------

function fillUsers() {
  const partner = config.partners.find((p) => p.id === selectOf('partner').value) ?? config.partners[0];
  selectOf('login').replaceChildren(...(partner?.users ?? []).map((u) => h('option', { value: u.login }, [`${u.name} — ${u.role}`])));
}

/** @param {string} message */
function signInError(message) {
  const p = byId('sign-in-error');
  p.textContent = message;
  p.hidden = !message;
}

function showSignIn() {
  byId('sign-in-card').hidden = false;
  byId('portal').hidden = true;
  byId('who').hidden = true;
  /** @type {HTMLFormElement} */ (byId('sign-in')).hidden = false;
  byId('second-factor').hidden = true;
}

byId('sign-in').addEventListener('submit', async (e) => {
  e.preventDefault();
  signInError('');
  try {
    const result = await host('/host/sign-in', 'POST', { partner: selectOf('partner').value, login: selectOf('login').value, password: inputOf('password').value });
    if (result.status === 'signed-in') return enter(result);
    byId('sign-in').hidden = true;
    byId('second-factor').hidden = false;
    const where = { email: 'by email', sms: 'by SMS', totp: 'in your authenticator app' }[/** @type {'email' | 'sms' | 'totp'} */ (result.channel)];
    byId('second-factor-prompt').textContent = `A second factor is required: enter the 6-digit code sent ${where}.`;
    byId('dev-outbox').hidden = !result.outbox;
    if (result.outbox) {
      byId('dev-outbox-text').textContent = ` Deputy wrote this ${result.outbox.channel === 'sms' ? 'SMS' : 'email'} to ${result.outbox.to} into its outbox folder:`;
      byId('dev-code').textContent = result.outbox.code;
    }
    inputOf('code').value = '';
    inputOf('code').focus();
  } catch (error) {
    signInError(/** @type {Error} */ (error).message);
  }
});

byId('use-code').addEventListener('click', () => {
  inputOf('code').value = byId('dev-code').textContent ?? '';
});

byId('second-factor').addEventListener('submit', async (e) => {
  e.preventDefault();
  signInError('');
  try {
    await enter(await host('/host/second-factor', 'POST', { code: inputOf('code').value }));
  } catch (error) {
    signInError(/** @type {Error} */ (error).message);
  }
});

byId('restart').addEventListener('click', showSignIn);

byId('sign-out').addEventListener('click', async () => {
  await host('/host/sign-out', 'POST');
  location.reload();
});

// ---- the portal -----------------------------------------------------------------------------

/** @param {{ token: string, actor: User, partner: string }} me */
async function enter(me) {
  setToken(me.token);
  byId('sign-in-card').hidden = true;
  byId('portal').hidden = false;
  byId('who').hidden = false;
  byId('who-name').textContent = `${me.actor.firstName} ${me.actor.lastName} (${me.actor.username})`;
  await loadPortal(true);
}

/** The widgets' all-in-one bundle, served by this host's backend from packages/elements/dist. */
const WIDGET_BUNDLE = '/elements/deputy-elements.js';

/** Hands a token to every widget on the page. @param {string} next */
function setToken(next) {
  token = next;
  for (const el of document.querySelectorAll(WIDGETS)) {
    el.setAttribute('api', config.api);
    el.setAttribute('token', token);
  }
  widget('deputy-impersonation-banner').hidden = false;
  // Defined only once they know their server and token, so they never call out before sign-in.
  void import(WIDGET_BUNDLE);
}

/** Loads the session and the accounts, then points the widgets at the chosen account. @param {boolean} [first] */
async function loadPortal(first = false) {
  try {
    session = /** @type {Session} */ (await deputy('/api/session'));
  } catch (error) {
    if (/** @type {{ status?: number }} */ (error).status !== 401) throw error;
    await host('/host/sign-out', 'POST');
    showSignIn();
    signInError('Your Deputy session ended (blocked, disabled or expired). Sign in again.');
    return;
  }
  byId('who-partner').textContent = `· ${session.partner.name}`;
  const { items: accounts } = /** @type {{ items: Account[] }} */ (await deputy('/api/accounts?limit=200'));
  const subject = session.subject;
  const current = subject && 'account' in subject ? subject.account.id : first ? (session.actor.account ?? '') : selectOf('account').value;
  selectOf('account').replaceChildren(...accounts.map((a) => h('option', { value: a.id }, [a.name])));
  selectOf('account').value = accounts.some((a) => a.id === current) ? current : (accounts[0]?.id ?? '');
  if (first) selectOf('people').value = session.actor.kind;
  await apply();
}

/** Points the widgets at the chosen account and people, and refreshes the host's own sections. */
async function apply() {
  const account = selectOf('account').value;
  const kind = selectOf('people').value;
  const manager = widget('deputy-user-manager');
  manager.setAttribute('kind', kind);
  if (kind === 'member') manager.setAttribute('account', account);
  else manager.removeAttribute('account');
  const panel = widget('deputy-sharing-panel');
  panel.hidden = !account;
  if (account) panel.setAttribute('account', account);
  byId('context').textContent = account ? '' : 'No client account is visible to you.';
  await Promise.all([loadRoleUsers(), loadAreas(), renderLens(), loadRecords(), loadSettings()]);
}

async function loadRoleUsers() {
  const kind = selectOf('people').value;
  const account = selectOf('account').value;
  const query = new URLSearchParams({ kind, limit: '200', ...(kind === 'member' && account ? { account } : {}) });
  /** @type {User[]} */
  let users = [];
  try {
    users = (await deputy(`/api/users?${query}`)).items;
  } catch {
    // not allowed to list these people: the user manager shows why
  }
  const keep = selectOf('role-user').value;
  const others = users.filter((u) => u.id !== session?.actor.id);
  selectOf('role-user').replaceChildren(...others.map((u) => h('option', { value: u.id }, [`${u.firstName} ${u.lastName}`])));
  selectOf('role-user').value = others.some((u) => u.id === keep) ? keep : (others[0]?.id ?? '');
  const picker = widget('deputy-role-picker');
  if (selectOf('role-user').value) picker.setAttribute('user', selectOf('role-user').value);
  picker.hidden = !selectOf('role-user').value;
  byId('role-picker-empty').hidden = !picker.hidden;
}

/** The policy's areas this session may use (any allowed action in them), from Deputy's rights and record checks. */
async function loadAreas() {
  if (!session) return;
  const policy = session.policy;
  const account = selectOf('account').value;
  /** @type {Array<{ area: string, allowed: boolean }>} */
  const rights = [...(await deputy('/api/rights')), ...(account ? await deputy(`/api/rights?account=${encodeURIComponent(account)}`) : [])];
  const records = await recordDecisions();
  const areaOf = (/** @type {string} */ action) => policy.actions.find((a) => a.id === action)?.area ?? '';
  const allowed = new Set([...rights.filter((r) => r.allowed).map((r) => r.area), ...records.filter((r) => r.allowed).map((r) => areaOf(r.action))]);
  const open = Object.entries(policy.areas).filter(([id]) => allowed.has(id));
  const closed = Object.entries(policy.areas).filter(([id]) => !allowed.has(id));
  byId('areas').replaceChildren(
    ...open.map(([id, label]) => h('li', { 'data-area': id }, [h('a', { href: `#${id}` }, [label])])),
    ...(closed.length ? [h('li', { class: 'muted', id: 'areas-closed' }, [`Not available to you: ${closed.map(([, l]) => l).join(', ')}`])] : []),
  );
}

/** Deputy's decision on each of the partner's host records (leads, content) for this session. */
async function recordDecisions() {
  const partner = config.partners.find((p) => p.id === session?.partner.id);
  const records = partner?.records ?? [];
  if (!records.length || !session) return [];
  const actions = session.policy.actions;
  const checks = records.map((r) => ({ action: actions.find((a) => a.target === r.kind)?.id ?? `${r.kind}.view`, target: { [r.kind]: r.id } }));
  const { results } = /** @type {{ results: Decision[] }} */ (await deputy('/api/check/batch', 'POST', { checks }));
  return records.map((record, i) => ({ record, action: checks[i]?.action ?? '', allowed: results[i]?.allowed === true }));
}

/** The host's own buttons for the account's actions, marked for the extension's lens. */
function renderLens() {
  const account = selectOf('account').value;
  const actions = (session?.policy.actions ?? []).filter((a) => a.target === 'account');
  byId('lens-section').hidden = !account || actions.length === 0;
  byId('lens-targets').replaceChildren(
    h('div', { class: 'lens', 'data-deputy-account': account }, actions.map((a) => h('button', { type: 'button', 'data-deputy-action': a.id }, [a.label]))),
  );
}

/** The partner's leads and content that Deputy lets this session see. */
async function loadRecords() {
  const decisions = await recordDecisions();
  byId('records-section').hidden = decisions.length === 0;
  const visible = decisions.filter((d) => d.allowed).map((d) => d.record);
  byId('records').replaceChildren(
    ...visible.map((r) => h('li', { 'data-record': r.id, [`data-deputy-${r.kind}`]: r.id }, [h('span', { class: 'tag' }, [r.kind]), ' ', r.title])),
    ...(visible.length < decisions.length ? [h('li', { class: 'muted', id: 'records-hidden' }, [`${decisions.length - visible.length} more not visible to you`])] : []),
  );
}

/** The partner's settings, for those Deputy lets see them. */
async function loadSettings() {
  /** @type {Array<{ key: string, label: string, value: boolean | string[] }>} */
  let settings = [];
  try {
    settings = (await deputy('/api/settings')).settings;
  } catch {
    // not allowed: the section stays hidden
  }
  byId('settings-section').hidden = settings.length === 0;
  const roles = session?.policy.roles ?? [];
  const fields = settings.map((s) =>
    typeof s.value === 'boolean'
      ? h('label', { class: 'check' }, [checkbox(s.key, '', s.value), s.label])
      : h('fieldset', {}, [h('legend', {}, [s.label]), ...roles.map((r) => h('label', { class: 'check' }, [checkbox(s.key, r.id, /** @type {string[]} */ (s.value).includes(r.id)), r.label]))]),
  );
  byId('settings').replaceChildren(...fields, h('button', { type: 'submit' }, ['Save settings']), h('span', { id: 'settings-status', role: 'status' }));
}

/** @param {string} key @param {string} value @param {boolean} checked */
function checkbox(key, value, checked) {
  const input = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', name: key, value }));
  input.checked = checked;
  return input;
}

byId('settings').addEventListener('submit', async (e) => {
  e.preventDefault();
  /** @type {Record<string, boolean | string[]>} */
  const patch = {};
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (byId('settings').querySelectorAll('input[type=checkbox]'))) {
    if (input.value === '') patch[input.name] = input.checked;
    else patch[input.name] = [...(/** @type {string[]} */ (patch[input.name] ?? [])), ...(input.checked ? [input.value] : [])];
  }
  const status = byId('settings-status');
  try {
    await deputy('/api/settings', 'PATCH', patch);
    status.textContent = 'Saved.';
    await Promise.all([loadRecords(), loadAreas()]);
  } catch (error) {
    status.textContent = /** @type {Error} */ (error).message;
  }
});

for (const id of ['account', 'people']) selectOf(id).addEventListener('change', () => void apply());
selectOf('role-user').addEventListener('change', () => widget('deputy-role-picker').setAttribute('user', selectOf('role-user').value));

// An impersonation started or ended: the token changed; hand the new one to every widget.
window.addEventListener('deputy-impersonation-change', (e) => {
  const next = /** @type {CustomEvent<{ token?: string, expiresAt?: number }>} */ (/** @type {unknown} */ (e)).detail?.token;
  const expiresAt = /** @type {CustomEvent<{ expiresAt?: number }>} */ (/** @type {unknown} */ (e)).detail?.expiresAt;
  if (next && next !== token) {
    setToken(next);
    void host('/host/token', 'PUT', { token: next, ...(expiresAt ? { expiresAt } : {}) });
  }
  void loadPortal();
});
for (const type of ['deputy-role-change', 'deputy-user-change', 'deputy-share-change']) {
  window.addEventListener(type, () => void Promise.all([loadRoleUsers(), loadAreas(), loadRecords()]));
}

// ---- start ----------------------------------------------------------------------------------

config = await host('/host/config');
byId('api').textContent = config.api;
byId('demo-password').textContent = config.password;
inputOf('password').value = config.password;
selectOf('partner').replaceChildren(...config.partners.map((p) => h('option', { value: p.id }, [`${p.name} (${p.id})`])));
selectOf('partner').addEventListener('change', fillUsers);
fillUsers();
const me = await host('/host/me');
if (me.status === 'signed-in') await enter(me);
else showSignIn();

// The host backend mints a fresh token shortly before the current one expires.
setInterval(async () => {
  if (!token) return;
  const now = await host('/host/me');
  if (now.status === 'signed-in' && now.token !== token) setToken(now.token);
}, 60_000);
