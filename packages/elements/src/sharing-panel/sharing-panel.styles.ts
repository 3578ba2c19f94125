import { css } from 'lit';

export const sharingPanelStyles = css`
  [part='base'] {
    display: grid;
    gap: calc(var(--_space) * 2);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  h2 {
    margin: 0 0 var(--_space);
    font-size: 1.05em;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: left;
    padding: calc(var(--_space) * 0.5);
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  .right {
    font-weight: 600;
    color: var(--deputy-sharing-panel-right-color, var(--_accent));
  }
  .none {
    color: var(--_muted);
  }
  .sign-in {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  ul.unavailable {
    margin: var(--_space) 0 0;
    padding-left: 1.25em;
    color: var(--_muted);
  }
`;
