/**
 * Deputy's web components. Importing this module defines all four elements; import one of
 * `@deputy/elements/<name>` to define just that one.
 */
export { DeputyUserManager } from './user-manager/user-manager.js';
export { DeputyRolePicker } from './role-picker/role-picker.js';
export { DeputySharingPanel } from './sharing-panel/sharing-panel.js';
export { DeputyImpersonationBanner } from './impersonation-banner/impersonation-banner.js';
export { DeputyErrorEvent, type DeputyErrorDetail } from './events/deputy-error-event.js';
export { DeputyUserChangeEvent, type DeputyUserChangeDetail } from './events/deputy-user-change-event.js';
export { DeputyRoleChangeEvent, type DeputyRoleChangeDetail } from './events/deputy-role-change-event.js';
export { DeputyShareChangeEvent, type DeputyShareChangeDetail } from './events/deputy-share-change-event.js';
export { DeputyImpersonationChangeEvent, type DeputyImpersonationChangeDetail } from './events/deputy-impersonation-change-event.js';
export { strings, setStrings, type Strings } from './strings.js';
