import { css } from 'lit';

export const rolePickerStyles = css`
  fieldset {
    margin: 0;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  legend {
    font-weight: 600;
    padding: 0 0.25em;
  }
  .option {
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: var(--_space);
    align-items: start;
  }
  .option[aria-disabled='true'] .label {
    color: var(--_muted);
  }
  .label {
    font-weight: 500;
  }
  .description,
  .why {
    grid-column: 2;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .why {
    color: var(--deputy-role-picker-reason-color, var(--_danger));
  }
  .preview {
    margin-top: var(--_space);
    padding: var(--_space);
    background: var(--_surface-alt);
    border-radius: var(--_radius);
  }
  .preview h3 {
    margin: 0 0 0.25em;
    font-size: 1em;
  }
  .preview ul {
    margin: 0 0 0.25em;
    padding-left: 1.25em;
  }
  .gained {
    color: var(--_ok);
  }
  .lost {
    color: var(--_danger);
  }
  .footer {
    display: flex;
    gap: var(--_space);
    align-items: center;
    margin-top: var(--_space);
  }
`;
