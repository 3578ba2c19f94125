import { css } from 'lit';

export const impersonationBannerStyles = css`
  :host {
    position: sticky;
    top: 0;
    z-index: var(--deputy-impersonation-banner-z-index, 1000);
  }
  [part='base'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    justify-content: space-between;
    padding: var(--_space) calc(var(--_space) * 2);
    background: var(--deputy-impersonation-banner-background, var(--_warning-bg));
    color: var(--deputy-impersonation-banner-color, var(--_warning-text));
    border-bottom: 3px solid currentColor;
    font-weight: 500;
  }
  .since {
    font-weight: 400;
  }
  button {
    border-color: currentColor;
    font-weight: 600;
  }
`;
