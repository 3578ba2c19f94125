import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { commitAudited, refuse } from '../domain/guard.js';
import { decideAccountOp } from '../domain/operations.js';
import { ApiError } from '../errors.js';
import { requireSession, type Env } from '../middleware/auth.js';
import type { Change } from '../store/types.js';
import { body } from '../validation.js';
import type { PartnerRuntime } from '../domain/partner.js';

export const settingsBody = z.record(z.string().min(1).max(100), z.union([z.boolean(), z.array(z.string().min(1).max(200)).max(100)]));

function settingsOf(p: PartnerRuntime) {
  return Object.entries(p.cp.policy.settings).map(([key, def]) => ({ key, label: def.label, default: def.default, value: p.state.settings[key] ?? def.default }));
}

/** The partner's settings as its policy defines them (e.g. lead visibility by role, U5). */
export function settingsRoutes(deps: Deps) {
  return new Hono<Env>()
    .use(requireSession(deps))
    .get('/', (c) => {
      const { partner: p, session } = c.get('auth');
      const d = decideAccountOp(p.cp, p.dir, session, 'settings');
      if (!d.allowed) throw new ApiError('forbidden', 'Not allowed to view the settings.');
      return c.json({ settings: settingsOf(p) });
    })
    .patch('/', body(settingsBody), async (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      const input = c.req.valid('json');
      const d = decideAccountOp(p.cp, p.dir, auth.session, 'settings');
      if (!d.allowed) await refuse(deps, auth, d, 'settings.edit', 'partner');
      const changes: Change[] = [];
      for (const [key, value] of Object.entries(input)) {
        const def = Object.hasOwn(p.cp.policy.settings, key) ? p.cp.policy.settings[key] : undefined;
        if (!def) throw new ApiError('invalid', `Unknown setting ${key}.`, key);
        if (typeof def.default !== typeof value || Array.isArray(def.default) !== Array.isArray(value)) {
          throw new ApiError('invalid', `${key} must be ${Array.isArray(def.default) ? 'a list of role ids' : 'true or false'}.`, key);
        }
        if (Array.isArray(value)) {
          const unknown = value.find((r) => !p.cp.roles.has(r));
          if (unknown) throw new ApiError('invalid', `Unknown role ${unknown}.`, key);
        }
        changes.push({ op: 'setting.put', key, value });
      }
      await commitAudited(deps, auth, changes, 'settings.edit', 'partner', Object.keys(input).join(', '));
      return c.json({ settings: settingsOf(p) });
    });
}
