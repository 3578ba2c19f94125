/**
 * The five portals' journeys (issue 6), end to end: one Deputy server, the demo host page and one
 * Chromium with the extension for the whole file; a fresh page per journey. Each journey checks
 * what the UI shows and what the server then holds, and saves a screenshot to test/artifacts/.
 * Order matters only where the clock moves: the integrator portal's expiry journey runs last.
 */
import { afterAll, beforeAll } from 'vitest';
import { DeputyApi } from './harness/api.ts';
import { startStack, type Stack } from './harness/stack.ts';
import { clientSharingJourneys } from './journeys/client-sharing.ts';
import { integratorPortalJourneys } from './journeys/integrator-portal.ts';
import { memberPortalJourneys } from './journeys/member-portal.ts';
import { operatorPortalJourneys } from './journeys/operator-portal.ts';
import { partnerPortalJourneys } from './journeys/partner-portal.ts';
import type { World } from './journeys/world.ts';

const world = {} as World;

beforeAll(async () => {
  const stack: Stack = await startStack();
  Object.assign(world, { stack, deputy: new DeputyApi(stack.api, stack.host) });
});

afterAll(async () => {
  await world.stack?.stop();
});

operatorPortalJourneys(world);
memberPortalJourneys(world);
partnerPortalJourneys(world);
clientSharingJourneys(world);
integratorPortalJourneys(world);
