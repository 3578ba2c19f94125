import { css } from 'lit';

export const userManagerStyles = css`
  :host {
    --_row-height: var(--deputy-user-manager-row-height, 3.25rem);
  }
  [part='base'] {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: end;
  }
  .toolbar .grow {
    flex: 1 1 12rem;
  }
  .toolbar label.inline {
    display: flex;
    align-items: center;
    gap: 0.35em;
  }
  .list {
    height: var(--deputy-user-manager-height, 28rem);
    overflow: auto;
    border-top: 1px solid var(--_border);
  }
  .row {
    box-sizing: border-box;
    width: 100%;
    min-height: var(--_row-height);
    /* rows in the virtualizer's overscan, off screen, are neither laid out inside nor painted */
    content-visibility: auto;
    contain-intrinsic-size: auto var(--_row-height);
    display: grid;
    grid-template-columns: minmax(12rem, 2fr) minmax(6rem, 1fr) auto minmax(10rem, 3fr);
    gap: var(--_space);
    align-items: center;
    padding: calc(var(--_space) * 0.5) var(--_space);
    border-bottom: 1px solid var(--_border);
  }
  .who {
    display: grid;
    min-width: 0;
  }
  .who .hint,
  .roles {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .name {
    font-weight: 600;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    justify-content: end;
  }
  .actions button {
    padding: 0.15rem 0.5rem;
  }
  .empty {
    padding: var(--_space);
    color: var(--_muted);
  }
`;
