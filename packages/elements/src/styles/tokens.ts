import { css } from 'lit';

const dark = css`
  color-scheme: dark;
  --_focus: var(--deputy-color-focus, #7aa2ff);
  --_surface: var(--deputy-color-surface, #17191c);
  --_surface-alt: var(--deputy-color-surface-alt, #22262b);
  --_text: var(--deputy-color-text, #eceef1);
  --_muted: var(--deputy-color-text-muted, #a7adb6);
  --_border: var(--deputy-color-border, #3b4149);
  --_accent: var(--deputy-color-accent, #7aa2ff);
  --_accent-text: var(--deputy-color-accent-text, #0b1020);
  --_danger: var(--deputy-color-danger, #ff8a7a);
  --_warning-bg: var(--deputy-color-warning-surface, #4a3500);
  --_warning-text: var(--deputy-color-warning-text, #ffe7a3);
  --_ok: var(--deputy-color-success, #6ee7b7);
`;

/**
 * The global design tokens. A host page sets `--deputy-*` properties (on `:root` or on the
 * element) to theme every widget; each widget reads them through private `--_*` properties.
 * Light and dark follow `prefers-color-scheme` unless the `theme` attribute says `light` or `dark`.
 */
export const tokens = css`
  :host {
    --_font: var(--deputy-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--deputy-font-size, 0.875rem);
    --_radius: var(--deputy-radius, 6px);
    --_space: var(--deputy-space, 0.5rem);
    --_focus: var(--deputy-color-focus, #2563eb);
    --_surface: var(--deputy-color-surface, #ffffff);
    --_surface-alt: var(--deputy-color-surface-alt, #f4f5f7);
    --_text: var(--deputy-color-text, #1c1e21);
    --_muted: var(--deputy-color-text-muted, #555b63);
    --_border: var(--deputy-color-border, #c9ced6);
    --_accent: var(--deputy-color-accent, #1d4ed8);
    --_accent-text: var(--deputy-color-accent-text, #ffffff);
    --_danger: var(--deputy-color-danger, #b42318);
    --_warning-bg: var(--deputy-color-warning-surface, #fff4ce);
    --_warning-text: var(--deputy-color-warning-text, #5c3c00);
    --_ok: var(--deputy-color-success, #067647);
    color-scheme: light;
    display: block;
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
`;
