import { describeReason, type Decision, type Reason } from '@deputy/core';
import { newId } from '../auth/crypto.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { Auth } from '../middleware/auth.js';
import type { AuditEntry, Change } from '../store/types.js';
import type { PartnerRuntime } from './partner.js';

/** A reason as the API sends it: the core's object plus its sentence. */
export type WireReason = Reason & { text: string };
export interface WireDecision {
  allowed: boolean;
  reasons: WireReason[];
}

/**
 * The core hands out frozen, shared reasons and decisions for answers that do not depend on state;
 * their wire form is kept per partner policy so the hot path (check, batch) builds it once.
 */
const wired = new WeakMap<PartnerRuntime['labels'], WeakMap<object, WireReason | WireDecision>>();

function cacheOf(p: PartnerRuntime): WeakMap<object, WireReason | WireDecision> {
  let cache = wired.get(p.labels);
  if (!cache) wired.set(p.labels, (cache = new WeakMap()));
  return cache;
}

function wireReason(p: PartnerRuntime, cache: WeakMap<object, WireReason | WireDecision>, r: Reason): WireReason {
  if (!Object.isFrozen(r)) return { ...r, text: describeReason(r, p.labels) };
  let w = cache.get(r) as WireReason | undefined;
  if (!w) cache.set(r, (w = { ...r, text: describeReason(r, p.labels) }));
  return w;
}

export function wireReasons(p: PartnerRuntime, reasons: Reason[]): WireReason[] {
  const cache = cacheOf(p);
  return reasons.map((r) => wireReason(p, cache, r));
}

export function wire(p: PartnerRuntime, d: Decision): WireDecision {
  if (!Object.isFrozen(d)) return { allowed: d.allowed, reasons: wireReasons(p, d.reasons) };
  const cache = cacheOf(p);
  let w = cache.get(d) as WireDecision | undefined;
  if (!w) cache.set(d, (w = { allowed: d.allowed, reasons: wireReasons(p, d.reasons) }));
  return w;
}

/**
 * The JSON text of `wire(p, d)`, byte for byte. Frozen (shared) reasons and decisions keep their
 * text per partner policy; a reason the core built for this request is serialised directly,
 * without first being copied into a new object.
 */
export function wireJson(p: PartnerRuntime, d: Decision): string {
  let cache = texts.get(p.labels);
  if (!cache) texts.set(p.labels, (cache = new WeakMap()));
  if (Object.isFrozen(d)) {
    let json = cache.get(d);
    if (json === undefined) cache.set(d, (json = decisionJson(p, cache, d)));
    return json;
  }
  return decisionJson(p, cache, d);
}

const texts = new WeakMap<PartnerRuntime['labels'], WeakMap<object, string>>();

function decisionJson(p: PartnerRuntime, cache: WeakMap<object, string>, d: Decision): string {
  let reasons = '';
  for (const r of d.reasons) {
    let json = Object.isFrozen(r) ? cache.get(r) : undefined;
    if (json === undefined) {
      // `{...r, text}` as JSON: r's own fields in order, then the sentence
      json = `${JSON.stringify(r).slice(0, -1)},"text":${JSON.stringify(describeReason(r, p.labels))}}`;
      if (Object.isFrozen(r)) cache.set(r, json);
    }
    reasons += reasons === '' ? json : `,${json}`;
  }
  return `{"allowed":${d.allowed},"reasons":[${reasons}]}`;
}

/** An audit entry for what the signed-in session did (or tried). */
export function auditOf(deps: Deps, auth: Auth, action: string, target: string | undefined, outcome: AuditEntry['outcome'], detail?: string): Change {
  const entry: AuditEntry = { id: newId('ev'), at: deps.clock.now(), actor: auth.row.actor, action, outcome };
  if (auth.row.subject) entry.subject = auth.row.subject;
  if (target !== undefined) entry.target = target;
  if (detail !== undefined) entry.detail = detail;
  return { op: 'audit.append', entry };
}

/**
 * Refuse a change that the core denied: record the attempt in the audit log, then throw 403 with
 * the reasons. `hide` answers 404 instead, for targets whose existence must not leak. Call it only
 * when denied (`if (!d.allowed) await refuse(...)`), so an allowed path has no await between its
 * checks and its commit.
 */
export async function refuse(deps: Deps, auth: Auth, d: Decision, action: string, target?: string, hide = false): Promise<never> {
  await deps.partners.commit(auth.partner.id, [auditOf(deps, auth, action, target, 'denied')]);
  if (hide) throw new ApiError('not_found', 'No such record.');
  const reasons = wireReasons(auth.partner, d.reasons);
  const why = reasons.map((r) => r.text).join(' ');
  throw new ApiError('forbidden', why ? `Not allowed. ${why}` : 'Not allowed.', undefined, reasons);
}

/** Commit changes together with their audit entry, acknowledged once durable. */
export function commitAudited(deps: Deps, auth: Auth, changes: Change[], action: string, target?: string, detail?: string): Promise<void> {
  return deps.partners.commit(auth.partner.id, [...changes, auditOf(deps, auth, action, target, 'allowed', detail)]);
}
