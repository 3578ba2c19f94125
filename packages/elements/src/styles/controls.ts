import { css } from 'lit';

/** Buttons, fields, dialogs, badges, error boxes and reason tooltips shared by the widgets. */
export const controls = css`
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    padding: calc(var(--_space) * 0.5) var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-alt);
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  button.danger {
    color: var(--_danger);
  }
  button[aria-disabled='true'],
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  input,
  select {
    padding: calc(var(--_space) * 0.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  label {
    display: grid;
    gap: 2px;
  }
  .field-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: end;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .error {
    padding: var(--_space);
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    color: var(--_danger);
  }
  .badge {
    display: inline-block;
    padding: 0 0.5em;
    border-radius: 999px;
    border: 1px solid currentColor;
    font-size: 0.85em;
    white-space: nowrap;
  }
  .badge.active {
    color: var(--_ok);
  }
  .badge.locked,
  .badge.blocked,
  .badge.expired,
  .badge.disabled {
    color: var(--_danger);
  }
  .badge.invited {
    color: var(--_muted);
  }
  .guarded {
    position: relative;
    display: inline-block;
  }
  .reason {
    display: none;
    position: absolute;
    z-index: 2;
    top: calc(100% + 4px);
    left: 0;
    width: max-content;
    max-width: 22rem;
    padding: calc(var(--_space) * 0.75);
    border-radius: var(--_radius);
    background: var(--_text);
    color: var(--_surface);
    font-size: 0.85em;
    white-space: normal;
  }
  .guarded:hover .reason,
  .guarded:focus-within .reason {
    display: block;
  }
  dialog {
    max-width: min(36rem, 92vw);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }
  dialog form {
    display: grid;
    gap: var(--_space);
  }
  .dialog-actions {
    display: flex;
    justify-content: end;
    gap: var(--_space);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
