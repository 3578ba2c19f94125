/** `pnpm --filter @deputy/demo-host run users`: the demo users' logins, per partner (printed by .ci/demo.sh). */
import { DEMO_PARTNERS, DEMO_PASSWORD } from './demo-partners.js';

console.log(`  Demo users (password ${DEMO_PASSWORD} for all):`);
for (const p of DEMO_PARTNERS) {
  console.log(`    ${p.id} — ${p.name}`);
  for (const u of p.users) console.log(`      ${u.login.padEnd(40)} ${u.role}`);
}
