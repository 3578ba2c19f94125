import type { World } from './world.ts';

export function clientSharingJourneys(_w: World): void {}
